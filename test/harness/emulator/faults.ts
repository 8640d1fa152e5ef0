// Fault injection for tests and benchmarks: added latency (Graph's, and the token services'), 429 with Retry-After, 503, an answer
// dropped after the write was applied, no answer at all, and a token bucket on TAP creates (Graph's
// write throttling). Set at start, in-process, or over HTTP (POST /_emulator/faults).
export type FaultKind = 'status429' | 'status503' | 'drop-after-write' | 'timeout';

export interface FaultRule {
  /** HTTP method to match (any when left out). */
  method?: string;
  /**
   * A regular expression (case-insensitive) on the Graph path without the version and query, e.g.
   * `temporaryAccessPassMethods$`. Inner $batch requests are matched on their own path; the outer
   * `POST /$batch` only by a rule whose `path` matches `/$batch`.
   */
  path?: string;
  kind: FaultKind;
  /**
   * Retry-After for `status429` (default 1 s, but none for Identity Protection and Conditional Access,
   * as Graph sends none there) and `status503` (default none).
   */
  retryAfterSeconds?: number;
  /** How many matching requests it applies to (default: all). */
  times?: number;
  /** Chance (0–1) that a matching request gets the fault (default: 1). */
  probability?: number;
}

export interface FaultConfig {
  /** Added to every Graph request (each inner request of a $batch too). */
  latencyMs?: number;
  /**
   * Added to every request to Entra's token endpoint (client credentials, on-behalf-of), to what a client library reads
   * before it (OpenID configuration, instance discovery, signing keys) and to the Bot Framework
   * token service (the sign-in link, a magic code's token): remote services as Graph is, so a benchmark gives them
   * the same L. Default 0.
   */
  tokenLatencyMs?: number;
  rules?: FaultRule[];
  /** TAP creates per second for the tenant (burst of one second); excess creates get 429 with Retry-After. 0 = no limit. */
  tapWriteRatePerSecond?: number;
}

export interface InjectedFault {
  kind: FaultKind;
  /** Seconds as the rule set them, or null: the router then uses Graph's default for the endpoint. */
  retryAfterSeconds: number | null;
}

export class FaultConfigError extends Error {}

const KINDS: readonly FaultKind[] = ['status429', 'status503', 'drop-after-write', 'timeout'];

function nonNegative(value: unknown, what: string): number | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) throw new FaultConfigError(`${what} must be a number ≥ 0`);
  return value;
}

/** A FaultConfig from untrusted JSON, or a FaultConfigError saying what is wrong. */
export function parseFaultConfig(input: unknown): FaultConfig {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) throw new FaultConfigError('a fault config must be an object');
  const raw = input as Record<string, unknown>;
  const unknown = Object.keys(raw).filter((k) => !['latencyMs', 'tokenLatencyMs', 'rules', 'tapWriteRatePerSecond'].includes(k));
  if (unknown.length > 0) throw new FaultConfigError(`unknown fault setting(s): ${unknown.join(', ')}`);
  const config: FaultConfig = {};
  const latencyMs = nonNegative(raw.latencyMs, 'latencyMs');
  if (latencyMs !== undefined) config.latencyMs = latencyMs;
  const tokenLatencyMs = nonNegative(raw.tokenLatencyMs, 'tokenLatencyMs');
  if (tokenLatencyMs !== undefined) config.tokenLatencyMs = tokenLatencyMs;
  const rate = nonNegative(raw.tapWriteRatePerSecond, 'tapWriteRatePerSecond');
  if (rate !== undefined) config.tapWriteRatePerSecond = rate;
  if (raw.rules !== undefined) {
    if (!Array.isArray(raw.rules)) throw new FaultConfigError('rules must be an array');
    config.rules = raw.rules.map((r: unknown, i) => {
      if (typeof r !== 'object' || r === null) throw new FaultConfigError(`rules[${i}] must be an object`);
      const rule = r as Record<string, unknown>;
      if (!KINDS.includes(rule.kind as FaultKind)) throw new FaultConfigError(`rules[${i}].kind must be one of ${KINDS.join(', ')}`);
      const out: FaultRule = { kind: rule.kind as FaultKind };
      if (rule.method !== undefined) out.method = String(rule.method).toUpperCase();
      if (rule.path !== undefined) {
        out.path = String(rule.path);
        try {
          new RegExp(out.path, 'i');
        } catch {
          throw new FaultConfigError(`rules[${i}].path is not a valid regular expression`);
        }
      }
      const retry = nonNegative(rule.retryAfterSeconds, `rules[${i}].retryAfterSeconds`);
      if (retry !== undefined) out.retryAfterSeconds = retry;
      const times = nonNegative(rule.times, `rules[${i}].times`);
      if (times !== undefined) out.times = Math.floor(times);
      const probability = nonNegative(rule.probability, `rules[${i}].probability`);
      if (probability !== undefined) {
        if (probability > 1) throw new FaultConfigError(`rules[${i}].probability must be between 0 and 1`);
        out.probability = probability;
      }
      return out;
    });
  }
  return config;
}

