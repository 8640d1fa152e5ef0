// An audit entry as stored columns, and back; the checks every entry passes before it is written.
// Shared by the Table Storage audit log and the in-memory twin.
import type { AuditEntry } from '../app/kernel/ports';
import { storageKey, storedJson } from './keys';

/** Exactly Date.prototype.toISOString(): fixed width, so text order is time order. */
const ISO_UTC = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

export interface AuditColumns {
  at: string;
  action: string;
  outcome: string;
  /** Flat details as JSON. */
  details: string;
  actorId?: string;
  actorName?: string;
  targetUserId?: string;
  requestId?: string;
}

function text(value: unknown, what: string): string {
  if (typeof value !== 'string' || value.length === 0) throw new TypeError(`audit ${what} must be a non-empty string`);
  return value;
}

function flatDetails(details: unknown): AuditEntry['details'] {
  if (!details || typeof details !== 'object' || Array.isArray(details)) throw new TypeError('audit details must be an object');
  const out: AuditEntry['details'] = {};
  for (const [name, value] of Object.entries(details)) {
    // Dropped as JSON.stringify would drop it, so both stores keep the same thing.
    if (value === undefined) continue;
    const flat =
      value === null || typeof value === 'string' || typeof value === 'boolean' || (typeof value === 'number' && Number.isFinite(value));
    if (!flat) throw new TypeError(`audit detail "${name}" must be a string, a finite number, a boolean or null`);
    out[name] = value as string | number | boolean | null;
  }
  return out;
}

/** Refuses an entry that could not be found again by time, request or person (a programming error). */
export function toAuditColumns(entry: AuditEntry): AuditColumns {
  const at = text(entry?.at, 'time');
  if (!ISO_UTC.test(at) || Number.isNaN(Date.parse(at)))
    throw new TypeError(`audit time must be an ISO 8601 UTC time like 2025-01-31T12:00:00.000Z, not "${at}"`);
  if (entry.actor !== null && (typeof entry.actor !== 'object' || typeof entry.actor.id !== 'string' || !entry.actor.id)) {
    throw new TypeError('audit actor must be null or have a non-empty id');
  }
  if (entry.actor?.displayName !== undefined && typeof entry.actor.displayName !== 'string')
    throw new TypeError('audit actor displayName must be a string');
  // Each of these becomes part of a partition key in Table Storage, so each must make a valid key.
  if (entry.actor) storageKey(entry.actor.id, 'audit actor id');
  if (entry.targetUserId !== null) storageKey(entry.targetUserId, 'audit targetUserId');
  if (entry.requestId !== null) storageKey(entry.requestId, 'audit requestId');
  const columns: AuditColumns = {
    at,
    action: text(entry.action, 'action'),
    outcome: text(entry.outcome, 'outcome'),
    details: storedJson(flatDetails(entry.details), 'audit details'),
  };
  if (entry.actor) columns.actorId = entry.actor.id;
  if (entry.actor?.displayName !== undefined) columns.actorName = entry.actor.displayName;
  if (entry.targetUserId !== null) columns.targetUserId = entry.targetUserId;
  if (entry.requestId !== null) columns.requestId = entry.requestId;
  return columns;
}

export type ReadAudit = { ok: true; entry: AuditEntry } | { ok: false; reason: string };

const optional = (value: unknown): string | null => (typeof value === 'string' && value.length > 0 ? value : null);

export function fromAuditColumns(row: Record<string, unknown>): ReadAudit {
  if (typeof row.at !== 'string' || typeof row.action !== 'string' || typeof row.outcome !== 'string')
    return { ok: false, reason: 'missing time, action or outcome' };
  let details: unknown;
  try {
    details = JSON.parse(typeof row.details === 'string' ? row.details : '');
  } catch {
    return { ok: false, reason: 'details are not JSON' };
  }
  if (!details || typeof details !== 'object' || Array.isArray(details)) return { ok: false, reason: 'details are not an object' };
  const actorId = optional(row.actorId);
  return {
    ok: true,
    entry: {
      at: row.at,
      action: row.action,
      actor: actorId ? { id: actorId, ...(typeof row.actorName === 'string' ? { displayName: row.actorName } : {}) } : null,
      targetUserId: optional(row.targetUserId),
      requestId: optional(row.requestId),
      outcome: row.outcome,
      details: details as AuditEntry['details'],
    },
  };
}

/** The people an entry is about: its actor and its target, once each. */
export function auditUsers(columns: Pick<AuditColumns, 'actorId' | 'targetUserId'>): string[] {
  return [...new Set([columns.actorId, columns.targetUserId].filter((id): id is string => typeof id === 'string'))];
}

/** listRange: from <= at < to, compared as text like Table Storage does. */
export const inRange = (at: string, from: string, to: string) => at >= from && at < to;
