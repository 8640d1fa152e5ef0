// @azure/data-tables failures → the store port's errors. Never carries the account key or the
// connection string into a message.
import { StoreConflictError, StoreUnavailableError } from '../app/ports';

export function statusOf(error: unknown): number | undefined {
  return typeof (error as { statusCode?: unknown })?.statusCode === 'number' ? (error as { statusCode: number }).statusCode : undefined;
}

export function mapTableError(error: unknown, key: string): Error {
  const status = statusOf(error);
  if (status === 409) return new StoreConflictError('exists', key);
  if (status === 412) return new StoreConflictError('stale', key);
  const code = (error as { code?: unknown })?.code;
  return new StoreUnavailableError(`Table Storage failed${status ? ` (${status})` : typeof code === 'string' ? ` (${code})` : ''}`, { cause: error });
}

/** Azure Table keys may not hold / \ # ? or control characters. */
export function safeKey(key: string): string {
  return key.replace(/[/\\#?\u0000-\u001f\u007f-\u009f%]/g, (c) => `%${c.charCodeAt(0).toString(16).padStart(2, '0')}`);
}
