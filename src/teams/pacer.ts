// Paces what this process sends to each Teams conversation under the Bot Connector's documented
// limits, so a burst of approval cards queues here instead of earning 429s: per conversation 7
// operations a second, 60 per 30 s, 1,800 per hour; per app and tenant 50 a second. A Retry-After
// from Teams holds the conversation back too. Per process (a second instance may still meet a 429;
// the outbox retries it). https://learn.microsoft.com/en-us/microsoftteams/platform/bots/how-to/rate-limit
export interface PaceWindow {
  limit: number;
  ms: number;
}

export interface PaceLimits {
  perConversation: PaceWindow[];
  perApp: PaceWindow[];
}

export const TEAMS_BOT_LIMITS: PaceLimits = {
  perConversation: [
    { limit: 7, ms: 1_000 },
    { limit: 60, ms: 30_000 },
    { limit: 1_800, ms: 3_600_000 },
  ],
  perApp: [{ limit: 50, ms: 1_000 }],
};

/** Conversations remembered at once; the oldest is forgotten first (it can only have aged out). */
const MAX_CONVERSATIONS = 2_000;

function waitFor(windows: PaceWindow[], times: number[], now: number): number {
  let wait = 0;
  for (const w of windows) {
    let inWindow = 0;
    for (let i = times.length - 1; i >= 0 && (times[i] as number) > now - w.ms; i -= 1) inWindow += 1;
    if (inWindow >= w.limit) wait = Math.max(wait, (times[times.length - w.limit] as number) + w.ms - now);
  }
  return wait;
}

export class ConversationPacer {
  private readonly sent = new Map<string, number[]>();
  private readonly app: number[] = [];
  private readonly heldUntil = new Map<string, number>();
  private readonly longest: number;

  constructor(
    private readonly limits: PaceLimits = TEAMS_BOT_LIMITS,
    private readonly now: () => number = Date.now,
  ) {
    this.longest = Math.max(...limits.perConversation.map((w) => w.ms), ...limits.perApp.map((w) => w.ms));
  }

  /** Milliseconds until one more operation to this conversation fits (0: now). */
  delay(conversationId: string): number {
    const now = this.now();
    const held = Math.max(0, (this.heldUntil.get(conversationId) ?? 0) - now);
    return Math.max(
      held,
      waitFor(this.limits.perConversation, this.sent.get(conversationId) ?? [], now),
      waitFor(this.limits.perApp, this.app, now),
    );
  }

  /** Waits for a slot in this conversation and counts it as used. */
  async take(conversationId: string): Promise<void> {
    for (let wait = this.delay(conversationId); wait > 0; wait = this.delay(conversationId)) await sleep(wait);
    const now = this.now();
    const times = this.sent.get(conversationId) ?? [];
    this.sent.delete(conversationId);
    if (this.sent.size >= MAX_CONVERSATIONS) this.sent.delete(this.sent.keys().next().value as string);
    const kept = prune(times, now - this.longest);
    kept.push(now);
    this.sent.set(conversationId, kept);
    this.app.push(now);
    if (this.app.length > 4 * Math.max(...this.limits.perApp.map((w) => w.limit))) this.app.splice(0, this.app.length / 2);
  }

  /** Teams said to wait (Retry-After, or a backoff after a failure): nothing goes to the conversation before then. */
  holdBack(conversationId: string, ms: number): void {
    this.heldUntil.set(conversationId, Math.max(this.heldUntil.get(conversationId) ?? 0, this.now() + ms));
    if (this.heldUntil.size > MAX_CONVERSATIONS) this.heldUntil.delete(this.heldUntil.keys().next().value as string);
  }
}

function prune(times: number[], after: number): number[] {
  let i = 0;
  while (i < times.length && (times[i] as number) <= after) i += 1;
  return i ? times.slice(i) : times;
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms).unref());
}
