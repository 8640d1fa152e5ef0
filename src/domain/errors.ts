// Coded errors of the rules: values, never thrown. Words for people are made in one place
// (teams/texts.ts, ARCHITECTURE.md rule 5); params carry what that place needs for a precise message.
export type ErrorCode =
  // The request and its state (request.ts)
  /** decide() on no request with anything but `file`. */
  | 'request.not-found'
  /** The command does not apply in this state. params: status, command. */
  | 'request.not-pending'
  /** Past its expiry. params: expiresAt. */
  | 'request.expired'
  /** `expire` before the request is due. params: expiresAt. */
  | 'request.not-expired'
  /** A command with a value no request can have (e.g. a waiting time that is not a positive number). params: field. */
  | 'request.invalid'
  /** `file` on a request that already exists. params: status. */
  | 'request.already-decided'
  /** `remind` after a reminder was already sent. params: reminderSentAt. */
  | 'request.already-reminded'
  /** `remind` before half the waiting time has passed. params: dueAt. */
  | 'request.reminder-not-due'
  /** The requester may not ask for this target: only the service desk or the target's manager may. */
  | 'request.not-allowed-for-others'
  /** Only the requester or the target may cancel. */
  | 'request.cancel-not-allowed'
  /** A deny without a reason, or a request with reason `other` and no text. params: field. */
  | 'request.reason-required'
  /** Approve with verification `other` and no note. params: verification. */
  | 'request.verification-required'
  /** The target's manager said "Not them": no approval until the help desk has dealt with it (deny or cancel). params: manager. */
  | 'request.held-not-them'
  /**
   * The evidence policy wants more than this approval has (evidence.ts). params: targetClass, count, independent (the rule),
   * held (kinds, comma-separated), more, moreIndependent (still wanted), open (kinds that could still be added).
   */
  | 'request.evidence-needed'
  // The manager's confirmation (request.ts managerAnswer)
  /** The clicker is not the target's manager in the directory now (a live read). */
  | 'manager.not-manager'
  /** The manager could not be read now, so no click counts. */
  | 'manager.unreadable'
  /** The request's manager was never asked (no manager, or filed before managers were asked). */
  | 'manager.not-asked'
  /** The same answer again, or "Confirm" after "Not them" (only the help desk releases a held request). params: state. */
  | 'manager.already-answered'
  // A Verified ID Face Check (face-check.ts)
  /** It passed already: asking again could only replace evidence with something weaker. */
  | 'face-check.already-passed'
  /** No Face Check is waiting for this answer (none asked, or it was replaced by a newer one). */
  | 'face-check.not-asked'
  /** The Face Check was answered already. params: state. */
  | 'face-check.already-answered'
  /** Only the requester reveals a pass delivered to the requester. */
  | 'reveal.not-requester'
  /** `hand-over` on a pass already handed over. params: handedOverAt. */
  | 'request.already-handed-over'
  /** Only the person the pass was shown to says it is handed over. */
  | 'handover.not-holder'
  /** The sweeper's hand-over before its time. params: dueAt. */
  | 'handover.not-due'
  // Once its job is done (pass-follow-up.ts)
  /** The offer to remove the pass was already made (and is not stale). params: offeredAt. */
  | 'follow-up.already-offered'
  /** No method registered after the pass was seen, so there is no offer to act on. */
  | 'follow-up.not-offered'
  /** params: removedAt. */
  | 'follow-up.already-removed'
  /** Only the person the pass is for removes it from the offer. */
  | 'follow-up.not-holder'
  // Who may issue (issuer-rules.ts)
  /** The approver asked for the pass (requester ≠ approver). */
  | 'issuer.self-approval'
  /** The approver is the person the pass is for (approver ≠ target). */
  | 'issuer.is-target'
  /** The approver's account is disabled. */
  | 'issuer.disabled'
  /** No Authentication Administrator, Privileged Authentication Administrator or Global Administrator role, active or eligible. */
  | 'issuer.no-role'
  /** Only a PIM-eligible assignment would serve: activate it. params: role (template id), scope ('/' or AU id), unit (AU name, if AU-scoped). */
  | 'issuer.role-eligible-only'
  /**
   * A tenant-wide Authentication Administrator, but the target needs more. params: neededRole (template id of
   * Privileged Authentication Administrator), heldRole, reason ('admin-role' | 'role-assignable-group' |
   * 'restricted-au-role' | 'unreadable-au-role' | 'group-eligibility-unreadable'), targetRoles (role names,
   * when reason is admin-role or an AU role), units (unit names, restricted-au-role), unitIds,
   * groups (role-assignable group names, when reason is role-assignable-group), assignment ('active' | 'eligible').
   */
  | 'issuer.role-too-low'
  /** AU-scoped role, target not in that unit. params: units (names), unitIds, assignment. */
  | 'issuer.out-of-scope'
  /** AU-scoped role, target in the unit but an admin (or in a role-assignable group). params: units, unitIds, reason, assignment. */
  | 'issuer.au-scope-admin-target'
  /** Target in a restricted-management AU: TAP Desk cannot issue at all. params: units (names), unitIds — who can help is an admin assigned to those units. */
  | 'issuer.restricted-au'
  /** The facts given are not those of the approver who acts (a wiring fault; fail closed). */
  | 'issuer.facts-mismatch'
  // The person the pass is for (eligibility.ts)
  | 'target.not-found'
  /** The facts given are not those of the request's target (a wiring fault; fail closed). */
  | 'target.facts-mismatch'
  | 'target.disabled'
  /** params: reason ('invitation' | 'self-service-sign-up' | 'federated-identity'). */
  | 'target.external-guest'
  | 'target.policy-disabled'
  | 'target.not-in-policy'
  /** params: via ('user' | 'group'), groupId and group (name) when via a group. */
  | 'target.excluded-by-policy'
  /** params: riskLevel, riskState. */
  | 'target.high-risk'
  /** REFUSE_HIGH_RISK is on and the risk could not be read. params: reason ('permission' | 'unavailable'), need (the permission, when known). */
  | 'target.risk-unreadable'
  // The pass asked for (eligibility.ts)
  /** params: min, max, requested. */
  | 'pass.lifetime-out-of-bounds'
  | 'pass.multi-use-not-allowed'
  /** params: startDateTime. */
  | 'pass.start-in-past'
  /** params: startDateTime. */
  | 'pass.start-invalid';

export type ErrorParams = Record<string, string | number>;

export interface DomainError {
  code: ErrorCode;
  params?: ErrorParams;
}

export type Result<T> = { ok: true; value: T } | { ok: false; error: DomainError };

export const ok = <T>(value: T): Result<T> => ({ ok: true, value });

/** A refusal; params whose value is undefined are left out so the message falls back cleanly. */
export const fail = <T = never>(code: ErrorCode, params?: Record<string, string | number | undefined>): Result<T> => ({
  ok: false,
  error: domainError(code, params),
});

export function domainError(code: ErrorCode, params?: Record<string, string | number | undefined>): DomainError {
  const kept = Object.entries(params ?? {}).filter((entry): entry is [string, string | number] => entry[1] !== undefined);
  return kept.length > 0 ? { code, params: Object.fromEntries(kept) } : { code };
}
