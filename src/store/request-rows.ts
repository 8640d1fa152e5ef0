// A TapRequest as a stored row (the whole request as JSON plus the columns the listings filter
// on), and back. Shared by the Table Storage store and the in-memory twin so both accept, refuse
// and order the same things.
import type { Versioned } from '../app/kernel/ports';
import { REQUEST_STATUSES, type RequestStatus, type TapRequest } from '../domain/request-types';
import { awaitingHandover } from '../domain/request';
import { storageKey, storedJson } from './keys';
import { instantOf } from './request-index';

export interface RequestRow {
  id: string;
  status: string;
  requesterId: string;
  targetId: string;
  createdAt: string;
  expiresAt: string;
  /** Only while an issued pass waits for its hand-over: what the sweeper looks for. */
  handoverDueAt?: string;
  data: string;
}

function requireText(value: unknown, what: string): string {
  if (typeof value !== 'string' || value.length === 0) throw new TypeError(`request ${what} must be a non-empty string`);
  return value;
}

/** Refuses a request that could not be found again by id, status or person (a programming error). */
export function toRequestRow(request: TapRequest): RequestRow {
  storageKey(request?.id, 'request id');
  if (!REQUEST_STATUSES.includes(request.status)) throw new TypeError(`request status "${String(request.status)}" is not a known status`);
  // Each person's index sorts by it (request-index.ts).
  instantOf(requireText(request.createdAt, 'createdAt'), `request ${request.id} createdAt`);
  return {
    id: request.id,
    status: request.status,
    requesterId: requireText(request.requester?.id, 'requester id'),
    targetId: requireText(request.target?.id, 'target id'),
    createdAt: requireText(request.createdAt, 'createdAt'),
    expiresAt: requireText(request.expiresAt, 'expiresAt'),
    ...(awaitingHandover(request) && request.handoverDueAt ? { handoverDueAt: request.handoverDueAt } : {}),
    data: storedJson(request, `request ${request.id}`),
  };
}

export type ReadRow = { ok: true; request: TapRequest } | { ok: false; reason: string };

/** The stored JSON must be an object whose id and status agree with the row's key and status column. */
export function fromRequestRow(row: { id: string; status: unknown; data: unknown }): ReadRow {
  if (typeof row.data !== 'string') return { ok: false, reason: 'no data column' };
  let parsed: unknown;
  try {
    parsed = JSON.parse(row.data);
  } catch {
    return { ok: false, reason: 'data is not JSON' };
  }
  if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) return { ok: false, reason: 'data is not an object' };
  const request = parsed as Partial<TapRequest>;
  if (!REQUEST_STATUSES.includes(request.status as RequestStatus)) return { ok: false, reason: 'unknown status in data' };
  if (request.status !== row.status) return { ok: false, reason: 'status column and data disagree' };
  if (request.id !== row.id) return { ok: false, reason: 'id and data disagree' };
  if (typeof request.createdAt !== 'string' || typeof request.requester?.id !== 'string' || typeof request.target?.id !== 'string') {
    return { ok: false, reason: 'data lacks requester, target or createdAt' };
  }
  return { ok: true, request: request as TapRequest };
}

/** Code-unit order, as Table Storage compares strings (localeCompare would follow a locale's collation). */
export const compareText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

const byCreatedThenId = (a: TapRequest, b: TapRequest) => compareText(a.createdAt, b.createdAt) || compareText(a.id, b.id);

/** listByStatus: oldest first (the queue the help desk works through). */
export const oldestFirst = (rows: Versioned<TapRequest>[]) => rows.sort((a, b) => byCreatedThenId(a.value, b.value));

/** listByUser: newest first (what the port promises). */
export const newestFirst = (requests: TapRequest[]) => requests.sort((a, b) => byCreatedThenId(b, a));

export function isHandoverDue(row: Pick<RequestRow, 'status' | 'handoverDueAt'>, now: string): boolean {
  return row.status === 'issued' && typeof row.handoverDueAt === 'string' && compareText(row.handoverDueAt, now) <= 0;
}

export function isForUser(row: Pick<RequestRow, 'requesterId' | 'targetId' | 'createdAt'>, userId: string, since?: string): boolean {
  if (row.requesterId !== userId && row.targetId !== userId) return false;
  // As instants, the way the table store's index bounds them (request-index.ts).
  return since === undefined || instantOf(row.createdAt, 'createdAt') >= instantOf(since, 'since');
}

/** A listing's `limit`: a whole number ≥ 1, or none. */
export function checkLimit(limit: number | undefined): number | undefined {
  if (limit !== undefined && (!Number.isInteger(limit) || limit < 1))
    throw new RangeError(`limit must be a whole number ≥ 1, not ${limit}`);
  return limit;
}
