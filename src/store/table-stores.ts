// The store port over Azure Table Storage (Azurite locally). Every state change is a create-only
// insert (409 → 'exists') or an ETag compare-and-swap replace (412 → 'stale').
//
// Layout: requests in one partition keyed by id, with status/requester/target/created columns for
// the help desk's filters (a few thousand open and recent requests: server-side filters are enough);
// the audit log keyed by time + random suffix (range scans), append-only; counters and small keyed
// records each in their own table.
import { type TableEntityResult, TableClient, TableServiceClient, odata } from '@azure/data-tables';
import type { TokenCredential } from '@azure/core-auth';
import type { AuditEntry, AuditLog, CounterStore, KeyValueStore, RequestStore, Stores, Versioned } from '../app/ports';
import { StoreConflictError } from '../app/ports';
import type { RequestStatus, TapRequest } from '../domain/request-types';
import { REQUEST_STATUSES } from '../domain/request-types';
import { mapTableError, safeKey, statusOf } from './table-errors';

type Row = TableEntityResult<Record<string, unknown>>;

export interface TableStoreOptions {
  /** A connection string (Azurite, or keys), or an account URL with an Entra credential (managed identity). */
  connectionString?: string;
  accountUrl?: string;
  credential?: TokenCredential;
  tablePrefix: string;
  /** A row whose data cannot be read is skipped (and reported here) instead of failing a listing. */
  onCorrupt?: (table: string, key: string) => void;
}

/** http is allowed for a loopback endpoint (Azurite) only. */
const clientOptions = (endpoint: string) => ({
  allowInsecureConnection: /(TableEndpoint=|^)http:\/\/(127\.0\.0\.1|localhost)[:/]/i.test(endpoint),
  retryOptions: { maxRetries: 2, retryDelayInMs: 200, maxRetryDelayInMs: 1000 },
});

function etagOf(row: { etag?: string }): string {
  return row.etag ?? '';
}

async function guarded<T>(key: string, action: () => Promise<T>): Promise<T> {
  try {
    return await action();
  } catch (error) {
    throw mapTableError(error, key);
  }
}

async function collect(iterator: AsyncIterable<Row>): Promise<Row[]> {
  const rows: Row[] = [];
  for await (const row of iterator) rows.push(row);
  return rows;
}

class TableRequestStore implements RequestStore {
  constructor(
    private readonly table: TableClient,
    private readonly onCorrupt: (key: string) => void,
  ) {}

  private entity(request: TapRequest) {
    return {
      partitionKey: 'request',
      rowKey: request.id,
      data: JSON.stringify(request),
      status: request.status,
      requesterId: request.requester.id,
      targetId: request.target.id,
      createdAt: request.createdAt,
      expiresAt: request.expiresAt,
    };
  }

  private read(row: Row): Versioned<TapRequest> | null {
    try {
      const value = JSON.parse(String(row.data)) as TapRequest;
      if (!value || typeof value !== 'object' || !REQUEST_STATUSES.includes(value.status) || value.id !== row.rowKey) throw new Error('shape');
      return { value, etag: etagOf(row) };
    } catch {
      this.onCorrupt(String(row.rowKey));
      return null;
    }
  }

  async create(request: TapRequest): Promise<Versioned<TapRequest>> {
    const result = await guarded(request.id, () => this.table.createEntity(this.entity(request)));
    return { value: request, etag: result.etag ?? '' };
  }

  async get(id: string): Promise<Versioned<TapRequest> | null> {
    try {
      return this.read(await this.table.getEntity<Record<string, unknown>>('request', safeKey(id)));
    } catch (error) {
      if (statusOf(error) === 404) return null;
      throw mapTableError(error, id);
    }
  }

  async replace(request: TapRequest, etag: string): Promise<Versioned<TapRequest>> {
    if (!etag) throw new StoreConflictError('stale', request.id);
    const result = await guarded(request.id, () => this.table.updateEntity(this.entity(request), 'Replace', { etag }));
    return { value: request, etag: result.etag ?? '' };
  }

