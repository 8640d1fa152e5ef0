// What the emulator served, for tests and benchmarks: counters per route template, TAP creates and
// deletes, concurrency, requests in flight and a bounded request log. Never request or response
// bodies, so no pass value can reach it.
export interface LogEntry {
  method: string;
  /** The Graph path without version and query, e.g. `/users/{id}` filled in. */
  path: string;
  /** The route template, e.g. `GET /users/{id}`, or `GET (unknown)`. */
  route: string;
  status: number;
  /** Epoch milliseconds. */
  start: number;
  end: number;
  /** The $batch this request was part of (the outer `POST /$batch` entry carries its own id). */
  batchId?: string;
  /** The injected fault, if any. */
  fault?: string;
  /** The caller's `client-request-id` header (Graph's correlation id), when it sent one. */
  clientRequestId?: string;
  /** The kind of the bearer token that was accepted (absent when the token was refused). */
  token?: 'application' | 'delegated';
  /** Delegated tokens: the signed-in user's object id. */
  userId?: string;
}

/** A call to Entra's token endpoint or to the Bot Framework token service: when it ran, for round-trip counts. */
export interface TokenCall {
  /** e.g. `POST /oauth2/v2.0/token`, `GET /api/botsignin/getsigninresource`. */
  route: string;
  status: number;
  start: number;
  end: number;
}

export interface EmulatorStats {
  /** Graph requests served, inner $batch requests and the outer `POST /$batch` included. */
  requests: number;
  byRoute: Record<string, number>;
  byStatus: Record<string, number>;
  tapCreates: number;
  tapDeletes: number;
  tokensIssued: number;
  faultsInjected: number;
  /** Most Graph HTTP requests handled at once. */
  maxConcurrency: number;
  /** Graph HTTP requests being handled now (arrived, not yet answered). */
  inFlight: Array<{ method: string; path: string; start: number }>;
  log: LogEntry[];
  /** Token calls (Entra's token endpoint, the token service), kept apart from the Graph log; bounded like it. */
  tokenCalls: TokenCall[];
}

/** The log keeps the newest entries; trimming in chunks keeps pushes O(1) on average. */
const LOG_LIMIT = 50_000;

export interface InFlightRequest {
  method: string;
  path: string;
  start: number;
}

export class RequestLog {
  private requests = 0;
  private byRoute: Record<string, number> = {};
  private byStatus: Record<string, number> = {};
  private tapCreates = 0;
  private tapDeletes = 0;
  private tokensIssued = 0;
  private faultsInjected = 0;
  private maxConcurrency = 0;
  private readonly inFlight = new Set<InFlightRequest>();
  private entries: LogEntry[] = [];
  private tokenCalls: TokenCall[] = [];

  constructor(private readonly listener?: (line: object) => void) {}

  arrive(method: string, path: string, start: number): InFlightRequest {
    const request = { method, path, start };
    this.inFlight.add(request);
    this.maxConcurrency = Math.max(this.maxConcurrency, this.inFlight.size);
    return request;
  }

  leave(request: InFlightRequest): void {
    this.inFlight.delete(request);
  }

  record(entry: LogEntry): void {
    this.requests += 1;
    this.byRoute[entry.route] = (this.byRoute[entry.route] ?? 0) + 1;
    this.byStatus[entry.status] = (this.byStatus[entry.status] ?? 0) + 1;
    if (entry.fault) this.faultsInjected += 1;
    this.entries.push(entry);
    if (this.entries.length > LOG_LIMIT * 1.2) this.entries = this.entries.slice(-LOG_LIMIT);
    this.listener?.(entry);
  }

  tokenCall(call: TokenCall): void {
    this.tokenCalls.push(call);
    if (this.tokenCalls.length > LOG_LIMIT * 1.2) this.tokenCalls = this.tokenCalls.slice(-LOG_LIMIT);
  }

  tapCreated(): void {
    this.tapCreates += 1;
  }

  tapDeleted(): void {
    this.tapDeletes += 1;
  }

  tokenIssued(): void {
    this.tokensIssued += 1;
  }

  /** A copy: callers may keep or change it without touching the emulator's counters. */
  snapshot(includeLog = true): EmulatorStats {
    return {
      requests: this.requests,
      byRoute: { ...this.byRoute },
      byStatus: { ...this.byStatus },
      tapCreates: this.tapCreates,
      tapDeletes: this.tapDeletes,
      tokensIssued: this.tokensIssued,
      faultsInjected: this.faultsInjected,
      maxConcurrency: this.maxConcurrency,
      inFlight: [...this.inFlight].map((r) => ({ ...r })),
      log: includeLog ? [...this.entries] : [],
      tokenCalls: includeLog ? [...this.tokenCalls] : [],
    };
  }

  /** Counters and log back to zero; requests in flight stay (they are still being handled). */
  reset(): void {
    this.requests = 0;
    this.byRoute = {};
    this.byStatus = {};
    this.tapCreates = 0;
    this.tapDeletes = 0;
    this.tokensIssued = 0;
    this.faultsInjected = 0;
    this.maxConcurrency = this.inFlight.size;
    this.entries = [];
    this.tokenCalls = [];
  }
}
