// What a store does with a stored row it cannot read: a listing skips it and reports it (one bad row
// must not hide every open request from the sweeper); a direct read fails closed.
import { StoreUnavailableError } from '../app/kernel/ports';

export interface CorruptRow {
  /** Which store: `requests`, `audit` or `kv`. */
  store: string;
  /** The row's key as the caller knows it (request id, `partition/key`, audit row key). */
  key: string;
  /** Why it was refused, without the row's content. */
  reason: string;
}

export type OnCorrupt = (row: CorruptRow) => void;

/**
 * A row that exists but cannot be read. A StoreUnavailableError, so that the use cases fail closed
 * ("storage is unavailable") instead of treating the row as absent and writing over it.
 */
export class CorruptRowError extends StoreUnavailableError {
  constructor(readonly row: CorruptRow) {
    super(`Stored ${row.store} row ${row.key} cannot be read: ${row.reason}`);
    this.name = 'CorruptRowError';
  }
}

/** Calls the reporter without letting its failure break a read. */
export function reportCorrupt(onCorrupt: OnCorrupt | undefined, row: CorruptRow): void {
  try {
    onCorrupt?.(row);
  } catch {
    // A broken reporter must not turn a skipped row into a failed listing.
  }
}
