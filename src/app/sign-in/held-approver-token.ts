// Delegated issuance: a held approver token is only as good as the role behind it. When the live check
// finds the approver holds no issuing role at all, the token this instance holds for them is dropped, so
// nothing (a sweep, a revoke) can still write with it; Graph refusing it (401/403) drops it too (graph side).
import type { UseCaseDeps } from '../kernel/deps';

/** Refusals meaning the approver holds no active issuing role at all (not merely one too low for this target). */
const NO_ISSUING_ROLE: ReadonlySet<string> = new Set(['issuer.no-role', 'issuer.role-eligible-only', 'issuer.disabled']);

export function dropTokenIfNoIssuingRole(deps: UseCaseDeps, approverId: string, refusalCodes: readonly string[]): void {
  if (!refusalCodes.some((code) => NO_ISSUING_ROLE.has(code))) return;
  const writer = deps.approverSessions?.writerFor(approverId);
  if (!writer) return;
  writer.forget();
  deps.logger.info({ approverId }, 'approver token dropped: the live check found no issuing role');
}
