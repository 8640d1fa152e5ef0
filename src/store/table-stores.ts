// The store ports over Azure Table Storage (Azurite locally). Every state change is a create-only
// insert (409 → 'exists') or an ETag compare-and-swap (412 → 'stale'); a service that cannot be
// reached, answers 5xx or does not answer in time is a StoreUnavailableError.
//
// A write whose answer is lost and that the SDK then retries can come back as a conflict although
// it landed (409 on our own insert, 412 on our own update). That errs on the safe side: the caller
// believes it lost and does nothing more, rather than two callers both believing they won.
import type { Stores } from '../app/kernel/ports';
import { TableAuditLog } from './audit-table';
import type { OnCorrupt } from './corrupt-rows';
import { TableCounterStore } from './counter-table';
import { tableName } from './keys';
import { TableKeyValueStore } from './kv-table';
import { TableRequestStore } from './request-table';
import { DEFAULT_TIMEOUTS, type TableConnection, type TableTimeouts, openTables } from './table-client';

export interface TableStoreOptions extends TableConnection {
  /** Letters and digits, starting with a letter; tables are `<prefix>requests`, `<prefix>audit`, ... */
  tablePrefix?: string;
  /** A row that cannot be read is skipped by listings and reported here (get() fails closed instead). */
  onCorrupt?: OnCorrupt;
  timeouts?: Partial<TableTimeouts>;
}

export const DEFAULT_TABLE_PREFIX = 'tapdesk';

/** The table names for a prefix; refuses a prefix that would make an invalid name. */
export function tableNames(prefix: string = DEFAULT_TABLE_PREFIX) {
  return {
    requests: tableName(prefix, 'requests'),
    audit: tableName(prefix, 'audit'),
    counters: tableName(prefix, 'counters'),
    kv: tableName(prefix, 'kv'),
  };
}

/** Opens the stores and creates their tables if missing (so start-up fails here when storage is down). */
export async function createTableStores(options: TableStoreOptions): Promise<Stores> {
  const timeouts = { ...DEFAULT_TIMEOUTS, ...options.timeouts };
  const tables = openTables(options, tableNames(options.tablePrefix), timeouts);
  await Promise.all(Object.values(tables).map((table) => table.ensure()));
  return {
    requests: new TableRequestStore(tables.requests, options.onCorrupt),
    audit: new TableAuditLog(tables.audit, options.onCorrupt),
    counters: new TableCounterStore(tables.counters),
    kv: new TableKeyValueStore(tables.kv, options.onCorrupt),
    ping: () => tables.requests.ping(),
  };
}
