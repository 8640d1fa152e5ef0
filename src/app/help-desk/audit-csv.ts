// The audit log as CSV for a date range. Cells that a spreadsheet would run as a formula
// (=, +, -, @, tab, CR) are prefixed with a quote, since names and reasons are user input.
// Hand-written on purpose: RFC 4180 quoting is a few lines, and the formula guard, the part that
// matters, is one CSV libraries leave to the caller; a production dependency would add nothing.
import type { AuditEntry } from '../kernel/ports';

export const AUDIT_CSV_COLUMNS = ['at', 'action', 'actorId', 'actorName', 'targetUserId', 'requestId', 'outcome', 'details'] as const;

function cell(value: string | null | undefined): string {
  let text = value ?? '';
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function auditCsv(entries: AuditEntry[]): string {
  const rows = entries.map((e) =>
    [e.at, e.action, e.actor?.id, e.actor?.displayName, e.targetUserId, e.requestId, e.outcome, JSON.stringify(e.details)]
      .map(cell)
      .join(','),
  );
  return [AUDIT_CSV_COLUMNS.join(','), ...rows].join('\r\n') + '\r\n';
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
