// A durable outbox for messages to people: every post and card update is written to the key-value
// store before it is sent and deleted only once it was, so a throttled, failed or interrupted send is
// sent later by whichever instance drains first (after a restart too). An instance claims an entry
// with a compare-and-swap lease before sending it, so two instances never send the same entry at once.
// Entries of one conversation go one at a time, paced by the caller's pacer; a `latest` entry (a card
// update) written again while queued or being sent is sent once more, with what is current then.
import { randomUUID } from 'node:crypto';
import type { KeyValueStore, Versioned } from './ports';
import type { Logger } from '../../logger';

export interface OutboxEntry<W> {
  work: W;
  conversationId: string;
  /** Bumped by every write of a `latest` entry: a send of an older generation leaves it pending. */
  gen: number;
  attempts: number;
  /** Not before this time (ms since the epoch): a Retry-After or a backoff. */
  notBefore: number;
  claimedBy: string | null;
  claimedUntil: number;
  createdAt: number;
}

/** How a failed send should go on: again after a while, or never (the service refused it for good). */
export interface FailureVerdict {
  retry: boolean;
  /** The service's Retry-After, when it gave one. */
  afterMs: number | null;
}

export interface OutboxOptions<W> {
  kv: KeyValueStore;
  logger: Logger;
  /** Sends one entry; throws on failure. */
  deliver(work: W): Promise<void>;
  classify(error: unknown): FailureVerdict;
  /** Waits for a slot in the conversation (and uses it). */
  pace(conversationId: string): Promise<void>;
  /** Holds the conversation back after a Retry-After or a failure. */
  holdBack(conversationId: string, ms: number): void;
  now?: () => number;
  instanceId?: string;
}

const PARTITION = 'outbox';
/** A claim lasts this long: a send, its in-place retries and the SDK's own one wait on a Retry-After finish within it. */
const LEASE_MS = 60_000;
/** Retries in place before the entry is released for a later drain. */
const IN_PLACE_ATTEMPTS = 3;
/** Past this many attempts an entry is given up (logged as an error): Teams keeps refusing it. */
const MAX_ATTEMPTS = 15;
const MAX_BACKOFF_MS = 60_000;
/** A drain leaves a fresh entry to the instance that wrote it (it is queued there) for this long. */
const OWNER_GRACE_MS = 20_000;

/** Exponential backoff with jitter, as Microsoft advises for the Bot Connector's transient errors. */
export function backoffMs(attempt: number, random: () => number = Math.random): number {
  const base = Math.min(MAX_BACKOFF_MS, 500 * 2 ** Math.max(0, attempt - 1));
  return Math.round(base / 2 + (random() * base) / 2);
}

function isConflict(error: unknown): boolean {
  return error instanceof Error && error.name === 'StoreConflictError';
}

export class Outbox<W> {
  private readonly instanceId: string;
  private readonly now: () => number;
  private readonly queues = new Map<string, string[]>();
  private readonly queued = new Set<string>();
  private readonly waiters = new Map<string, Array<() => void>>();
  /** Keys this instance wrote or queued itself (bounded): a drain never skips those for the grace. */
  private readonly started = new Set<string>();
  private timer: NodeJS.Timeout | null = null;
  private draining = false;
  private stopped = false;

  constructor(private readonly options: OutboxOptions<W>) {
    this.instanceId = options.instanceId ?? randomUUID();
    this.now = options.now ?? Date.now;
  }

