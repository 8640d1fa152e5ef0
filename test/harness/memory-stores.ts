// The in-memory twin of the Table Storage stores, for unit tests of the use cases. It keeps what the
// real stores keep (JSON text, not live objects), checks what they check (shared row codecs and key
// rules), and answers the same way: ETags change on every write, create-only inserts fail with
// 'exists', compare-and-swap misses with 'stale', and listings come back in the same order.
// test/support/store-contract.ts runs one suite against both to keep them honest.
// Each createMemoryStores() call owns its state; nothing is shared between calls.
import { randomBytes } from 'node:crypto';
import type { AuditEntry, AuditLog, CounterStore, KeyValueStore, RequestStore, Stores, Versioned } from '../../src/app/kernel/ports';
import { StoreConflictError, StoreUnavailableError } from '../../src/app/kernel/ports';
import type { RequestStatus, TapRequest } from '../../src/domain/request-types';
import { type AuditColumns, auditUsers, fromAuditColumns, inRange, toAuditColumns } from '../../src/store/audit-rows';
import { CorruptRowError, type OnCorrupt, reportCorrupt } from '../../src/store/corrupt-rows';
import { isUsableEtag, storageKey, storedJson } from '../../src/store/keys';
import {
  type RequestRow,
  checkLimit,
  compareText,
  fromRequestRow,
  isForUser,
  isHandoverDue,
  newestFirst,
  oldestFirst,
  toRequestRow,
} from '../../src/store/request-rows';

/** Shared by the stores of one createMemoryStores() call: ETags and the outage switch. */
class MemoryBackend {
  private writes = 0;
  private readonly instance = randomBytes(4).toString('hex');
  unavailable = false;

  constructor(readonly onCorrupt: OnCorrupt | undefined) {}

  /** A new ETag for every write, never reused within this backend. */
  etag(): string {
    this.writes += 1;
    return `W/"mem-${this.instance}-${this.writes}"`;
  }

  /** Every operation starts here, so a simulated outage fails them all like a stopped Azurite. */
  async enter(): Promise<void> {
    // Yield once, as real I/O would, so callers cannot depend on synchronous completion.
    await Promise.resolve();
    if (this.unavailable) throw new StoreUnavailableError('In-memory store is switched off (simulated outage)');
  }
}

interface StoredRequest {
  row: RequestRow;
  etag: string;
}

export class MemoryRequestStore implements RequestStore {
  private readonly rows = new Map<string, StoredRequest>();

  constructor(private readonly backend: MemoryBackend) {}

  private read(stored: StoredRequest, listing: boolean): Versioned<TapRequest> | null {
    const read = fromRequestRow(stored.row);
    if (read.ok) return { value: read.request, etag: stored.etag };
    const corrupt = { store: 'requests', key: stored.row.id, reason: read.reason };
    reportCorrupt(this.backend.onCorrupt, corrupt);
    if (listing) return null;
    throw new CorruptRowError(corrupt);
  }

  private readAll(filter: (row: RequestRow) => boolean): Versioned<TapRequest>[] {
    return [...this.rows.values()]
      .filter((stored) => filter(stored.row))
      .map((stored) => this.read(stored, true))
      .filter((r): r is Versioned<TapRequest> => r !== null);
  }

  async create(request: TapRequest): Promise<Versioned<TapRequest>> {
    const row = toRequestRow(request);
    await this.backend.enter();
    if (this.rows.has(row.id)) throw new StoreConflictError('exists', row.id);
    const stored = { row, etag: this.backend.etag() };
    this.rows.set(row.id, stored);
    return this.read(stored, false) as Versioned<TapRequest>;
  }

  async get(id: string): Promise<Versioned<TapRequest> | null> {
    storageKey(id, 'request id');
    await this.backend.enter();
    const stored = this.rows.get(id);
    return stored ? this.read(stored, false) : null;
  }

