// Times and durations as people read them on a card. Cards show UTC with the zone said aloud:
// Teams has no per-user time zone for bots without an extra Graph call.
import { duration } from '../app/read-model';

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
