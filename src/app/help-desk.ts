// The help desk's daily commands: who is help desk, find a person, status, pending, revoke, audit.
// Anything about someone else is refused to ordinary users, with the reason.
import type { IssuerFacts, TapFact, UserFact } from '../domain/facts';
import { Roles } from '../domain/facts';
import type { PersonRef, TapRequest } from '../domain/request-types';
import { canIssue, requiredRoleFor } from '../domain/issuer-rules';
import { type AuditEntry, DirectoryError } from './ports';
import { type Problem, problem } from './errors';
import type { UseCaseDeps } from './deps';
import { auditEvent } from './audit';
import { personOf, toProblem } from './shared';
import { withRequestId } from '../log-context';

/** Roles whose holders may look at anyone (read-only) in TAP Desk. */
const HELP_DESK_ROLES = new Set<string>([
  Roles.globalAdministrator,
  Roles.privilegedAuthenticationAdministrator,
  Roles.authenticationAdministrator,
  Roles.helpdeskAdministrator,
  Roles.globalReader,
]);

export function isHelpDesk(actor: IssuerFacts, serviceDeskGroupId: string | null): boolean {
  return (
    (serviceDeskGroupId !== null && actor.groupIds.includes(serviceDeskGroupId)) ||
    actor.activeRoles.some((r) => HELP_DESK_ROLES.has(r.roleTemplateId) && r.scope.kind === 'tenant')
  );
}

export type Lookup = { kind: 'found'; user: UserFact } | { kind: 'choose'; candidates: UserFact[] } | { kind: 'none'; problem: Problem };

/** A person by UPN, id or name; several matches ask which one. */
export async function lookUp(deps: UseCaseDeps, query: string): Promise<Lookup> {
  const found = await deps.directory.findUsers(query, 6);
  if (found.length === 0) return { kind: 'none', problem: problem('target.not-found', { query }) };
  const exact = found.filter((u) => u.userPrincipalName.toLowerCase() === query.toLowerCase() || u.id === query.toLowerCase());
  if (exact.length === 1) return { kind: 'found', user: exact[0] as UserFact };
  if (found.length === 1) return { kind: 'found', user: found[0] as UserFact };
  return { kind: 'choose', candidates: found };
}

export type Access = { ok: true; actor: IssuerFacts; helpDesk: boolean } | { ok: false; problem: Problem };

/** Whether the actor may ask about `subjectId` (themselves always; others only the help desk). */
export async function access(deps: UseCaseDeps, actorId: string, subjectId: string | null): Promise<Access> {
  const actor = await deps.directory.actorFacts(actorId);
  const helpDesk = isHelpDesk(actor, deps.config.serviceDeskGroupId);
  if (subjectId !== null && subjectId !== actorId && !helpDesk) {
    await auditEvent(deps, {
        action: 'help-desk.refused',
        actor: { id: actorId, displayName: actor.user.displayName },
        targetUserId: subjectId,
        requestId: null,
        outcome: 'access.help-desk-only',
        details: {},
      })
      .catch(() => undefined);
    return { ok: false, problem: problem('access.help-desk-only') };
  }
  return { ok: true, actor, helpDesk };
}

export interface UserStatus {
  user: UserFact;
  requests: TapRequest[];
  /** Live from Graph; never the value. Null when the person holds no pass. */
  pass: { known: true; value: TapFact | null } | { known: false; problem: Problem };
}

export async function userStatus(deps: UseCaseDeps, user: UserFact): Promise<UserStatus> {
  const [requests, pass] = await Promise.all([
    deps.stores.requests.listByUser(user.id),
    deps.directory.listPasses(user.id).then(
      (passes) => ({ known: true as const, value: passes[0] ?? null }),
      (error: unknown) => ({ known: false as const, problem: toProblem(error) }),
    ),
  ]);
  return { user, requests: requests.map((r) => r.value), pass };
}

export interface PendingItem {
  request: TapRequest;
  ageMinutes: number;
  needs: ReturnType<typeof requiredRoleFor> | 'unknown';
}

/**
 * The open requests, oldest first, one page of them with the directory's "who may approve" read for
 * that page only (a long queue costs no Graph read per request beyond the page shown).
 */