  async replace(request: TapRequest, etag: string): Promise<Versioned<TapRequest>> {
    const row = toRequestRow(request);
    if (!isUsableEtag(etag)) throw new StoreConflictError('stale', row.id);
    await this.backend.enter();
    const current = this.rows.get(row.id);
    if (!current || current.etag !== etag) throw new StoreConflictError('stale', row.id);
    const stored = { row, etag: this.backend.etag() };
    this.rows.set(row.id, stored);
    return this.read(stored, false) as Versioned<TapRequest>;
  }

  async listByStatus(statuses: readonly RequestStatus[]): Promise<Versioned<TapRequest>[]> {
    await this.backend.enter();
    if (statuses.length === 0) return [];
    return oldestFirst(this.readAll((row) => (statuses as readonly string[]).includes(row.status)));
  }

  async listHandoversDue(now: string): Promise<Versioned<TapRequest>[]> {
    await this.backend.enter();
    return oldestFirst(this.readAll((row) => isHandoverDue(row, now)));
  }

  async listByUser(userId: string, options: { since?: string; limit?: number } = {}): Promise<TapRequest[]> {
    const limit = checkLimit(options.limit);
    await this.backend.enter();
    const listed = newestFirst(this.readAll((row) => isForUser(row, userId, options.since)).map((r) => r.value));
    return limit === undefined ? listed : listed.slice(0, limit);
  }

  /** For tests: store a row as it is, as a damaged or hand-edited table row would be. */
  writeRawRow(row: RequestRow): void {
    this.rows.set(row.id, { row: { ...row }, etag: this.backend.etag() });
  }
}

export class MemoryAuditLog implements AuditLog {
  /** Append order breaks ties between entries of the same time, as the table's row keys do. */
  private readonly rows: AuditColumns[] = [];

  constructor(private readonly backend: MemoryBackend) {}

  private list(filter: (row: AuditColumns) => boolean): AuditEntry[] {
    const out: AuditEntry[] = [];
    const matching = this.rows.map((row, seq) => ({ row, seq })).filter(({ row }) => filter(row));
    matching.sort((a, b) => compareText(a.row.at, b.row.at) || a.seq - b.seq);
    for (const { row, seq } of matching) {
      const read = fromAuditColumns({ ...row });
      if (read.ok) out.push(read.entry);
      else reportCorrupt(this.backend.onCorrupt, { store: 'audit', key: `${row.at}#${seq}`, reason: read.reason });
    }
    return out;
  }

  async append(entry: AuditEntry): Promise<void> {
    const columns = toAuditColumns(entry);
    await this.backend.enter();
    this.rows.push(columns);
  }

  async listByRequest(requestId: string): Promise<AuditEntry[]> {
    await this.backend.enter();
    return this.list((row) => row.requestId === requestId);
  }

  async listByUser(userId: string): Promise<AuditEntry[]> {
    await this.backend.enter();
    return this.list((row) => auditUsers(row).includes(userId));
  }

  async listRange(from: string, to: string): Promise<AuditEntry[]> {
    await this.backend.enter();
    return this.list((row) => inRange(row.at, from, to));
  }
}

export class MemoryCounterStore implements CounterStore {
  private readonly values = new Map<string, number>();

  constructor(private readonly backend: MemoryBackend) {}

  async next(name: string): Promise<number> {
    storageKey(name, 'counter name');
    await this.backend.enter();
    const value = (this.values.get(name) ?? 0) + 1;
    this.values.set(name, value);
    return value;
  }
}

interface StoredValue {
  json: string;
  etag: string;
}

export class MemoryKeyValueStore implements KeyValueStore {
  private readonly partitions = new Map<string, Map<string, StoredValue>>();

  constructor(private readonly backend: MemoryBackend) {}

  private partition(name: string): Map<string, StoredValue> {
    let rows = this.partitions.get(name);
    if (!rows) this.partitions.set(name, (rows = new Map()));
    return rows;
  }

