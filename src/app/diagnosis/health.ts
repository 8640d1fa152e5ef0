// `health`: what TAP Desk can do in this tenant, capability by capability, for the help desk and admins
// (the same report /readyz gives a caller holding the readiness key). Ordinary users are refused: it describes the bot's permissions.
import { type Capability, type LicenceFacts, capabilityReport } from '../../domain/capabilities';
import type { UseCaseDeps } from '../kernel/deps';
import { type Problem, problem } from '../kernel/errors';
import { type FaceCheckReadiness, featureCapabilities } from '../../domain/feature-capabilities';
import type { VerifiedIdService } from '../kernel/ports';
import { access } from '../help-desk/access';

/** The Face Check as health sees it; its failure is its own (never thrown into the rest of the report). */
export async function faceCheckReadiness(service: VerifiedIdService | null | undefined): Promise<FaceCheckReadiness> {
  if (!service) return { configured: false };
  const status = await service.status().catch((error: unknown) => ({ ok: false as const, reason: String(error) }));
  return status.ok ? { configured: true, ok: true } : { configured: true, ok: false, reason: status.reason };
}

export type HealthOutcome = { kind: 'report'; capabilities: Capability[]; licences: LicenceFacts } | { kind: 'refused'; problem: Problem };

export async function health(deps: UseCaseDeps, actorId: string): Promise<HealthOutcome> {
  const allowed = await access(deps, actorId, null);
  if (!allowed.ok) return { kind: 'refused', problem: allowed.problem };
  if (!allowed.helpDesk) return { kind: 'refused', problem: problem('access.help-desk-only') };
  const [roles, licences, faceCheck] = await Promise.all([
    deps.directory.grantedPermissions(),
    deps.directory.licences(),
    faceCheckReadiness(deps.config.faceCheck ? deps.verifiedId : null),
  ]);
  const capabilities = [
    ...capabilityReport(roles, licences, deps.config.passIssuance, { refuseHighRisk: deps.config.refuseHighRisk }),
    ...featureCapabilities(roles, faceCheck),
  ];
  return { kind: 'report', capabilities, licences };
}
