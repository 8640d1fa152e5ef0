// The help desk's commands as outcomes the Teams side renders: status of a person or request, pending,
// revoke, audit trail and export, "This wasn't me", and the admin's "approvals here". Every access
// check and audit record is made here, not in the adapter.
import type { UserFact } from '../../domain/facts';
import { type RequestView, viewOf } from '../kernel/request-view';
import { Roles } from '../../domain/facts';
import { type Problem, problem } from '../kernel/errors';
import type { UseCaseDeps } from '../kernel/deps';
import type { AuditEntry } from '../kernel/ports';
import type { Actor } from '../kernel/actor';
import { auditEvent } from '../kernel/audit';
import { auditCsv, parseRange } from './audit-csv';
import {
  access,
  auditTrail,
  lookUp,
  pending,
  revoke,
  reviewRevoke,
  userStatus,
  type PendingItem,
  type RevokeOutcome,
  type RevokeReview,
  type UserStatus,
} from './access';

/** Asked about someone else by someone who may not: the reason, shown as is. */
export type Refused = { kind: 'refused'; problem: Problem };

/** A request by id, for someone involved in it or the help desk. */
export async function requestStatus(deps: UseCaseDeps, actor: Actor, id: string): Promise<RequestStatusOutcome> {
  const stored = await deps.stores.requests.get(id.toUpperCase());
  if (!stored) return { kind: 'refused', problem: problem('request.not-found', { id }) };
  const involved = stored.value.requester.id === actor.id || stored.value.target.id === actor.id;
  if (!involved) {
    const allowed = await access(deps, actor.id, stored.value.target.id);
    if (!allowed.ok) return { kind: 'refused', problem: allowed.problem };
  }
  return { kind: 'found', request: viewOf(stored.value) };
}

/** Whom a help-desk command is about: a typed UPN, name or id (looked up), or an id from a pick list or card. */
export type Subject = { query: string } | { userId: string };
export type RequestStatusOutcome = { kind: 'found'; request: RequestView } | Refused;
export type PersonStatusOutcome = PersonChoice | Refused | { kind: 'status'; status: UserStatus };
export type DiagnosisSubjectOutcome = PersonChoice | Refused | { kind: 'person'; id: string; name: string };
export type PendingOutcome = { kind: 'pending'; items: PendingItem[]; total: number } | Refused;
export type ClaimOutcome = { kind: 'claimed' } | { kind: 'refused' };
/** A typed person matched no one, or several (the help desk picks one). */
export type PersonChoice = { kind: 'none'; problem: Problem } | { kind: 'choose'; candidates: UserFact[] };

async function resolve(deps: UseCaseDeps, subject: Subject): Promise<PersonChoice | { kind: 'user'; id: string; user: UserFact | null }> {
  if ('userId' in subject) return { kind: 'user', id: subject.userId, user: null };
  const found = await lookUp(deps, subject.query);
  return found.kind === 'found' ? { kind: 'user', id: found.user.id, user: found.user } : found;
}

/** A person's requests and live pass, for themselves or the help desk. */
export async function statusOfPerson(deps: UseCaseDeps, actor: Actor, subject: Subject): Promise<PersonStatusOutcome> {
  const who = await resolve(deps, subject);
  if (who.kind !== 'user') return who;
  const allowed = await access(deps, actor.id, who.id);
  if (!allowed.ok) return { kind: 'refused', problem: allowed.problem };
  const users = await deps.directory.findUsers(who.id, 1);
  if (!users[0]) return { kind: 'refused', problem: problem('target.not-found', { query: who.id }) };
  return { kind: 'status', status: await userStatus(deps, users[0]) };
}

/** Someone whose sign-in the actor may check (themselves, or anyone for the help desk). */
export async function diagnosisSubject(deps: UseCaseDeps, actor: Actor, subject: Subject): Promise<DiagnosisSubjectOutcome> {
  const who = await resolve(deps, subject);
  if (who.kind !== 'user') return who;
  const allowed = await access(deps, actor.id, who.id);
  if (!allowed.ok) return { kind: 'refused', problem: allowed.problem };
  const name = who.user?.displayName ?? (await deps.directory.findUsers(who.id, 1))[0]?.displayName ?? who.id;
  return { kind: 'person', id: who.id, name };
}

