// Group commit for upserts: while one upsert to a partition is on the wire, later ones to the same
// partition wait and then go together as one entity-group transaction (Table Storage allows up to
// 100 entities of one partition in one). A burst of status cards about one request then costs
// Table Storage one request per wave instead of one per card; a lone upsert goes out at once, as
// before. Every caller still learns whether its own write landed before it returns.

/** Table Storage's limits on one transaction: 100 entities, 4 MiB of payload (kept well under).
 * https://learn.microsoft.com/en-us/rest/api/storageservices/performing-entity-group-transactions */
export const MAX_WAVE = 100;
// Characters, not bytes: even at three UTF-8 bytes each this stays under 4 MiB with the multipart framing.
const MAX_WAVE_CHARS = 1_000_000;

export interface UpsertEntity {
  partitionKey: string;
  rowKey: string;
  data: string;
}

interface Waiting {
  entity: UpsertEntity;
  resolve: (etag: string) => void;
  reject: (error: unknown) => void;
}

/** Sends one wave (one entity alone, or a transaction) and answers each entity's ETag, in order. */
export type SendWave = (entities: UpsertEntity[]) => Promise<string[]>;

export class UpsertWaves {
  /** Partitions with a wave in flight, and what waits behind it. */
  private readonly waiting = new Map<string, Waiting[]>();

  constructor(private readonly send: SendWave) {}

  upsert(entity: UpsertEntity): Promise<string> {
    return new Promise<string>((resolve, reject) => {
      const item = { entity, resolve, reject };
      const queue = this.waiting.get(entity.partitionKey);
      if (queue) {
        queue.push(item);
        return;
      }
      this.waiting.set(entity.partitionKey, []);
      void this.flush(entity.partitionKey, [item]);
    });
  }

  private async flush(partitionKey: string, wave: Waiting[]): Promise<void> {
    try {
      const etags = await this.send(wave.map((w) => w.entity));
      wave.forEach((w, i) => w.resolve(etags[i] ?? ''));
    } catch (error) {
      for (const w of wave) w.reject(error);
    }
    const queue = this.waiting.get(partitionKey) ?? [];
    if (queue.length === 0) {
      this.waiting.delete(partitionKey);
      return;
    }
    void this.flush(partitionKey, takeWave(queue));
  }
}

/**
 * The next wave from the front of the queue: at most MAX_WAVE, and a RowKey at most once (a
 * transaction may not touch one entity twice; a repeat waits for the next wave, keeping its order),
 * and well within the payload limit.
 */
function takeWave(queue: Waiting[]): Waiting[] {
  const keys = new Set<string>();
  let n = 0;
  let chars = 0;
  while (n < queue.length && n < MAX_WAVE) {
    const { rowKey, data } = (queue[n] as Waiting).entity;
    if (keys.has(rowKey) || (n > 0 && chars + data.length > MAX_WAVE_CHARS)) break;
    keys.add(rowKey);
    chars += data.length;
    n += 1;
  }
  return queue.splice(0, n);
}