interface ActiveRule {
  rule: FaultRule;
  pattern: RegExp | null;
  left: number;
}

export interface FaultDeps {
  random?: () => number;
  /** Milliseconds clock, for the token bucket. */
  clock?: () => number;
}

export class Faults {
  private config: FaultConfig = {};
  private rules: ActiveRule[] = [];
  private bucket = { tokens: 0, at: 0 };
  private readonly random: () => number;
  private readonly clock: () => number;

  constructor(initial: FaultConfig | undefined, deps: FaultDeps = {}) {
    this.random = deps.random ?? Math.random;
    this.clock = deps.clock ?? Date.now;
    if (initial) this.set(initial);
  }

  /** Merges the given settings into the current ones; new `rules` replace the old ones (and their counts). */
  set(input: FaultConfig): void {
    const config = parseFaultConfig(input);
    this.config = { ...this.config, ...config };
    if (config.rules) {
      this.rules = config.rules.map((rule) => ({
        rule,
        pattern: rule.path === undefined ? null : new RegExp(rule.path, 'i'),
        left: rule.times ?? Number.POSITIVE_INFINITY,
      }));
    }
    if (config.tapWriteRatePerSecond !== undefined) this.bucket = { tokens: config.tapWriteRatePerSecond, at: this.clock() };
  }

  clear(): void {
    this.config = {};
    this.rules = [];
  }

  current(): FaultConfig {
    return { ...this.config, rules: this.rules.map((r) => ({ ...r.rule, ...(Number.isFinite(r.left) ? { times: r.left } : {}) })) };
  }

  get latencyMs(): number {
    return this.config.latencyMs ?? 0;
  }

  get tokenLatencyMs(): number {
    return this.config.tokenLatencyMs ?? 0;
  }

  /** The first rule that matches this request (and its probability draw), consuming one of its `times`. */
  match(method: string, path: string, isBatch: boolean): InjectedFault | null {
    for (const active of this.rules) {
      const { rule } = active;
      if (active.left <= 0) continue;
      if (rule.method && rule.method !== method) continue;
      if (active.pattern ? !active.pattern.test(path) : isBatch) continue;
      if (rule.probability !== undefined && this.random() >= rule.probability) continue;
      active.left -= 1;
      return { kind: rule.kind, retryAfterSeconds: rule.retryAfterSeconds ?? null };
    }
    return null;
  }

  /** Takes a TAP-create token from the bucket; null when allowed, else the 429 to answer. */
  takeTapWrite(): InjectedFault | null {
    const rate = this.config.tapWriteRatePerSecond;
    if (!rate) return null;
    const now = this.clock();
    this.bucket.tokens = Math.min(rate, this.bucket.tokens + ((now - this.bucket.at) / 1000) * rate);
    this.bucket.at = now;
    if (this.bucket.tokens >= 1) {
      this.bucket.tokens -= 1;
      return null;
    }
    const wait = (1 - this.bucket.tokens) / rate;
    return { kind: 'status429', retryAfterSeconds: Math.max(0.001, Math.ceil(wait * 1000) / 1000) };
  }
}
