// Requests in Azure Table Storage: one entity per request, the whole request as JSON in `data`.
//
// Layout: PartitionKey 'request', RowKey = the request id, plus status / requesterId / targetId /
// createdAt / expiresAt columns that the listings filter on server-side, and beside it a copy for
// each of its people (request-index.ts) so that "my requests" is a range read.
// - get is a point read; create and replace are one entity group transaction of the request row
//   and its copies, and the compare-and-swap is the request row's own ETag.
// - listByStatus and listHandoversDue are one filtered query over the partition. The service scans
//   the partition but sends back only the matches, which is fast for what a help desk keeps
//   (thousands to tens of thousands of requests); they run on the sweeper and the help desk's
//   `pending`, not on every person's `status`. A retention job that deletes final requests after
//   the audit has them would keep it so.
import { type TransactionAction, odata } from '@azure/data-tables';
import type { RequestStore, Versioned } from '../app/kernel/ports';
import { StoreConflictError } from '../app/kernel/ports';
import type { RequestStatus, TapRequest } from '../domain/request-types';
import { CorruptRowError, type OnCorrupt, reportCorrupt } from './corrupt-rows';
import { decodeKey, isUsableEtag, storageKey } from './keys';
import { type RequestRow, checkLimit, fromRequestRow, isForUser, newestFirst, oldestFirst, toRequestRow } from './request-rows';
import { indexKey, indexedUsers, markerKey, prefixEnd, sinceEnd, userIndexPrefix } from './request-index';
import type { Row, TableAccess } from './table-client';
import { isMissingEntity, statusOf } from './table-errors';

const PARTITION = 'request';

/** A user's first listing inserts the copies of their older requests this many at a time. */
const INDEXING_AT_ONCE = 10;

/** A request's copy in one person's index: no status / requesterId / targetId columns, so the listings that filter on them skip it. */
const copyOf = (row: RequestRow, userId: string) => ({
  partitionKey: PARTITION,
  rowKey: indexKey(userId, row),
  indexOf: row.id,
  state: row.status,
  createdAt: row.createdAt,
  data: row.data,
});

/** Users this instance has seen indexed; beyond it a listing reads the marker again. */
const INDEXED_REMEMBERED = 10_000;

export class TableRequestStore implements RequestStore {
  /** A cache, not state: a marker is never removed, so "indexed" once seen stays true on every instance. */
  private readonly indexed = new Set<string>();

  constructor(
    private readonly table: TableAccess,
    private readonly onCorrupt?: OnCorrupt,
  ) {}

  private entity({ id, ...columns }: RequestRow) {
    return { partitionKey: PARTITION, rowKey: storageKey(id, 'request id'), ...columns };
  }

  private read(row: Row, listing: boolean): Versioned<TapRequest> | null {
    const id = decodeKey(row.rowKey ?? '');
    const read = fromRequestRow({ id, status: row.status, data: row.data });
    if (read.ok) return { value: read.request, etag: row.etag };
    const corrupt = { store: 'requests', key: id, reason: read.reason };
    reportCorrupt(this.onCorrupt, corrupt);
    if (listing) return null;
    throw new CorruptRowError(corrupt);
  }

  private readAll(rows: Row[]): Versioned<TapRequest>[] {
    return rows.map((row) => this.read(row, true)).filter((r): r is Versioned<TapRequest> => r !== null);
  }

  /** The copies of a request under each of its people: plain upserts, ordered by the request row's ETag in the same transaction. */
  private copies(row: RequestRow): TransactionAction[] {
    return indexedUsers(row).map((userId) => ['upsert', copyOf(row, userId), 'Replace']);
  }

  /** One entity group transaction; the request row's action comes first, and its new ETag is the answer. */
  private async transact(actions: TransactionAction[]): Promise<string> {
    const result = await this.table.bounded('operation', (options) => this.table.client.submitTransaction(actions, options));
    // The SDK reads the ETag header with its line ending. Without one, '' makes the next
    // compare-and-swap fail as stale: safe, where guessing the version would not be.
    return result.subResponses[0]?.etag?.trim() ?? '';
  }

  async create(request: TapRequest): Promise<Versioned<TapRequest>> {
    const row = toRequestRow(request);
    try {
      const etag = await this.transact([['create', this.entity(row)], ...this.copies(row)]);
      return { value: JSON.parse(row.data) as TapRequest, etag };
    } catch (error) {
      if (statusOf(error) === 409) throw new StoreConflictError('exists', row.id);
      throw this.table.fail(error, `create request ${row.id}`);
    }
  }

  async get(id: string): Promise<Versioned<TapRequest> | null> {
    const rowKey = storageKey(id, 'request id');
    let row: Row;
    try {
      row = await this.table.bounded('operation', (options) =>
        this.table.client.getEntity<Record<string, unknown>>(PARTITION, rowKey, options),
      );
    } catch (error) {
      if (isMissingEntity(error)) return null;
      throw this.table.fail(error, `read request ${id}`);
    }
    return this.read(row, false);
  }