  async listByStatus(statuses: readonly RequestStatus[]): Promise<Versioned<TapRequest>[]> {
    if (statuses.length === 0) return [];
    const filter = statuses.map((s) => odata`status eq ${s}`).join(' or ');
    const rows = await guarded('requests', () => collect(this.table.listEntities({ queryOptions: { filter: `PartitionKey eq 'request' and (${filter})` } })));
    return rows.map((r) => this.read(r)).filter((r): r is Versioned<TapRequest> => r !== null);
  }

  async listByUser(userId: string, options: { since?: string } = {}): Promise<Versioned<TapRequest>[]> {
    let filter = `PartitionKey eq 'request' and (${odata`requesterId eq ${userId}`} or ${odata`targetId eq ${userId}`})`;
    if (options.since) filter += ` and ${odata`createdAt ge ${options.since}`}`;
    const rows = await guarded('requests', () => collect(this.table.listEntities({ queryOptions: { filter } })));
    return rows
      .map((r) => this.read(r))
      .filter((r): r is Versioned<TapRequest> => r !== null)
      .sort((a, b) => b.value.createdAt.localeCompare(a.value.createdAt));
  }
}

class TableAuditLog implements AuditLog {
  constructor(private readonly table: TableClient) {}

  async append(entry: AuditEntry): Promise<void> {
    const rowKey = `${entry.at}_${Math.random().toString(36).slice(2, 10)}`;
    await guarded('audit', () =>
      this.table.createEntity({
        partitionKey: 'audit',
        rowKey,
        at: entry.at,
        action: entry.action,
        actorId: entry.actor?.id ?? '',
        actorName: entry.actor?.displayName ?? '',
        targetUserId: entry.targetUserId ?? '',
        requestId: entry.requestId ?? '',
        outcome: entry.outcome,
        details: JSON.stringify(entry.details),
      }),
    );
  }

  private async query(filter: string): Promise<AuditEntry[]> {
    const rows = await guarded('audit', () => collect(this.table.listEntities({ queryOptions: { filter: `PartitionKey eq 'audit' and (${filter})` } })));
    return rows
      .map((row) => ({
        at: String(row.at),
        action: String(row.action),
        actor: row.actorId ? { id: String(row.actorId), displayName: String(row.actorName ?? '') } : null,
        targetUserId: row.targetUserId ? String(row.targetUserId) : null,
        requestId: row.requestId ? String(row.requestId) : null,
        outcome: String(row.outcome),
        details: (() => {
          try {
            return JSON.parse(String(row.details ?? '{}')) as AuditEntry['details'];
          } catch {
            return {};
          }
        })(),
      }))
      .sort((a, b) => a.at.localeCompare(b.at));
  }

  listByRequest(requestId: string): Promise<AuditEntry[]> {
    return this.query(odata`requestId eq ${requestId}`);
  }

  listByUser(userId: string): Promise<AuditEntry[]> {
    return this.query(`${odata`actorId eq ${userId}`} or ${odata`targetUserId eq ${userId}`}`);
  }

  listRange(from: string, to: string): Promise<AuditEntry[]> {
    return this.query(`${odata`RowKey ge ${from}`} and ${odata`RowKey lt ${to}`}`);
  }
}

class TableCounterStore implements CounterStore {
  constructor(private readonly table: TableClient) {}

  async next(name: string): Promise<number> {
    for (let attempt = 0; attempt < 50; attempt += 1) {
      let current: Row | null = null;
      try {
        current = await this.table.getEntity('counter', safeKey(name));
      } catch (error) {
        if (statusOf(error) !== 404) throw mapTableError(error, name);
      }
      try {
        if (!current) {
          await this.table.createEntity({ partitionKey: 'counter', rowKey: safeKey(name), value: 1 });
          return 1;
        }
        const value = Number(current.value) + 1;
        await this.table.updateEntity({ partitionKey: 'counter', rowKey: safeKey(name), value }, 'Replace', { etag: etagOf(current) });
        return value;
      } catch (error) {
        const status = statusOf(error);
        if (status !== 409 && status !== 412) throw mapTableError(error, name);
        await new Promise((r) => setTimeout(r, Math.random() * 20 * (attempt + 1)));
      }
    }
    throw mapTableError(new Error('counter contention'), name);
  }
}

