// Small keyed records in Azure Table Storage: PartitionKey = the caller's partition, RowKey = its
// key (both encoded to what Table keys allow), the value as JSON in `data`. A partition is listed
// with one partition read.
import { type TransactionAction, odata } from '@azure/data-tables';
import type { KeyValueStore, Versioned } from '../app/kernel/ports';
import { StoreConflictError } from '../app/kernel/ports';
import { CorruptRowError, type OnCorrupt, reportCorrupt } from './corrupt-rows';
import { decodeKey, isUsableEtag, storageKey, storedJson } from './keys';
import { compareText } from './request-rows';
import type { Row, TableAccess } from './table-client';
import { isMissingEntity, statusOf } from './table-errors';
import { type UpsertEntity, UpsertWaves } from './upsert-waves';

export class TableKeyValueStore implements KeyValueStore {
  private readonly waves = new UpsertWaves((entities) => this.sendUpserts(entities));

  constructor(
    private readonly table: TableAccess,
    private readonly onCorrupt?: OnCorrupt,
  ) {}

  private keys(partition: string, key: string) {
    return { partitionKey: storageKey(partition, 'partition'), rowKey: storageKey(key, 'key') };
  }

  private read<T>(partition: string, key: string, row: Row): Versioned<T> {
    try {
      if (typeof row.data !== 'string') throw new Error('no data');
      return { value: JSON.parse(row.data) as T, etag: row.etag };
    } catch {
      const corrupt = { store: 'kv', key: `${partition}/${key}`, reason: 'value is not JSON' };
      reportCorrupt(this.onCorrupt, corrupt);
      throw new CorruptRowError(corrupt);
    }
  }

  async get<T>(partition: string, key: string): Promise<Versioned<T> | null> {
    const { partitionKey, rowKey } = this.keys(partition, key);
    let row: Row;
    try {
      row = await this.table.bounded('operation', (options) =>
        this.table.client.getEntity<Record<string, unknown>>(partitionKey, rowKey, options),
      );
    } catch (error) {
      if (isMissingEntity(error)) return null;
      throw this.table.fail(error, `read ${partition}/${key}`);
    }
    return this.read<T>(partition, key, row);
  }

  async put<T>(partition: string, key: string, value: T, etag?: string): Promise<Versioned<T>> {
    const entity = { ...this.keys(partition, key), data: storedJson(value, `value of ${partition}/${key}`) };
    const name = `${partition}/${key}`;
    if (etag === undefined) {
      try {
        const result = await this.table.bounded('operation', (options) => this.table.client.createEntity(entity, options));
        return { value: JSON.parse(entity.data) as T, etag: result.etag ?? '' };
      } catch (error) {
        if (statusOf(error) === 409) throw new StoreConflictError('exists', name);
        throw this.table.fail(error, `create ${name}`);
      }
    }
    if (!isUsableEtag(etag)) throw new StoreConflictError('stale', name);
    try {
      const result = await this.table.bounded('operation', (options) =>
        this.table.client.updateEntity(entity, 'Replace', { etag, ...options }),
      );
      return { value: JSON.parse(entity.data) as T, etag: result.etag ?? '' };
    } catch (error) {
      if (statusOf(error) === 412 || statusOf(error) === 404) throw new StoreConflictError('stale', name);
      throw this.table.fail(error, `update ${name}`);
    }
  }

  async upsert<T>(partition: string, key: string, value: T): Promise<Versioned<T>> {
    const entity = { ...this.keys(partition, key), data: storedJson(value, `value of ${partition}/${key}`) };
    try {
      const etag = await this.waves.upsert(entity);
      return { value: JSON.parse(entity.data) as T, etag };
    } catch (error) {
      throw this.table.fail(error, `write ${partition}/${key}`);
    }
  }

  /** One upsert alone, or a wave of them (one partition, distinct keys) as one transaction. */
  private async sendUpserts(entities: UpsertEntity[]): Promise<string[]> {
    if (entities.length === 1) {
      const result = await this.table.bounded('operation', (options) =>
        this.table.client.upsertEntity(entities[0] as UpsertEntity, 'Replace', options),
      );
      return [result.etag ?? ''];
    }
    const actions = entities.map((entity): TransactionAction => ['upsert', { ...entity }, 'Replace']);
    const result = await this.table.bounded('operation', (options) => this.table.client.submitTransaction(actions, options));
    // The change set is processed in the order given and its sub-responses follow that order; an
    // upsert's sub-response names no RowKey, only its ETag (so no getResponseForEntity here).
    // https://learn.microsoft.com/en-us/rest/api/storageservices/performing-entity-group-transactions
    return entities.map((_, i) => (result.subResponses[i]?.etag ?? '').trim());
  }

  async list<T>(partition: string): Promise<{ key: string; value: Versioned<T> }[]> {
    const rows = await this.table.query(odata`PartitionKey eq ${storageKey(partition, 'partition')}`, `list ${partition}`);
    const out: { key: string; value: Versioned<T> }[] = [];
    for (const row of rows) {
      const key = decodeKey(row.rowKey ?? '');
      try {
        out.push({ key, value: this.read<T>(partition, key, row) });
      } catch (error) {
        if (!(error instanceof CorruptRowError)) throw error;
      }
    }
    return out.sort((a, b) => compareText(a.key, b.key));
  }

  async delete(partition: string, key: string, etag?: string): Promise<void> {
    const { partitionKey, rowKey } = this.keys(partition, key);
    if (etag !== undefined && !isUsableEtag(etag)) throw new StoreConflictError('stale', `${partition}/${key}`);
    try {
      await this.table.bounded('operation', (options) =>
        this.table.client.deleteEntity(partitionKey, rowKey, { ...(etag !== undefined ? { etag } : {}), ...options }),
      );
    } catch (error) {
      // Already gone is what the caller wanted.
      if (isMissingEntity(error)) return;
      if (statusOf(error) === 412) throw new StoreConflictError('stale', `${partition}/${key}`);
      throw this.table.fail(error, `delete ${partition}/${key}`);
    }
  }
}
