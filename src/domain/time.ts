// Instants as the rules handle them: ISO strings in records, milliseconds in comparisons.
// No clock here: "now" always comes in as an argument (ARCHITECTURE.md rule 3).

export const MINUTE_MS = 60_000;

/** Milliseconds since the epoch, or null for a missing or unreadable time. */
export function instant(iso: string | null | undefined): number | null {
  if (!iso) return null;
  const ms = Date.parse(iso);
  return Number.isNaN(ms) ? null : ms;
}

export function isoAt(ms: number): string {
  return new Date(ms).toISOString();
}

export function addMinutes(at: Date | string, minutes: number): string {
  const base = typeof at === 'string' ? Date.parse(at) : at.getTime();
  return isoAt(base + minutes * MINUTE_MS);
}

/** Whether `now` has reached the instant (an unreadable instant counts as reached: fail closed). */
export function reached(now: Date, iso: string): boolean {
  const at = instant(iso);
  return at === null || now.getTime() >= at;
}
