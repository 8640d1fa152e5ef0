// The help desk's daily commands: who is help desk, find a person, status, pending, revoke, audit.
// Anything about someone else is refused to ordinary users, with the reason.
import type { IssuerFacts, TapFact, UserFact } from '../../domain/facts';
import { Roles } from '../../domain/facts';
import type { PersonRef, TapRequest } from '../../domain/request-types';
import { canIssue, requiredRoleFor } from '../../domain/issuer-rules';
import { type AuditEntry, DirectoryError } from '../kernel/ports';
import { type Problem, problem } from '../kernel/errors';
import type { UseCaseDeps } from '../kernel/deps';
import { auditEvent } from '../kernel/audit';
import { personOf, toProblem } from '../kernel/shared';
import { endSessions, type SessionsOutcome } from '../requests/own-pass';
import { withRequestId } from '../../log-context';

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
    }).catch(() => undefined);
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
  return { user, requests, pass };
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
  | { kind: 'revoked'; user: PersonRef; pass: TapFact; sessions: SessionsOutcome }
  | { kind: 'no-pass'; user: PersonRef }
  | { kind: 'refused'; problem: Problem };

export type RevokeReview = { kind: 'may-revoke'; user: PersonRef; pass: TapFact } | Exclude<RevokeOutcome, { kind: 'revoked' }>;

/** Whether this agent may delete this person's pass now (the same role rules as issuing one), and the pass. */
export async function reviewRevoke(deps: UseCaseDeps, actorId: string, userId: string): Promise<RevokeReview> {
  const facts = await deps.directory.decisionFacts({ targetId: userId, actorId });
  if (!facts.target || !facts.actor) return { kind: 'refused', problem: problem('target.not-found', { query: userId }) };
  const target = personOf(facts.target.user);
  const allowed = canIssue(facts.actor, facts.target, '');
  if (!allowed.ok) return { kind: 'refused', problem: allowed.error };
  const pass = (await deps.directory.listPasses(userId))[0];
  return pass ? { kind: 'may-revoke', user: target, pass } : { kind: 'no-pass', user: target };
}

/**
 * Deletes a person's pass, and on request ends their sessions. Delegated mode: with the agent's own token (they
 * signed in for this click), so Entra applies its role rules to them as to an approver; application mode: the app's.
 */
export async function revoke(
  deps: UseCaseDeps,
  actor: { id: string; name: string },
  userId: string,
  options: { endSessions?: boolean } = {},
): Promise<RevokeOutcome> {
  const review = await reviewRevoke(deps, actor.id, userId);
  if (review.kind !== 'may-revoke') return review;
  const { user: target, pass } = review;
  const writer = deps.config.passIssuance === 'delegated' ? deps.approverSessions?.writerFor(actor.id) : deps.directory;
  if (!writer) return { kind: 'refused', problem: problem('sso.signin-again') };
  // A pass TAP Desk issued belongs to a request: the revocation joins that request's trail.
  const issuedBy = await requestThatIssued(deps, userId, pass.id);
  const work = async (): Promise<RevokeOutcome> => {
    try {
      await writer.deletePass(userId, pass.id);
    } catch (error) {
      if (error instanceof DirectoryError && error.kind === 'refused') {
        return { kind: 'refused', problem: problem('graph.delete-refused', { code: error.graphCode ?? 'unknown' }) };
      }
      return { kind: 'refused', problem: toProblem(error) };
    }
    const sessions = options.endSessions ? await endSessions(writer, userId, deps.logger) : 'not-asked';
    await auditEvent(deps, {
      action: 'pass.revoked',
      actor: { id: actor.id, displayName: actor.name },
      targetUserId: userId,
      requestId: issuedBy?.id ?? null,
      outcome: 'ok',
      details: {
        passId: pass.id,
        createdDateTime: pass.createdDateTime,
        sessions,
        rights: deps.config.passIssuance === 'delegated' ? 'own' : 'app',
      },
    });
    deps.logger.info({ targetUserId: userId, passId: pass.id, sessions }, 'pass revoked');
    return { kind: 'revoked', user: target, pass, sessions };
  };
  return issuedBy ? withRequestId(issuedBy.id, work) : work();
}

/** Best effort: a pass made outside TAP Desk, or storage being down, just leaves the id out. */
async function requestThatIssued(deps: UseCaseDeps, userId: string, passId: string): Promise<{ id: string; approverId: string } | null> {
  try {
    const requests = await deps.stores.requests.listByUser(userId);
    const found = requests.find((r) => r.status === 'issued' && r.issued.id === passId);
    return found?.status === 'issued' ? { id: found.id, approverId: found.approval.by.id } : null;
  } catch {
    return null;
  }
}

export async function auditTrail(deps: UseCaseDeps, subject: { requestId: string } | { userId: string }): Promise<AuditEntry[]> {
  const entries =
    'requestId' in subject ? await deps.stores.audit.listByRequest(subject.requestId) : await deps.stores.audit.listByUser(subject.userId);
  return entries.sort((a, b) => a.at.localeCompare(b.at));
}