  async replace(request: TapRequest, etag: string): Promise<Versioned<TapRequest>> {
    const row = toRequestRow(request);
    if (!isUsableEtag(etag)) throw new StoreConflictError('stale', row.id);
    try {
      const next = await this.transact([['update', this.entity(row), 'Replace', { etag }], ...this.copies(row)]);
      return { value: JSON.parse(row.data) as TapRequest, etag: next };
    } catch (error) {
      // 404: it was never there (or is gone), which is also "not the version you read".
      if (statusOf(error) === 412 || statusOf(error) === 404) throw new StoreConflictError('stale', row.id);
      throw this.table.fail(error, `update request ${row.id}`);
    }
  }

  async listByStatus(statuses: readonly RequestStatus[]): Promise<Versioned<TapRequest>[]> {
    if (statuses.length === 0) return [];
    const any = statuses.map((status) => odata`status eq ${status}`).join(' or ');
    const rows = await this.table.query(`PartitionKey eq '${PARTITION}' and (${any})`, `list ${statuses.join('/')} requests`);
    return oldestFirst(this.readAll(rows));
  }

  /** Rows carry handoverDueAt only while the hand-over is open (Replace drops it after), so this stays small. */
  async listHandoversDue(now: string): Promise<Versioned<TapRequest>[]> {
    const rows = await this.table.query(
      `PartitionKey eq '${PARTITION}' and ${odata`status eq ${'issued'}`} and ${odata`handoverDueAt le ${now}`}`,
      'list hand-overs due',
    );
    return oldestFirst(this.readAll(rows));
  }

  async listByUser(userId: string, options: { since?: string; limit?: number } = {}): Promise<TapRequest[]> {
    const limit = checkLimit(options.limit);
    const prefix = userIndexPrefix(userId);
    const end = options.since === undefined ? prefixEnd(prefix) : sinceEnd(userId, options.since);
    const marker = markerKey(userId);
    // A user once indexed stays indexed: where this instance has seen the marker, the range starts past it.
    const known = this.indexed.has(userId);
    const rows = await this.table.query(
      `PartitionKey eq '${PARTITION}' and ${known ? odata`RowKey gt ${marker}` : odata`RowKey ge ${prefix}`} and ${odata`RowKey lt ${end}`}`,
      `list the requests of user ${userId}`,
      limit === undefined ? undefined : limit + (known ? 0 : 1),
    );
    if (!known) {
      if (!rows.some((row) => row.rowKey === marker)) return this.indexUser(userId, options.since, limit);
      this.remember(userId);
    }
    const listed = rows
      .filter((row) => row.rowKey !== marker)
      .map((row) => this.readCopy(row))
      .filter((r): r is TapRequest => r !== null);
    // The keys already sort newest first; requests of the same millisecond are put in the port's order.
    const ordered = newestFirst(listed);
    return limit === undefined ? ordered : ordered.slice(0, limit);
  }

  private remember(userId: string): void {
    if (this.indexed.size >= INDEXED_REMEMBERED) this.indexed.delete(this.indexed.values().next().value as string);
    this.indexed.add(userId);
  }

  private readCopy(row: Row): TapRequest | null {
    const read = fromRequestRow({ id: String(row.indexOf ?? ''), status: row.state, data: row.data });
    if (read.ok) return read.request;
    reportCorrupt(this.onCorrupt, { store: 'requests', key: `copy of ${String(row.indexOf ?? '?')}`, reason: read.reason });
    return null;
  }

  /**
   * A user's first listing: their requests from a scan, the copies that are missing inserted (insert
   * only: one a writer made meanwhile is newer and stays), then the marker. Answers from the scan.
   */
  private async indexUser(userId: string, since: string | undefined, limit: number | undefined): Promise<TapRequest[]> {
    const rows = await this.table.query(
      `PartitionKey eq '${PARTITION}' and (${odata`requesterId eq ${userId}`} or ${odata`targetId eq ${userId}`})`,
      `list the requests of user ${userId}`,
    );
    const indexable = newestFirst(this.readAll(rows).map((r) => r.value)).flatMap((request) => {
      try {
        return [{ request, row: toRequestRow(request) }];
      } catch {
        // Readable but not indexable (say, a hand-edited createdAt): reported and left out, as a corrupt row is.
        reportCorrupt(this.onCorrupt, { store: 'requests', key: request.id, reason: 'createdAt, expiresAt or id cannot be indexed' });
        return [];
      }
    });
    for (let at = 0; at < indexable.length; at += INDEXING_AT_ONCE) {
      await Promise.all(
        indexable.slice(at, at + INDEXING_AT_ONCE).map(({ row }) => this.insertOnce(copyOf(row, userId), `index request ${row.id}`)),
      );
    }
    await this.insertOnce({ partitionKey: PARTITION, rowKey: markerKey(userId), indexed: true }, `index the requests of user ${userId}`);
    this.remember(userId);
    const wanted = indexable.filter(({ row }) => isForUser(row, userId, since)).map(({ request }) => request);
    return limit === undefined ? wanted : wanted.slice(0, limit);
  }

  private async insertOnce(entity: { partitionKey: string; rowKey: string } & Record<string, unknown>, what: string): Promise<void> {
    try {
      await this.table.bounded('operation', (options) => this.table.client.createEntity(entity, options));
    } catch (error) {
      if (statusOf(error) !== 409) throw this.table.fail(error, what);
    }
  }
}
