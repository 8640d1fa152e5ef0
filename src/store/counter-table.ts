// Monotonic counters in Azure Table Storage (request numbers), unique across any number of
// processes: each increment is a compare-and-swap on the counter's ETag (a create-only insert
// for its first use), retried on 409/412 a bounded number of times.
//
// Within one instance, calls for the same counter are queued: they would only beat each other's
// ETags, so running them one at a time turns N-way contention into contention between processes.
// The last version this instance wrote is kept as a hint to skip the read; a wrong hint costs one
// 412 and a re-read, never a duplicate.
import { randomInt } from 'node:crypto';
import type { CounterStore } from '../app/kernel/ports';
import { StoreUnavailableError } from '../app/kernel/ports';
import { storageKey } from './keys';
import type { TableAccess } from './table-client';
import { isMissingEntity, statusOf } from './table-errors';

const PARTITION = 'counter';
const MAX_ATTEMPTS = 40;

interface Seen {
  value: number;
  etag: string;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function numberOf(stored: unknown): number {
  // Written as a plain number (Edm.Int32: two billion requests is plenty, and Int64 would come back
  // as a BigInt that JSON cannot print); a hand-edited Int64 still reads.
  const value = Number(stored);
  if (!Number.isSafeInteger(value) || value < 0) throw new StoreUnavailableError('A stored counter is not a whole number');
  return value;
}

export class TableCounterStore implements CounterStore {
  private readonly queues = new Map<string, Promise<unknown>>();
  private readonly seen = new Map<string, Seen>();

  constructor(private readonly table: TableAccess) {}

  async next(name: string): Promise<number> {
    const rowKey = storageKey(name, 'counter name');
    // Queued synchronously (before any await), so calls keep the order they were made in.
    const previous = this.queues.get(rowKey) ?? Promise.resolve();
    const mine = previous.catch(() => undefined).then(() => this.increment(name, rowKey));
    this.queues.set(rowKey, mine);
    try {
      return await mine;
    } finally {
      // Forget a drained queue, so the map holds only counters in use.
      if (this.queues.get(rowKey) === mine) this.queues.delete(rowKey);
    }
  }

  private async read(name: string, rowKey: string): Promise<Seen | null> {
    try {
      const row = await this.table.bounded('operation', (options) =>
        this.table.client.getEntity<{ value: unknown }>(PARTITION, rowKey, options),
      );
      return { value: numberOf(row.value), etag: row.etag };
    } catch (error) {
      if (error instanceof StoreUnavailableError) throw error;
      if (isMissingEntity(error)) return null;
      throw this.table.fail(error, `read counter ${name}`);
    }
  }

  private async write(rowKey: string, current: Seen | null): Promise<Seen> {
    const value = (current?.value ?? 0) + 1;
    const entity = { partitionKey: PARTITION, rowKey, value };
    const result = current
      ? await this.table.bounded('operation', (options) =>
          this.table.client.updateEntity(entity, 'Replace', { etag: current.etag, ...options }),
        )
      : await this.table.bounded('operation', (options) => this.table.client.createEntity(entity, options));
    return { value, etag: result.etag ?? '' };
  }

  private async increment(name: string, rowKey: string): Promise<number> {
    let current = this.seen.get(rowKey) ?? (await this.read(name, rowKey));
    for (let attempt = 1; ; attempt += 1) {
      try {
        const written = await this.write(rowKey, current);
        this.seen.set(rowKey, written);
        return written.value;
      } catch (error) {
        const status = statusOf(error);
        // 409: another process created it first; 412: another process moved it on; 404: it was deleted.
        if (status !== 409 && status !== 412 && status !== 404) throw this.table.fail(error, `increment counter ${name}`);
        this.seen.delete(rowKey);
        if (attempt >= MAX_ATTEMPTS) throw new StoreUnavailableError(`Counter ${name} stayed contended after ${MAX_ATTEMPTS} attempts`);
        // Jittered and growing a little, so competing processes stop colliding in step.
        await sleep(randomInt(1, 5 + Math.min(attempt, 10) * 5));
        current = await this.read(name, rowKey);
      }
    }
  }
}
