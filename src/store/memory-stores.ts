// The in-memory twin of the Table Storage stores, with the same semantics (ETags change on every
// write, create-only and compare-and-swap conflicts, orderings), for unit tests of the use cases.
// Each instance owns its state.
import { randomUUID } from 'node:crypto';
import type { AuditEntry, AuditLog, CounterStore, KeyValueStore, RequestStore, Stores, Versioned } from '../app/ports';
import { StoreConflictError } from '../app/ports';
import type { RequestStatus, TapRequest } from '../domain/request-types';

const etag = () => `W/"${randomUUID()}"`;
const copy = <T>(value: T): T => JSON.parse(JSON.stringify(value)) as T;

class MemoryRequestStore implements RequestStore {
  private readonly rows = new Map<string, Versioned<TapRequest>>();

  async create(request: TapRequest) {
    if (this.rows.has(request.id)) throw new StoreConflictError('exists', request.id);
    const row = { value: copy(request), etag: etag() };
    this.rows.set(request.id, row);
    return copy(row);
  }

  async get(id: string) {
    const row = this.rows.get(id);
    return row ? copy(row) : null;
  }

  async replace(request: TapRequest, expected: string) {
    const row = this.rows.get(request.id);
    if (!row || row.etag !== expected) throw new StoreConflictError('stale', request.id);
    const next = { value: copy(request), etag: etag() };
    this.rows.set(request.id, next);
    return copy(next);
  }

  async listByStatus(statuses: readonly RequestStatus[]) {
    return [...this.rows.values()].filter((r) => statuses.includes(r.value.status)).map(copy);
  }

  async listByUser(userId: string, options: { since?: string } = {}) {
    return [...this.rows.values()]
      .filter((r) => (r.value.requester.id === userId || r.value.target.id === userId) && (!options.since || r.value.createdAt >= options.since))
      .sort((a, b) => b.value.createdAt.localeCompare(a.value.createdAt))
      .map(copy);
  }
}

class MemoryAuditLog implements AuditLog {
  private readonly entries: AuditEntry[] = [];

  async append(entry: AuditEntry) {
    this.entries.push(copy(entry));
  }

  private sorted(filter: (e: AuditEntry) => boolean) {
    return this.entries.filter(filter).sort((a, b) => a.at.localeCompare(b.at)).map(copy);
  }

  async listByRequest(requestId: string) {
    return this.sorted((e) => e.requestId === requestId);
  }

  async listByUser(userId: string) {
    return this.sorted((e) => e.actor?.id === userId || e.targetUserId === userId);
  }

  async listRange(from: string, to: string) {
    return this.sorted((e) => e.at >= from && e.at < to);
  }
}

class MemoryCounterStore implements CounterStore {
  private readonly values = new Map<string, number>();

  async next(name: string) {
    const value = (this.values.get(name) ?? 0) + 1;
    this.values.set(name, value);
    return value;
  }
}

class MemoryKeyValueStore implements KeyValueStore {
  private readonly rows = new Map<string, Map<string, Versioned<unknown>>>();

  private partition(name: string) {
    let rows = this.rows.get(name);
    if (!rows) this.rows.set(name, (rows = new Map()));
    return rows;
  }

  async get<T>(partition: string, key: string) {
    const row = this.partition(partition).get(key);
    return row ? (copy(row) as Versioned<T>) : null;
  }

  async put<T>(partition: string, key: string, value: T, expected?: string) {
    const rows = this.partition(partition);
    const row = rows.get(key);
    if (expected === undefined && row) throw new StoreConflictError('exists', key);
    if (expected !== undefined && (!row || row.etag !== expected)) throw new StoreConflictError('stale', key);
    const next = { value: copy(value), etag: etag() };
    rows.set(key, next);
    return copy(next) as Versioned<T>;
  }

  async upsert<T>(partition: string, key: string, value: T) {
    const next = { value: copy(value), etag: etag() };
    this.partition(partition).set(key, next);
    return copy(next) as Versioned<T>;
  }

  async list<T>(partition: string) {
    return [...this.partition(partition).entries()].map(([key, value]) => ({ key, value: copy(value) as Versioned<T> }));
  }

  async delete(partition: string, key: string, expected?: string) {
    const rows = this.partition(partition);
    const row = rows.get(key);
    if (row && expected !== undefined && row.etag !== expected) throw new StoreConflictError('stale', key);
    rows.delete(key);
  }
}

export function createMemoryStores(): Stores {
  return {
    requests: new MemoryRequestStore(),
    audit: new MemoryAuditLog(),
    counters: new MemoryCounterStore(),
    kv: new MemoryKeyValueStore(),
    ping: async () => undefined,
  };
}
