// Which Bot Connector failures to retry: Teams documents 429 (with Retry-After) and 412, 502 and 504 as
// transient, to be retried with exponential backoff; a network failure or another 5xx is retried too.
// A 400, 401, 403, 404 or 413 will not change by sending again (the bot was removed, the card is gone,
// the payload is too large). https://learn.microsoft.com/en-us/microsoftteams/platform/bots/how-to/rate-limit
import type { FailureVerdict } from '../app';

const FINAL = new Set([400, 401, 403, 404, 413]);

export function statusOf(error: unknown): number | null {
  const e = error as { statusCode?: unknown; response?: { status?: unknown } } | null;
  const status = e?.statusCode ?? e?.response?.status;
  return typeof status === 'number' ? status : null;
}

/** Retry-After in seconds or as an HTTP date, in milliseconds. */
export function retryAfterMs(error: unknown, now: number = Date.now()): number | null {
  const headers = (error as { response?: { headers?: { get?: (name: string) => string | undefined } } } | null)?.response?.headers;
  const value = typeof headers?.get === 'function' ? headers.get('retry-after') : undefined;
  if (!value) return null;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const date = Date.parse(value);
  return Number.isNaN(date) ? null : Math.max(0, date - now);
}

export function classifyConnectorError(error: unknown): FailureVerdict {
  const status = statusOf(error);
  return { retry: status === null || !FINAL.has(status), afterMs: status === 429 ? retryAfterMs(error) : null };
}