/** Deletes a person's pass: the same role rules as issuing one (help-desk.ts revoke). */
export async function revokePass(
  deps: UseCaseDeps,
  actor: Actor,
  subject: Subject,
  options: { endSessions?: boolean } = {},
): Promise<PersonChoice | RevokeOutcome> {
  const who = await resolve(deps, subject);
  if (who.kind !== 'user') return who;
  const outcome = await revoke(deps, actor, who.id, options);
  // Best effort: the pass is gone whether or not the person could be told.
  if (outcome.kind === 'revoked')
    await deps.notifier
      .passRevoked?.(outcome.user.id, actor.name)
      .catch((error: unknown) => deps.logger.warn({ err: error }, 'revoke notice not sent'));
  return outcome;
}

/** Whether this agent may revoke this person's pass now, before anything is asked of them (a sign-in, a click). */
export async function revokeReview(deps: UseCaseDeps, actor: Actor, subject: Subject): Promise<PersonChoice | RevokeReview> {
  const who = await resolve(deps, subject);
  if (who.kind !== 'user') return who;
  return reviewRevoke(deps, actor.id, who.id);
}

async function helpDeskOnly(deps: UseCaseDeps, actor: Actor): Promise<Refused | null> {
  const allowed = await access(deps, actor.id, null);
  return !allowed.ok || !allowed.helpDesk ? { kind: 'refused', problem: problem('access.help-desk-only') } : null;
}

/** One page of the open requests (`offset`, `limit`), with how many there are in all. */
export async function pendingRequests(deps: UseCaseDeps, actor: Actor, page?: { offset: number; limit: number }): Promise<PendingOutcome> {
  return (await helpDeskOnly(deps, actor)) ?? { kind: 'pending', ...(await pending(deps, page)) };
}

export type AuditOutcome = { kind: 'trail'; subject: string; entries: AuditEntry[] } | { kind: 'choose'; candidates: UserFact[] } | Refused;

/** The audit trail of a request (by id) or of a person (by UPN, name or id). */
export async function auditOf(deps: UseCaseDeps, actor: Actor, subject: { requestId: string } | { query: string }): Promise<AuditOutcome> {
  if ('requestId' in subject) {
    const found = await requestStatus(deps, actor, subject.requestId);
    if (found.kind === 'refused') return found;
    const allowed = await access(deps, actor.id, found.request.target.id === actor.id ? actor.id : found.request.target.id);
    if (!allowed.ok) return { kind: 'refused', problem: allowed.problem };
    return { kind: 'trail', subject: found.request.id, entries: await auditTrail(deps, { requestId: found.request.id }) };
  }
  const person = await lookUp(deps, subject.query);
  if (person.kind === 'none') return { kind: 'refused', problem: person.problem };
  if (person.kind === 'choose') return { kind: 'choose', candidates: person.candidates };
  const allowed = await access(deps, actor.id, person.user.id);
  if (!allowed.ok) return { kind: 'refused', problem: allowed.problem };
  return { kind: 'trail', subject: person.user.displayName, entries: await auditTrail(deps, { userId: person.user.id }) };
}

/**
 * The file goes to the person's OneDrive in one PUT after they accept it (Teams' file consent); one
 * upload request must stay well under OneDrive's 60 MiB, and a bigger export should narrow the range.
 */
const MAX_EXPORT_BYTES = 10_000_000;

export type ExportOutcome =
  | Refused
  | { kind: 'bad-range'; message: string }
  | { kind: 'too-large'; entries: number }
  | { kind: 'file'; name: string; csv: string; entries: number; from: string; to: string };

/**
 * The audit log as CSV for a date range (help desk only), to offer as a file. Nothing is audited yet:
 * the export is audited when the file is delivered (exportAuditFile).
 */
