// One shape for every audit record about a request: who, what, for whom, when, how identity was
// verified, which role and scope allowed it. Never the pass.
import type { PersonRef, TapRequest } from '../../domain/request-types';
import type { UseCaseDeps } from './deps';
import type { AuditEntry } from './ports';

/** Every action an audit record may name: the audit trail's vocabulary, in one place. */
export type AuditAction =
  | 'request.filed'
  | 'request.refused'
  | 'request.approved'
  | 'request.denied'
  | 'request.cancelled'
  | 'request.expired'
  | 'decision.refused'
  | 'pass.issued'
  | 'pass.failed'
  | 'pass.refused-by-entra'
  | 'pass.settled'
  | 'pass.handed-over'
  | 'pass.method-registered'
  | 'pass.revoked'
  | 'pass.reported-not-me'
  | 'pass.removed-by-holder'
  /** The target's manager: asked in Teams (outcome ok or unreachable), confirmed, said not them, or a click that did not count. */
  | 'identity.manager-asked'
  | 'identity.manager-confirmed'
  | 'identity.manager-not-them'
  | 'identity.manager-refused'
  /** A Verified ID Face Check: asked (ok or unreachable: no chat), refused before asking, opened in Authenticator, its result,
   * or a result that came too late to change anything. */
  | 'identity.face-check-asked'
  | 'identity.face-check-refused'
  | 'identity.face-check-opened'
  | 'identity.face-check-passed'
  | 'identity.face-check-below-threshold'
  | 'identity.face-check-declined'
  | 'identity.face-check-failed'
  | 'identity.face-check-late'
  | 'help-desk.refused'
  | 'audit.exported'
  | 'diagnosis.run'
  | 'diagnosis.escalated'
  | 'settings.approvals-channel'
  | 'activity.refused';

export async function auditRequest(
  deps: Pick<UseCaseDeps, 'stores' | 'clock'>,
  request: TapRequest,
  action: AuditAction,
  actor: Pick<PersonRef, 'id' | 'displayName'> | null,
  outcome: string,
  extra: Record<string, string | null> = {},
): Promise<void> {
  const approval = 'approval' in request ? request.approval : null;
  await deps.stores.audit.append({
    at: deps.clock.now().toISOString(),
    action,
    actor: actor ? { id: actor.id, displayName: actor.displayName } : null,
    targetUserId: request.target.id,
    requestId: request.id,
    outcome,
    details: {
      ...extra,
      approver: approval?.by.id ?? null,
      approverName: approval?.by.displayName ?? null,
      verification: approval?.verification ?? null,
      verificationNote: approval?.verificationNote ?? null,
      // The evidence the approval rested on (domain/evidence.ts), space-separated; '' none; null: no approval, or one from before.
      evidence: approval?.evidence?.join(' ') ?? null,
      role: approval?.authority.roleTemplateId ?? null,
      scope: approval ? (approval.authority.scope.kind === 'tenant' ? '/' : `/administrativeUnits/${approval.authority.scope.id}`) : null,
      // The name the help desk reads beside the id an admin may need to copy.
      scopeName: approval?.authority.scope.kind === 'administrativeUnit' ? (approval.authority.scope.displayName ?? null) : null,
    },
  });
}

/** Any other audited event (settings, refusals, exports, revocations): stamped with the clock here. */
export async function auditEvent(
  deps: Pick<UseCaseDeps, 'stores' | 'clock'>,
  entry: Omit<AuditEntry, 'at' | 'action'> & { action: AuditAction },
): Promise<void> {
  await deps.stores.audit.append({ at: deps.clock.now().toISOString(), ...entry });
}
