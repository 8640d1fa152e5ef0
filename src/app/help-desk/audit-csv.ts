// The audit log as CSV for a date range. Names and reasons are user input, so cells a spreadsheet would run
// as a formula are prefixed with a quote: csv-stringify's escape_formulas guards = + - @ tab CR and the
// full-width ＝ ＋ － ＠ that Excel and Numbers also read as operators; RFC 4180 quoting is the library's too.
import { stringify } from 'csv-stringify/sync';
import type { AuditEntry } from '../kernel/ports';

export const AUDIT_CSV_COLUMNS = [
  'at',
  'action',
  'actorId',
  'actorName',
  'targetUserId',
  'requestId',
  'outcome',
  'evidence',
  'details',
] as const;

/** The evidence an approval rested on, in a column of its own: "none" when the approver's word alone, empty when not an approval. */
function evidenceCell(details: AuditEntry['details']): string {
  const evidence = details.evidence;
  if (typeof evidence !== 'string') return '';
  return evidence === '' ? 'none' : evidence;
}

export function auditCsv(entries: AuditEntry[]): string {
  const rows = entries.map((e) => [
    e.at,
    e.action,
    e.actor?.id,
    e.actor?.displayName,
    e.targetUserId,
    e.requestId,
    e.outcome,
    evidenceCell(e.details),
    JSON.stringify(e.details),
  ]);
  // Every cell is a string (or empty), so a leading '-' is always guarded: escape_formulas spares only real numbers.
  // quote_record_delimiter: a chosen record_delimiter turns off quoting of cells holding a bare CR or LF; keep it on.
  return stringify([[...AUDIT_CSV_COLUMNS], ...rows], { escape_formulas: true, record_delimiter: 'windows', quote_record_delimiter: true });
}

export type Range = { ok: true; from: string; to: string } | { ok: false; message: string };

const DAY = 86_400_000;

/** "2026-11-01 2026-11-22" (inclusive days, UTC), or nothing for the last 7 days; at most 92 days. */
export function parseRange(argument: string, now: Date): Range {
  const parts = argument.trim().split(/\s+/).filter(Boolean);
  const today = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate());
  let from = today - 6 * DAY;
  let to = today;
  if (parts.length > 0) {
    const dates = parts.map((p) => (/^\d{4}-\d{2}-\d{2}$/.test(p) ? Date.parse(`${p}T00:00:00Z`) : NaN));
    if (parts.length > 2 || dates.some(Number.isNaN))
      return { ok: false, message: 'Give the dates as YYYY-MM-DD, e.g. export audit 2026-11-01 2026-11-22.' };
    from = dates[0] as number;
    to = (dates[1] ?? dates[0]) as number;
  }
  if (to < from) return { ok: false, message: 'The end date is before the start date.' };
  if (to - from > 91 * DAY) return { ok: false, message: 'Export at most 92 days at a time.' };
  return { ok: true, from: new Date(from).toISOString(), to: new Date(to + DAY).toISOString() };
}