  private read<T>(partition: string, key: string, stored: StoredValue): Versioned<T> | null {
    try {
      return { value: JSON.parse(stored.json) as T, etag: stored.etag };
    } catch {
      const corrupt = { store: 'kv', key: `${partition}/${key}`, reason: 'value is not JSON' };
      reportCorrupt(this.backend.onCorrupt, corrupt);
      throw new CorruptRowError(corrupt);
    }
  }

  private write<T>(partition: string, key: string, json: string): Versioned<T> {
    const stored = { json, etag: this.backend.etag() };
    this.partition(partition).set(key, stored);
    return this.read<T>(partition, key, stored) as Versioned<T>;
  }

  async get<T>(partition: string, key: string): Promise<Versioned<T> | null> {
    storageKey(partition, 'partition');
    storageKey(key, 'key');
    await this.backend.enter();
    const stored = this.partitions.get(partition)?.get(key);
    return stored ? this.read<T>(partition, key, stored) : null;
  }

  async put<T>(partition: string, key: string, value: T, etag?: string): Promise<Versioned<T>> {
    storageKey(partition, 'partition');
    storageKey(key, 'key');
    const json = storedJson(value, `value of ${partition}/${key}`);
    if (etag !== undefined && !isUsableEtag(etag)) throw new StoreConflictError('stale', `${partition}/${key}`);
    await this.backend.enter();
    const current = this.partitions.get(partition)?.get(key);
    if (etag === undefined && current) throw new StoreConflictError('exists', `${partition}/${key}`);
    if (etag !== undefined && current?.etag !== etag) throw new StoreConflictError('stale', `${partition}/${key}`);
    return this.write<T>(partition, key, json);
  }

  async upsert<T>(partition: string, key: string, value: T): Promise<Versioned<T>> {
    storageKey(partition, 'partition');
    storageKey(key, 'key');
    const json = storedJson(value, `value of ${partition}/${key}`);
    await this.backend.enter();
    return this.write<T>(partition, key, json);
  }

  async list<T>(partition: string): Promise<{ key: string; value: Versioned<T> }[]> {
    storageKey(partition, 'partition');
    await this.backend.enter();
    const out: { key: string; value: Versioned<T> }[] = [];
    for (const [key, stored] of this.partitions.get(partition) ?? []) {
      try {
        out.push({ key, value: this.read<T>(partition, key, stored) as Versioned<T> });
      } catch (error) {
        if (!(error instanceof CorruptRowError)) throw error;
      }
    }
    return out.sort((a, b) => compareText(a.key, b.key));
  }

  async delete(partition: string, key: string, etag?: string): Promise<void> {
    storageKey(partition, 'partition');
    storageKey(key, 'key');
    if (etag !== undefined && !isUsableEtag(etag)) throw new StoreConflictError('stale', `${partition}/${key}`);
    await this.backend.enter();
    const rows = this.partitions.get(partition);
    const current = rows?.get(key);
    if (!current) return;
    if (etag !== undefined && current.etag !== etag) throw new StoreConflictError('stale', `${partition}/${key}`);
    rows?.delete(key);
  }
}

export interface MemoryStores extends Stores {
  requests: MemoryRequestStore;
  audit: MemoryAuditLog;
  counters: MemoryCounterStore;
  kv: MemoryKeyValueStore;
  /** Simulates storage going down (every operation and ping reject with StoreUnavailableError) and back. */
  setAvailable(available: boolean): void;
}

export function createMemoryStores(options: { onCorrupt?: OnCorrupt } = {}): MemoryStores {
  const backend = new MemoryBackend(options.onCorrupt);
  return {
    requests: new MemoryRequestStore(backend),
    audit: new MemoryAuditLog(backend),
    counters: new MemoryCounterStore(backend),
    kv: new MemoryKeyValueStore(backend),
    ping: () => backend.enter(),
    setAvailable(available: boolean) {
      backend.unavailable = !available;
    },
  };
}
