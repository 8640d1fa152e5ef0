// Times and durations as people read them on a card. Cards show UTC with the zone said aloud:
// Teams has no per-user time zone for bots without an extra Graph call.
import { duration } from '../app';

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

export function formatTime(iso: string | Date | null): string {
  if (!iso) return 'never';
  const d = typeof iso === 'string' ? new Date(iso) : iso;
  if (Number.isNaN(d.getTime())) return 'unknown';
  const hh = String(d.getUTCHours()).padStart(2, '0');
  const mm = String(d.getUTCMinutes()).padStart(2, '0');
  return `${d.getUTCDate()} ${MONTHS[d.getUTCMonth()]} ${hh}:${mm} UTC`;
}

/** The domain's duration words (one rounding rule for the cards and the diagnosis). */
export function formatDuration(ms: number): string {
  return duration(ms);
}

/** "in 40 min" / "12 min ago". */
export function relative(iso: string, now: Date): string {
  const delta = new Date(iso).getTime() - now.getTime();
  return delta >= 0 ? `in ${formatDuration(delta)}` : `${formatDuration(delta)} ago`;
}

export function formatLifetime(minutes: number): string {
  return minutes % 60 === 0 ? `${minutes / 60} h` : formatDuration(minutes * 60_000);
}

/** Text cut to `max` characters with an ellipsis: bounds what a directory value can add to a card. */
export function clamp(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

/** At most `count` lines of at most `chars` characters: problem and warning lists on cards. */
export function clampLines(lines: readonly string[], count = 6, chars = 300): string[] {
  const shown = lines.slice(0, count).map((line) => clamp(line, chars));
  return lines.length > count ? [...shown, `and ${lines.length - count} more`] : shown;
}

/** A person as a choice: name, sign-in name and job, bounded for the card's size budget. */
export function personChoiceTitle(person: { displayName: string; userPrincipalName: string; jobTitle: string | null }): string {
  return clamp(`${person.displayName} (${person.userPrincipalName})${person.jobTitle ? ` · ${person.jobTitle}` : ''}`, 160);
}