export async function exportAudit(deps: UseCaseDeps, actor: Actor, argument: string): Promise<ExportOutcome> {
  const range = parseRange(argument, deps.clock.now());
  if (!range.ok) {
    const refused = await helpDeskOnly(deps, actor);
    return refused ?? { kind: 'bad-range', message: range.message };
  }
  return auditFile(deps, actor, range.from, range.to);
}

/**
 * The same CSV again when the person accepted the file (on whichever instance the accept lands; nothing
 * is held between offer and accept), checked again and audited as exported. `from` and `to` come back
 * from the consent card, so they are checked like typed input.
 */
export async function exportAuditFile(deps: UseCaseDeps, actor: Actor, from: string, to: string): Promise<ExportOutcome> {
  const day = /^\d{4}-\d{2}-\d{2}T00:00:00\.000Z$/;
  const span = Date.parse(to) - Date.parse(from);
  if (!day.test(from) || !day.test(to) || !(span > 0 && span <= 92 * 86_400_000)) {
    const refused = await helpDeskOnly(deps, actor);
    return refused ?? { kind: 'bad-range', message: 'That file offer is not valid any more. Say "export audit" again.' };
  }
  const file = await auditFile(deps, actor, from, to);
  if (file.kind !== 'file') return file;
  await auditEvent(deps, {
    action: 'audit.exported',
    actor: { id: actor.id, displayName: actor.name },
    targetUserId: null,
    requestId: null,
    outcome: 'ok',
    details: { from, to, entries: file.entries },
  });
  return file;
}

async function auditFile(deps: UseCaseDeps, actor: Actor, from: string, to: string): Promise<ExportOutcome> {
  const refused = await helpDeskOnly(deps, actor);
  if (refused) return refused;
  const entries = await deps.stores.audit.listRange(from, to);
  const csv = auditCsv(entries);
  if (Buffer.byteLength(csv) > MAX_EXPORT_BYTES) return { kind: 'too-large', entries: entries.length };
  const name = `tap-desk-audit-${from.slice(0, 10)}-to-${new Date(Date.parse(to) - 1).toISOString().slice(0, 10)}.csv`;
  return { kind: 'file', name, csv, entries: entries.length, from, to };
}

const ISSUING = new Set<string>([
  Roles.globalAdministrator,
  Roles.privilegedAuthenticationAdministrator,
  Roles.authenticationAdministrator,
]);

/**
 * "approvals here": only an active tenant-wide issuing admin may choose where approval cards go.
 * `remember` stores the channel (the Teams side's conversation store); the choice is audited.
 */
export async function claimApprovalsChannel(
  deps: UseCaseDeps,
  actor: Actor,
  conversationId: string,
  remember: () => Promise<void>,
): Promise<ClaimOutcome> {
  const facts = await deps.directory.decisionFacts({ targetId: actor.id, actorId: actor.id });
  const active = (facts.actor?.activeRoles ?? []).some((r) => ISSUING.has(r.roleTemplateId) && r.scope.kind === 'tenant');
  if (!active) return { kind: 'refused' };
  await remember();
  await auditEvent(deps, {
    action: 'settings.approvals-channel',
    actor: { id: actor.id, displayName: actor.name },
    targetUserId: null,
    requestId: null,
    outcome: 'ok',
    details: { conversationId: conversationId.split(';messageid=')[0] ?? null },
  });
  return { kind: 'claimed' };
}

/** An activity refused before any handler (not Teams, or another tenant): audited, best effort. */
export async function refuseActivity(
  deps: UseCaseDeps,
  actor: Actor | null,
  reason: 'channel' | 'tenant',
  details: { channelId: string; tenantId: string; type: string },
): Promise<void> {
  deps.logger.warn({ channelId: details.channelId, reason }, 'activity refused');
  await auditEvent(deps, {
    action: 'activity.refused',
    actor: actor ? { id: actor.id, displayName: actor.name } : null,
    targetUserId: null,
    requestId: null,
    outcome: reason === 'channel' ? 'channel.not-teams' : 'tenant.foreign',
    details,
  }).catch((error: unknown) => deps.logger.error({ err: error }, 'could not audit a refused activity'));
}
