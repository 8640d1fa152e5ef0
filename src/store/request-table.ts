// Requests in Azure Table Storage: one entity per request, the whole request as JSON in `data`.
//
// Layout: PartitionKey 'request', RowKey = the request id, plus status / requesterId / targetId /
// createdAt / expiresAt columns that the listings filter on server-side.
// - get and replace are point operations on (PartitionKey, RowKey), and the compare-and-swap is the
//   entity's own ETag: no index entity can ever disagree with the request it points at.
// - listByStatus and listByUser are one filtered query over the partition. The service scans the
//   partition but sends back only the matches, which is fast for what a help desk keeps (thousands
//   to tens of thousands of requests). Index entities (status|id, user|time|id) would make the scans
//   range reads, but every state change would then have to move an index row in the same
//   transaction as the request; worth it only if the table grows far beyond that (or add a
//   retention job that deletes final requests after the audit has them).
import { odata } from '@azure/data-tables';
import type { RequestStore, Versioned } from '../app/kernel/ports';
import { StoreConflictError } from '../app/kernel/ports';
import type { RequestStatus, TapRequest } from '../domain/request-types';
import { CorruptRowError, type OnCorrupt, reportCorrupt } from './corrupt-rows';
import { decodeKey, isUsableEtag, storageKey } from './keys';
import { type RequestRow, fromRequestRow, newestFirst, oldestFirst, toRequestRow } from './request-rows';
import type { Row, TableAccess } from './table-client';
import { isMissingEntity, statusOf } from './table-errors';

const PARTITION = 'request';

export class TableRequestStore implements RequestStore {
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

  async create(request: TapRequest): Promise<Versioned<TapRequest>> {
    const row = toRequestRow(request);
    try {
      const result = await this.table.bounded('operation', (options) => this.table.client.createEntity(this.entity(row), options));
      return { value: JSON.parse(row.data) as TapRequest, etag: result.etag ?? '' };
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
      const result = await this.table.bounded('operation', (options) =>
        this.table.client.updateEntity(this.entity(row), 'Replace', { etag, ...options }),
      );
      return { value: JSON.parse(row.data) as TapRequest, etag: result.etag ?? '' };
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

  async listByUser(userId: string, options: { since?: string } = {}): Promise<Versioned<TapRequest>[]> {
    let filter = `PartitionKey eq '${PARTITION}' and (${odata`requesterId eq ${userId}`} or ${odata`targetId eq ${userId}`})`;
    if (options.since !== undefined) filter += ` and ${odata`createdAt ge ${options.since}`}`;
    const rows = await this.table.query(filter, `list the requests of user ${userId}`);
    return newestFirst(this.readAll(rows));
  }
}
