// Delegated issuance: Entra refused the approver's own create although TAP Desk's pre-check allowed it.
// Nothing was made, so the request goes back to pending (another approver Entra allows may approve it),
// the approver reads Entra's reason, and the disagreement is logged as a rule drift worth a look:
// either TAP Desk's rules miss something Entra enforces (PIM, restricted-management units, custom
// roles) or the facts changed between the check and the create. Never a token in the line.
import type { IssuingRequest } from '../../domain/request-types';
import { type RequestView, viewOf } from '../kernel/request-view';
import { type ApproverWriter, DirectoryError, type Versioned } from '../kernel/ports';
import { type Problem, problem } from '../kernel/errors';
import type { UseCaseDeps } from '../kernel/deps';
import { writeDecision } from '../kernel/write';
import { auditRequest } from '../kernel/audit';

export const RULE_DRIFT_MESSAGE = 'rule drift: Entra refused a pass TAP Desk allowed';

/** A refusal of the approver by Entra (403), or of their token (401): the request must not fail for it. */
export function isApproverRefusal(error: unknown): error is DirectoryError {
  return error instanceof DirectoryError && (error.status === 403 || error.status === 401);
}

/** Entra's own words, without our "Could not …:" prefix. */
function entraReason(error: DirectoryError): string {
  return error.message.replace(/^Could not [^:]*: /, '').slice(0, 300);
}

export async function refusedByEntra(
  deps: UseCaseDeps,
  claimed: Versioned<IssuingRequest>,
  writer: ApproverWriter,
  error: DirectoryError,
): Promise<{ kind: 'refused'; request: RequestView; problem: Problem }> {
  const request = claimed.value;
  const tokenRefused = error.status === 401;
  if (tokenRefused) writer.forget();
  const code = tokenRefused ? 'sso.signin-again' : 'entra.refused';
  if (!tokenRefused) {
    deps.logger.warn(
      {
        requestId: request.id,
        approverId: writer.approverId,
        targetId: request.target.id,
        graphStatus: error.status,
        graphCode: error.graphCode,
        tapDeskAuthority: request.approval.authority,
      },
      RULE_DRIFT_MESSAGE,
    );
  }
  const back = await writeDecision(deps, claimed, { type: 'issue-refused', code });
  await auditRequest(deps, request, 'pass.refused-by-entra', request.approval.by, error.graphCode ?? code).catch(() => undefined);
  const cause = tokenRefused
    ? problem('sso.signin-again')
    : problem('entra.refused', { reason: entraReason(error), code: error.graphCode ?? String(error.status) });
  return { kind: 'refused', request: viewOf(back.ok ? back.stored.value : back.current), problem: cause };
}