  /**
   * Writes an entry and queues it here. `once`: an entry already under this key is left as it is
   * (the same notice written twice is sent once). `latest`: the entry is written again with this work.
   * Resolves when it is stored; `sent` resolves when this instance has settled it (sent, released or
   * found taken by another instance); `behind` is how many entries of the conversation go first here.
   */
  async submit(key: string, conversationId: string, work: W, mode: 'once' | 'latest'): Promise<{ sent: Promise<void>; behind: number }> {
    const fresh: OutboxEntry<W> = {
      work,
      conversationId,
      gen: 1,
      attempts: 0,
      notBefore: 0,
      claimedBy: null,
      claimedUntil: 0,
      createdAt: this.now(),
    };
    for (let written = false; !written;) {
      try {
        // Create first: one storage call in the usual case, where nothing waits under this key.
        await this.options.kv.put(PARTITION, key, fresh);
        written = true;
      } catch (error) {
        if (!isConflict(error)) throw error;
        if (mode === 'once') break;
        const existing = await this.options.kv.get<OutboxEntry<W>>(PARTITION, key);
        if (!existing) continue;
        try {
          // A claim stays with its holder: it sees the new generation when it settles and sends again.
          await this.options.kv.put(
            PARTITION,
            key,
            { ...existing.value, work, gen: existing.value.gen + 1, attempts: 0, notBefore: 0 },
            existing.etag,
          );
          written = true;
        } catch (again) {
          if (!isConflict(again)) throw again;
        }
      }
    }
    const sent = new Promise<void>((resolve) => {
      const list = this.waiters.get(key) ?? [];
      list.push(resolve);
      this.waiters.set(key, list);
    });
    const queue = this.queues.get(conversationId);
    const behind = queue ? queue.length + 1 : 0;
    this.enqueue(key, conversationId);
    return { sent, behind };
  }

  /** Drains every due entry now and then every `intervalMs` (an instance that restarted picks up the rest). */
  start(intervalMs: number): void {
    this.stopped = false;
    void this.drain();
    if (intervalMs <= 0) return;
    this.timer = setInterval(() => void this.drain(), intervalMs);
    this.timer.unref();
  }

