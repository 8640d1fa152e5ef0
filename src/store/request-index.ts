// Each person's requests, findable by a range read instead of a scan (the "intra-partition secondary
// index" of Table Storage's design guide). Beside every request row, in the same partition, each of
// its people (requester and target) has a copy:
//
//   RowKey  user~<user>~<newest-first time>~<request id>     indexOf, state, createdAt, data
//   RowKey  user~<user>~!                                    the user's marker: their index is complete
//
// - The copies are written in the same entity group transaction as the request row, whose ETag is
//   the compare-and-swap: a copy can never hold a version of the request that was not committed, and
//   two writers of one request are ordered by that ETag, so the copies are plain upserts.
// - The copies have no status / requesterId / targetId / handoverDueAt columns, so the listings that
//   filter on those never see them.
// - Requests stored before the index existed have no copies: a user's first listing finds no marker,
//   scans for their requests once, inserts the missing copies (insert only: a copy a writer made in
//   the meantime is newer and stays) and then the marker. An instance of the version before the index
//   that still writes during a rolling upgrade leaves that request's copies one change behind, until
//   its next change (the request row itself, which every decision reads, is always right).
import { storageKey } from './keys';

const INDEX = 'user~';

/** 13 digits that sort the newest first (milliseconds since 1970 subtracted from the largest 13-digit number). */
const NEWEST_FIRST_BASE = 9_999_999_999_999;

/** The instant of a stored ISO time, refused when it is not one (a request must sort by it). */
export function instantOf(iso: string, what: string): number {
  const ms = Date.parse(iso);
  if (!Number.isFinite(ms) || ms < 0 || ms > NEWEST_FIRST_BASE) throw new TypeError(`${what} "${iso}" is not a time`);
  return ms;
}

const newestFirstTime = (ms: number) => String(NEWEST_FIRST_BASE - ms).padStart(13, '0');

/**
 * The start of every key of this user's index. `~` in the user id is encoded too: otherwise user
 * "a" would own the keys of user "a~b".
 */
export function userIndexPrefix(userId: string): string {
  return `${INDEX}${storageKey(userId, 'user id').replace(/~/g, '%7E')}~`;
}

/** Past every key of the prefix: encoded ids hold no `~`, and what follows the prefix is a digit or `!`. */
export const prefixEnd = (prefix: string) => `${prefix}~`;

export const markerKey = (userId: string) => `${userIndexPrefix(userId)}!`;

export function indexKey(userId: string, request: { id: string; createdAt: string }): string {
  const ms = instantOf(request.createdAt, `request ${request.id} createdAt`);
  return `${userIndexPrefix(userId)}${newestFirstTime(ms)}~${storageKey(request.id, 'request id')}`;
}

/**
 * The first key past the requests created at or after `since`: newer requests have smaller
 * newest-first times, so they are exactly the keys below this one (the marker `!` too).
 */
export function sinceEnd(userId: string, since: string): string {
  const ms = instantOf(since, 'since');
  return `${userIndexPrefix(userId)}${String(NEWEST_FIRST_BASE - ms + 1).padStart(13, '0')}`;
}

/** The people a request is listed under: requester and target, once when they are the same. */
export const indexedUsers = (row: { requesterId: string; targetId: string }): string[] =>
  row.requesterId === row.targetId ? [row.requesterId] : [row.requesterId, row.targetId];
