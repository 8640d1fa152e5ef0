// Fault injection: added latency, 429 with Retry-After, 503, a write applied but its answer dropped,
// no answer at all, and a token bucket on TAP creates (Graph's write throttling).
export interface FaultRule {
  method?: string;
  /** A regular expression matched against the Graph path (without /v1.0). */
  path?: string;
  kind: 'status429' | 'status503' | 'drop-after-write' | 'timeout';
  retryAfterSeconds?: number;
  /** How many matching requests it applies to (default: all). */
  times?: number;
  probability?: number;
}

export interface FaultConfig {
  latencyMs?: number;
  rules?: FaultRule[];
  /** TAP creates per second across the tenant; excess creates get 429 with Retry-After. */
  tapWriteRatePerSecond?: number;
}

export interface MatchedFault {
  kind: FaultRule['kind'];
  retryAfterSeconds: number;
}

export class Faults {
  private config: FaultConfig = {};
  private remaining = new Map<FaultRule, number>();
  private bucket = { tokens: 0, at: Date.now() };

  constructor(initial?: FaultConfig) {
    if (initial) this.set(initial);
  }

  set(config: FaultConfig): void {
    this.config = { ...this.config, ...config };
    this.remaining = new Map((this.config.rules ?? []).map((r) => [r, r.times ?? Number.POSITIVE_INFINITY]));
    if (config.tapWriteRatePerSecond !== undefined) this.bucket = { tokens: config.tapWriteRatePerSecond, at: Date.now() };
  }

  clear(): void {
    this.config = {};
    this.remaining = new Map();
  }

  async delay(): Promise<void> {
    const ms = this.config.latencyMs ?? 0;
    if (ms > 0) await new Promise((resolve) => setTimeout(resolve, ms));
  }

  /** The fault for this request, if any; `tapCreate` requests also draw from the write bucket. */
  match(method: string, path: string, tapCreate: boolean): MatchedFault | null {
    for (const [rule, left] of this.remaining) {
      if (left <= 0) continue;
      if (rule.method && rule.method.toUpperCase() !== method) continue;
      if (rule.path && !new RegExp(rule.path, 'i').test(path)) continue;
      if (rule.probability !== undefined && Math.random() >= rule.probability) continue;
      this.remaining.set(rule, left - 1);
      return { kind: rule.kind, retryAfterSeconds: rule.retryAfterSeconds ?? 1 };
    }
    const rate = this.config.tapWriteRatePerSecond;
    if (tapCreate && rate && rate > 0) {
      const now = Date.now();
      this.bucket.tokens = Math.min(rate, this.bucket.tokens + ((now - this.bucket.at) / 1000) * rate);
      this.bucket.at = now;
      if (this.bucket.tokens < 1) {
        return { kind: 'status429', retryAfterSeconds: Math.max(0.05, (1 - this.bucket.tokens) / rate) };
      }
      this.bucket.tokens -= 1;
    }
    return null;
  }
}
