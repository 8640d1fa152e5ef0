// Small wording helpers for the diagnosis: humane durations, clock times, Conditional Access controls in
// plain words. Times are shown in UTC because the bot does not know the person's time zone.
import { instant } from '../time';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** "less than a minute", "12 min", "1 h 30 min", "23 h", "2 days". */
export function duration(ms: number): string {
  const abs = Math.abs(ms);
  if (abs < MINUTE) return 'less than a minute';
  if (abs < HOUR) return `${Math.round(abs / MINUTE)} min`;
  if (abs < 3 * HOUR) {
    const minutes = Math.round(abs / MINUTE);
    const h = Math.floor(minutes / 60);
    const m = minutes % 60;
    return m === 0 ? `${h} h` : `${h} h ${m} min`;
  }
  if (abs < 36 * HOUR) return `${Math.round(abs / HOUR)} h`;
  return `${Math.round(abs / DAY)} days`;
}

/** "2 h ago" / "in 23 h" relative to now; "" when the time is unreadable. */
export function relative(iso: string | null, now: Date): string {
  const at = instant(iso);
  if (at === null) return '';
  const diff = at - now.getTime();
  if (Math.abs(diff) < MINUTE) return 'just now';
  return diff < 0 ? `${duration(diff)} ago` : `in ${duration(diff)}`;
}

const WEEKDAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'] as const;
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'] as const;

const pad = (n: number) => String(n).padStart(2, '0');
const dayNumber = (ms: number) => Math.floor(ms / DAY);

/** "today at 09:00 UTC", "tomorrow at 09:00 UTC", "yesterday at …", else "on Tue 3 Jun at 09:00 UTC". */
export function clock(iso: string | null, now: Date): string {
  const at = instant(iso);
  if (at === null) return 'at an unknown time';
  const d = new Date(at);
  const time = `${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())} UTC`;
  const days = dayNumber(at) - dayNumber(now.getTime());
  if (days === 0) return `today at ${time}`;
  if (days === 1) return `tomorrow at ${time}`;
  if (days === -1) return `yesterday at ${time}`;
  return `on ${WEEKDAYS[d.getUTCDay()]} ${d.getUTCDate()} ${MONTHS[d.getUTCMonth()]} at ${time}`;
}

/** Just the time of day, for lists of sign-ins within the last 24 hours: "09:05 UTC". */
export function timeOfDay(iso: string | null): string {
  const at = instant(iso);
  if (at === null) return '--:--';
  const d = new Date(at);
  return `${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())} UTC`;
}

/** "a", "a and b", "a, b and c" (or "or"). */
export function joinWords(items: readonly string[], conjunction: 'and' | 'or' = 'and'): string {
  if (items.length <= 1) return items[0] ?? '';
  return `${items.slice(0, -1).join(', ')} ${conjunction} ${items[items.length - 1]}`;
}

export type GrantControl =
  | 'block'
  | 'mfa'
  | 'compliantDevice'
  | 'domainJoinedDevice'
  | 'approvedApplication'
  | 'compliantApplication'
  | 'passwordChange'
  | 'authenticationStrength'
  | 'termsOfUse'
  | 'other';

/**
 * Policies say `compliantDevice`, sign-in logs say `RequireCompliantDevice`: one name for both.
 * Unknown spellings become `other` and are shown as Graph wrote them.
 */
export function grantControl(raw: string): GrantControl {
  const key = raw.toLowerCase().replace(/^require/, '');
  switch (key) {
    case 'block':
      return 'block';
    case 'mfa':
    case 'multifactorauthentication':
      return 'mfa';
    case 'compliantdevice':
      return 'compliantDevice';
    case 'domainjoineddevice':
    case 'hybridazureadjoineddevice':
      return 'domainJoinedDevice';
    case 'approvedapp':
    case 'approvedapplication':
    case 'approvedclientapp':
      return 'approvedApplication';
    case 'compliantapp':
    case 'compliantapplication':
      return 'compliantApplication';
    case 'passwordchange':
      return 'passwordChange';
    case 'authenticationstrength':
    case 'authstrength':
      return 'authenticationStrength';
    case 'termsofuse':
      return 'termsOfUse';
    default:
      return 'other';
  }
}

const CONTROL_WORDS: Record<Exclude<GrantControl, 'block' | 'other'>, string> = {
  mfa: 'multifactor authentication (MFA)',
  compliantDevice: 'a compliant device',
  domainJoinedDevice: "a company PC joined to your organisation's domain",
  approvedApplication: 'an approved client app',
  compliantApplication: 'an app protected by an app protection policy',
  passwordChange: 'a password change',
  authenticationStrength: 'a stronger sign-in method',
  termsOfUse: 'accepting the terms of use',
};

/** "blocks access", "requires multifactor authentication (MFA)", "requires a compliant device or …". */
export function requirementWords(rawControls: readonly string[], operator: 'AND' | 'OR' = 'AND'): string {
  const controls = rawControls.map((raw) => ({ raw, control: grantControl(raw) }));
  if (controls.some((c) => c.control === 'block')) return 'blocks access';
  const words = controls.map(({ raw, control }) => (control === 'other' || control === 'block' ? raw : CONTROL_WORDS[control]));
  if (words.length === 0) return 'applies session rules only';
  return `requires ${joinWords(words, operator === 'OR' ? 'or' : 'and')}`;
}
