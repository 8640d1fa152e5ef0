// @azure/data-tables failures → the store port's errors. Conflicts are mapped where they happen
// (a 404 means "absent" to get, "stale" to a compare-and-swap, "done" to delete); everything else
// becomes a StoreUnavailableError whose message and cause carry no account key, SAS or header.
import { StoreUnavailableError } from '../app/kernel/ports';

export function statusOf(error: unknown): number | undefined {
  const status = (error as { statusCode?: unknown } | null)?.statusCode;
  return typeof status === 'number' ? status : undefined;
}

/** 404 for an entity, as opposed to a missing table (which is a broken deployment, not "absent"). */
export function isMissingEntity(error: unknown): boolean {
  return statusOf(error) === 404 && codeOf(error) !== 'TableNotFound';
}

function codeOf(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && /^[A-Za-z0-9_.-]{1,64}$/.test(code) ? code : undefined;
}

const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ENOTFOUND',
  'EAI_AGAIN',
  'ETIMEDOUT',
  'EPIPE',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'REQUEST_SEND_ERROR',
]);

const isAbort = (error: unknown) => (error as { name?: unknown } | null)?.name === 'AbortError';

/** Strips anything secret-shaped from a library message before it is kept as a cause. */
export function redact(text: string): string {
  return text
    .replace(/(AccountKey|SharedAccessSignature)=[^;\s]*/gi, '$1=[redacted]')
    .replace(/([?&]sig=)[^&\s"']*/gi, '$1[redacted]')
    .replace(/(Authorization["']?\s*[:=]\s*["']?)[^"'\n,}]*/gi, '$1[redacted]');
}

function reasonOf(error: unknown): string {
  if (isAbort(error)) return 'no answer in time';
  const status = statusOf(error);
  const code = codeOf(error);
  if (status !== undefined) return `HTTP ${status}${code ? ` ${code}` : ''}`;
  if (code && NETWORK_CODES.has(code)) return `cannot connect (${code})`;
  return code ? `failed (${code})` : 'failed';
}

/**
 * @param where the endpoint as host[:port] (never the connection string)
 * @param what what was being done, e.g. `read request TAP-0042`
 */
export function unavailable(error: unknown, where: string, what: string): StoreUnavailableError {
  const message = error instanceof Error ? redact(error.message) : 'non-Error thrown';
  // A fresh, flat cause: the library's RestError holds the request (URL, headers) and is not ours to log.
  const cause = Object.assign(new Error(message), {
    name: error instanceof Error ? error.name : 'Error',
    ...(statusOf(error) !== undefined ? { statusCode: statusOf(error) } : {}),
    ...(codeOf(error) ? { code: codeOf(error) } : {}),
  });
  return new StoreUnavailableError(`Table Storage at ${where} could not ${what}: ${reasonOf(error)}`, { cause });
}