class TableKeyValueStore implements KeyValueStore {
  constructor(private readonly table: TableClient) {}

  async get<T>(partition: string, key: string): Promise<Versioned<T> | null> {
    try {
      const row = await this.table.getEntity(safeKey(partition), safeKey(key));
      return { value: JSON.parse(String(row.data)) as T, etag: etagOf(row) };
    } catch (error) {
      if (statusOf(error) === 404) return null;
      throw mapTableError(error, key);
    }
  }

  async put<T>(partition: string, key: string, value: T, etag?: string): Promise<Versioned<T>> {
    const entity = { partitionKey: safeKey(partition), rowKey: safeKey(key), data: JSON.stringify(value) };
    const result = await guarded(key, () => (etag ? this.table.updateEntity(entity, 'Replace', { etag }) : this.table.createEntity(entity)));
    return { value, etag: result.etag ?? '' };
  }

  async upsert<T>(partition: string, key: string, value: T): Promise<Versioned<T>> {
    const result = await guarded(key, () => this.table.upsertEntity({ partitionKey: safeKey(partition), rowKey: safeKey(key), data: JSON.stringify(value) }, 'Replace'));
    return { value, etag: result.etag ?? '' };
  }

  async list<T>(partition: string): Promise<{ key: string; value: Versioned<T> }[]> {
    const rows = await guarded(partition, () => collect(this.table.listEntities({ queryOptions: { filter: odata`PartitionKey eq ${safeKey(partition)}` } })));
    return rows.map((row) => ({ key: String(row.rowKey), value: { value: JSON.parse(String(row.data)) as T, etag: etagOf(row) } }));
  }

  async delete(partition: string, key: string, etag?: string): Promise<void> {
    try {
      await this.table.deleteEntity(safeKey(partition), safeKey(key), etag ? { etag } : undefined);
    } catch (error) {
      if (statusOf(error) !== 404) throw mapTableError(error, key);
    }
  }
}

export async function createTableStores(options: TableStoreOptions): Promise<Stores> {
  const { connectionString, accountUrl, credential } = options;
  const opts = clientOptions(connectionString ?? accountUrl ?? '');
  let client: (name: string) => TableClient;
  let service: TableServiceClient;
  if (connectionString) {
    client = (name) => TableClient.fromConnectionString(connectionString, `${options.tablePrefix}${name}`, opts);
    service = TableServiceClient.fromConnectionString(connectionString, opts);
  } else if (accountUrl && credential) {
    client = (name) => new TableClient(accountUrl, `${options.tablePrefix}${name}`, credential, opts);
    service = new TableServiceClient(accountUrl, credential, opts);
  } else throw new Error('Table Storage needs a connection string, or an account URL and a credential');
  const tables = { requests: client('requests'), audit: client('audit'), counters: client('counters'), kv: client('kv') };
  await Promise.all(Object.values(tables).map((t) => guarded(t.tableName, () => t.createTable())));
  return {
    requests: new TableRequestStore(tables.requests, (key) => options.onCorrupt?.(tables.requests.tableName, key)),
    audit: new TableAuditLog(tables.audit),
    counters: new TableCounterStore(tables.counters),
    kv: new TableKeyValueStore(tables.kv),
    async ping() {
      await guarded('ping', async () => {
        const pages = service.listTables({ queryOptions: { filter: odata`TableName eq ${tables.requests.tableName}` } }).byPage({ maxPageSize: 1 });
        await pages.next();
      });
    },
  };
}