export async function pending(
  deps: UseCaseDeps,
  page: { offset: number; limit: number } = { offset: 0, limit: Infinity },
): Promise<{ items: PendingItem[]; total: number }> {
  const open = (await deps.stores.requests.listByStatus(['pending'])).map(({ value }) => value);
  const now = deps.clock.now().getTime();
  const oldestFirst = open.sort((a, b) => a.createdAt.localeCompare(b.createdAt) || a.id.localeCompare(b.id));
  const shown = oldestFirst.slice(page.offset, page.offset + page.limit);
  const items = await Promise.all(
    shown.map(async (value) => {
      let needs: PendingItem['needs'] = 'unknown';
      try {
        const facts = await deps.directory.decisionFacts({ targetId: value.target.id });
        if (facts.target) needs = requiredRoleFor(facts.target);
      } catch (error) {
        if (!(error instanceof DirectoryError)) throw error;
      }
      return { request: value, ageMinutes: Math.round((now - new Date(value.createdAt).getTime()) / 60_000), needs };
    }),
  );
  return { items, total: open.length };
}

export type RevokeOutcome =
  | { kind: 'revoked'; user: PersonRef; pass: TapFact }
  | { kind: 'no-pass'; user: PersonRef }
  | { kind: 'refused'; problem: Problem };

/** Deletes a person's pass: the same role rules as issuing one. */
export async function revoke(deps: UseCaseDeps, actorId: string, userId: string, why: 'help-desk' | 'not-me'): Promise<RevokeOutcome> {
  const facts = await deps.directory.decisionFacts({ targetId: userId, actorId });
  if (!facts.target || !facts.actor) return { kind: 'refused', problem: problem('target.not-found', { query: userId }) };
  const target = personOf(facts.target.user);
  // "This wasn't me" is the target acting on their own pass: always allowed, and the point of the button.
  if (why === 'help-desk') {
    const allowed = canIssue(facts.actor, facts.target, '');
    if (!allowed.ok) return { kind: 'refused', problem: allowed.error };
  }
  const passes = await deps.directory.listPasses(userId);
  const pass = passes[0];
  if (!pass) return { kind: 'no-pass', user: target };
  const actor = facts.actor;
  // A pass TAP Desk issued belongs to a request: the revocation joins that request's trail.
  const issuedBy = await requestThatIssued(deps, userId, pass.id);
  // Delegated mode, where the app may hold no TAP write permission: an admin revokes with their own held
  // token; "This wasn't me" with the token of the admin who issued the pass, while this instance holds it.
  const revoker = why === 'help-desk' ? actorId : issuedBy?.approverId;
  const writer = (revoker ? deps.approverSessions?.writerFor(revoker) : null) ?? deps.directory;
  const work = async (): Promise<RevokeOutcome> => {
    await writer.deletePass(userId, pass.id);
    await auditEvent(deps, {
      action: why === 'not-me' ? 'pass.reported-not-me' : 'pass.revoked',
      actor: { id: actorId, displayName: actor.user.displayName },
      targetUserId: userId,
      requestId: null,
      outcome: 'ok',
      details: { passId: pass.id, createdDateTime: pass.createdDateTime },
    });
    deps.logger.info({ targetUserId: userId, passId: pass.id, why }, 'pass revoked');
    return { kind: 'revoked', user: target, pass };
  };
  return issuedBy ? withRequestId(issuedBy.id, work) : work();
}

/** Best effort: a pass made outside TAP Desk, or storage being down, just leaves the id out. */
async function requestThatIssued(deps: UseCaseDeps, userId: string, passId: string): Promise<{ id: string; approverId: string } | null> {
  try {
    const requests = await deps.stores.requests.listByUser(userId);
    const found = requests.find((r) => r.value.status === 'issued' && r.value.issued.id === passId)?.value;
    return found?.status === 'issued' ? { id: found.id, approverId: found.approval.by.id } : null;
  } catch {
    return null;
  }
}

export async function auditTrail(deps: UseCaseDeps, subject: { requestId: string } | { userId: string }): Promise<AuditEntry[]> {
  const entries = 'requestId' in subject ? await deps.stores.audit.listByRequest(subject.requestId) : await deps.stores.audit.listByUser(subject.userId);
  return entries.sort((a, b) => a.at.localeCompare(b.at));
}
