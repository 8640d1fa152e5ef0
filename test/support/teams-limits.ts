// Teams' documented Bot Connector rate limits, as sliding windows. Per conversation (thread): 7
// operations a second, 60 per 30 s, 1,800 per hour; per app and tenant: 50 requests a second. Every
// operation counts (sends, updates, roster reads). Over a limit the service answers 429.
// https://learn.microsoft.com/en-us/microsoftteams/platform/bots/how-to/rate-limit
export interface Window {
  limit: number;
  ms: number;
}

export interface TeamsLimits {
  perConversation: Window[];
  perApp: Window[];
}

export const TEAMS_LIMITS: TeamsLimits = {
  perConversation: [
    { limit: 7, ms: 1_000 },
    { limit: 60, ms: 30_000 },
    { limit: 1_800, ms: 3_600_000 },
  ],
  perApp: [{ limit: 50, ms: 1_000 }],
};

/**
 * Teams' bot message size limit: 100 KB of the whole payload encoded as UTF-16, base64-encoded images not counted.
 * Over it the Bot Connector answers 413 RequestEntityTooLarge with the error code MessageSizeTooBig.
 * https://learn.microsoft.com/microsoftteams/platform/bots/how-to/format-your-bot-messages
 */
export const MESSAGE_SIZE_LIMIT_BYTES = 100 * 1024;

/** A message's size as Teams counts it: UTF-16 bytes of the JSON, without the base64 payload of data URI images. */
export function messageSizeBytes(json: string): number {
  return json.replace(/data:image\/[a-z+.-]+;base64,[A-Za-z0-9+/=]*/g, '').length * 2;
}

/** Accepted operation times per key; answers how long until one more fits every window. */
export class SlidingWindows {
  private readonly times = new Map<string, number[]>();

  constructor(private readonly windows: Window[]) {}

  /** 0 when one more operation fits now (and records it), else the milliseconds until it would. */
  take(key: string, now: number): number {
    const longest = Math.max(...this.windows.map((w) => w.ms));
    const times = (this.times.get(key) ?? []).filter((t) => t > now - longest);
    let wait = 0;
    for (const w of this.windows) {
      const inWindow = times.filter((t) => t > now - w.ms);
      if (inWindow.length >= w.limit) wait = Math.max(wait, (inWindow[inWindow.length - w.limit] as number) + w.ms - now);
    }
    if (wait === 0) times.push(now);
    this.times.set(key, times);
    return wait;
  }
}

/** A small seeded generator (mulberry32), so a fault pattern repeats run after run. */
export function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}