  stop(): void {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  /**
   * Queues every entry that is due and not held by a live claim: released ones (waiting out a
   * Retry-After), and ones older than the grace, whose writer may have stopped before sending them.
   */
  async drain(): Promise<number> {
    if (this.draining) return 0;
    this.draining = true;
    try {
      const now = this.now();
      const entries = await this.options.kv.list<OutboxEntry<W>>(PARTITION);
      let due = 0;
      for (const { key, value } of entries.sort((a, b) => a.value.value.createdAt - b.value.value.createdAt)) {
        const entry = value.value;
        if (entry.notBefore > now || (entry.claimedBy && entry.claimedUntil > now)) continue;
        if (entry.notBefore === 0 && entry.attempts === 0 && now - entry.createdAt < OWNER_GRACE_MS && !this.started.has(key)) continue;
        due += 1;
        this.enqueue(key, entry.conversationId);
      }
      return due;
    } catch (error) {
      this.options.logger.warn({ err: error }, 'the outbox could not be read');
      return 0;
    } finally {
      this.draining = false;
    }
  }

  /** Entries still waiting (tests and the bench watch it empty). */
  async pending(): Promise<number> {
    return (await this.options.kv.list<OutboxEntry<W>>(PARTITION)).length;
  }

  private enqueue(key: string, conversationId: string): void {
    if (this.queued.has(key)) return;
    if (this.started.size >= 10_000) this.started.clear();
    this.started.add(key);
    this.queued.add(key);
    const queue = this.queues.get(conversationId);
    if (queue) {
      queue.push(key);
      return;
    }
    this.queues.set(conversationId, [key]);
    void this.work(conversationId);
  }

  /** One worker per conversation: its entries go one at a time, each after a paced slot. */
  private async work(conversationId: string): Promise<void> {
    const queue = this.queues.get(conversationId) as string[];
    while (queue.length > 0 && !this.stopped) {
      const key = queue.shift() as string;
      this.queued.delete(key);
      try {
        await this.sendOne(key, conversationId);
      } catch (error) {
        this.options.logger.warn({ err: error, outboxKey: key }, 'an outbox entry could not be handled; a later drain tries again');
      }
      this.settled(key);
    }
    this.queues.delete(conversationId);
    for (const key of queue) {
      this.queued.delete(key);
      this.settled(key);
    }
  }

  private settled(key: string): void {
    const list = this.waiters.get(key);
    this.waiters.delete(key);
    for (const wake of list ?? []) wake();
  }

  /** Reads the entry, waits for the conversation's slot, then claims it (null: not due, gone, or taken meanwhile). */
  private async claim(key: string, conversationId: string): Promise<Versioned<OutboxEntry<W>> | null> {
    const current = await this.options.kv.get<OutboxEntry<W>>(PARTITION, key);
    if (!current || current.value.notBefore > this.now() || (current.value.claimedBy && current.value.claimedUntil > this.now()))
      return null;
    await this.options.pace(conversationId);
    try {
      return await this.options.kv.put(
        PARTITION,
        key,
        { ...current.value, claimedBy: this.instanceId, claimedUntil: this.now() + LEASE_MS },
        current.etag,
      );
    } catch (error) {
      if (isConflict(error)) return null; // another instance took it, or it was written again: a later turn of the queue sees it
      throw error;
    }
  }

  private async sendOne(key: string, conversationId: string): Promise<void> {
    let claimed = await this.claim(key, conversationId);
    while (claimed) {
      const outcome = await this.attempt(claimed.value, conversationId);
      if (outcome === 'sent' || outcome === 'dropped') {
        this.options.logger.debug({ outboxKey: key, gen: claimed.value.gen, outcome }, 'outbox entry done');
        try {
          await this.options.kv.delete(PARTITION, key, claimed.etag);
          return;
        } catch (error) {
          if (!isConflict(error)) throw error;
          // Written again while being sent: send what is current now, under the same claim.
          const again = await this.options.kv.get<OutboxEntry<W>>(PARTITION, key);
          if (!again || again.value.claimedBy !== this.instanceId) return;
          await this.options.pace(conversationId);
          claimed = again;
          continue;
        }
      }
      await this.release(key, claimed, outcome.retryInMs);
      return;
    }
  }

  /** Sends, retrying in place a few times; tells whether it was sent, given up, or should wait. */
  private async attempt(entry: OutboxEntry<W>, conversationId: string): Promise<'sent' | 'dropped' | { retryInMs: number }> {
    let attempts = entry.attempts;
    for (let inPlace = 1; ; inPlace += 1) {
      try {
        await this.options.deliver(entry.work);
        return 'sent';
      } catch (error) {
        attempts += 1;
        const verdict = this.options.classify(error);
        if (!verdict.retry || attempts >= MAX_ATTEMPTS) {
          this.options.logger.error({ err: error, conversationId, attempts }, 'Teams refused a message for good; it is dropped');
          return 'dropped';
        }
        const wait = Math.max(verdict.afterMs ?? 0, backoffMs(attempts));
        this.options.holdBack(conversationId, wait);
        const status = (error as { statusCode?: number }).statusCode;
        this.options.logger.info({ conversationId, attempts, waitMs: wait, status }, 'Teams asked to wait; sending again later');
        entry.attempts = attempts;
        if (inPlace >= IN_PLACE_ATTEMPTS || wait > 10_000) return { retryInMs: wait };
        await new Promise((resolve) => setTimeout(resolve, wait).unref());
        await this.options.pace(conversationId);
      }
    }
  }

  private async release(key: string, claimed: Versioned<OutboxEntry<W>>, retryInMs: number): Promise<void> {
    const entry = { ...claimed.value, claimedBy: null, claimedUntil: 0, notBefore: this.now() + retryInMs };
    try {
      await this.options.kv.put(PARTITION, key, entry, claimed.etag);
    } catch (error) {
      if (!isConflict(error)) throw error;
      // Written again meanwhile: keep the new work, drop the claim so any instance may send it.
      const again = await this.options.kv.get<OutboxEntry<W>>(PARTITION, key);
      if (again && again.value.claimedBy === this.instanceId) {
        await this.options.kv.put(PARTITION, key, { ...again.value, claimedBy: null, claimedUntil: 0 }, again.etag).catch(() => undefined);
      }
    }
    const timer = setTimeout(() => this.enqueue(key, claimed.value.conversationId), retryInMs + 10);
    timer.unref();
  }
}
