// `health`: what TAP Desk can do in this tenant, capability by capability, for the help desk and admins
// (the same report /readyz gives a caller holding the readiness key). Ordinary users are refused: it describes the bot's permissions.
import { type Capability, type LicenceFacts, capabilityReport } from '../../domain/capabilities';
import type { UseCaseDeps } from '../kernel/deps';
import { type Problem, problem } from '../kernel/errors';
import { access } from '../help-desk/access';

export type HealthOutcome = { kind: 'report'; capabilities: Capability[]; licences: LicenceFacts } | { kind: 'refused'; problem: Problem };

export async function health(deps: UseCaseDeps, actorId: string): Promise<HealthOutcome> {
  const allowed = await access(deps, actorId, null);
  if (!allowed.ok) return { kind: 'refused', problem: allowed.problem };
  if (!allowed.helpDesk) return { kind: 'refused', problem: problem('access.help-desk-only') };
  const [roles, licences] = await Promise.all([deps.directory.grantedPermissions(), deps.directory.licences()]);
  const capabilities = capabilityReport(roles, licences, deps.config.passIssuance, { refuseHighRisk: deps.config.refuseHighRisk });
  return { kind: 'report', capabilities, licences };
}
