// Microsoft Graph over the SDK client, with TAP Desk's own retry policy:
// - 429 is retried after Retry-After (Graph did not process the request), within a time bound;
// - 5xx, timeouts and dropped connections are retried only for reads. For a write they are
//   *ambiguous* — the write may have happened — so the caller must settle them by reading, never
//   by sending the write again (SECURITY.md). The SDK's own RetryHandler is not in the chain.
import { randomUUID } from 'node:crypto';
import { type Client, ResponseType } from '@microsoft/microsoft-graph-client';
import { DirectoryError } from '../app/kernel/ports';
import type { Logger } from '../logger';
import { correlation } from '../log-context';
import { clientRequestIdFor } from './client-request-id';
import { metrics } from '../telemetry/metrics';
import type { WritePacer } from './write-pacer';

export interface GraphResponse {
  status: number;
  headers: Record<string, string>;
  // Graph JSON: shapes are checked by the mappers that read it.
  body: any; // eslint-disable-line @typescript-eslint/no-explicit-any
}

export interface BatchItem {
  id: string;
  method: 'GET' | 'POST' | 'DELETE';
  url: string;
  body?: unknown;
}

export interface GraphHttpOptions {
  /** Longest total wait for Retry-After before giving up with `throttled`. */
  maxRetryWaitMs: number;
  maxAttempts: number;
  requestTimeoutMs: number;
  sleep?: (ms: number) => Promise<void>;
  /** Told of failed calls with Graph's `request-id`, the id Microsoft support asks for. */
  logger?: Pick<Logger, 'warn' | 'info'>;
}

export const DEFAULT_GRAPH_HTTP: GraphHttpOptions = { maxRetryWaitMs: 20_000, maxAttempts: 4, requestTimeoutMs: 15_000 };

const defaultSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Retry-After in seconds (may be fractional, as Graph sends e.g. 2.128); 1 s when absent. */
export function retryAfterMs(headers: Record<string, string>): number {
  const raw = headers['retry-after'];
  const seconds = raw === undefined ? NaN : Number(raw);
  return Number.isFinite(seconds) && seconds >= 0 ? Math.ceil(seconds * 1000) : 1000;
}

function headersOf(response: Response): Record<string, string> {
  const out: Record<string, string> = {};
  response.headers.forEach((value, key) => {
    out[key.toLowerCase()] = value;
  });
  return out;
}

function lowerKeys(headers: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  if (headers && typeof headers === 'object') {
    for (const [key, value] of Object.entries(headers)) out[key.toLowerCase()] = String(value);
  }
  return out;
}

export class GraphHttp {
  private readonly sleep: (ms: number) => Promise<void>;

  constructor(
    private readonly client: Client,
    private readonly options: GraphHttpOptions = DEFAULT_GRAPH_HTTP,
  ) {
    this.sleep = options.sleep ?? defaultSleep;
  }

  get(url: string, headers: Record<string, string> = {}): Promise<GraphResponse> {
    return this.send('GET', url, undefined, headers);
  }

  post(url: string, body: unknown): Promise<GraphResponse> {
    return this.send('POST', url, body, {});
  }

  delete(url: string): Promise<GraphResponse> {
    return this.send('DELETE', url, undefined, {});
  }

  /**
   * A POST that Graph throttles per tenant (TAP creates), paced by `pacer` instead of retried in
   * lockstep: a 429 means Graph did not process it, so it goes again when the pacer allows, until
   * its deadline. Anything else is answered as by `post`: no answer or a 5xx is ambiguous.
   */
  async pacedPost(url: string, body: unknown, pacer: WritePacer): Promise<GraphResponse> {
    const deadline = pacer.deadline();
    for (let retry = false; ; retry = true) {
      const release = await pacer.acquire(deadline, retry);
      let response: GraphResponse;
      try {
        response = await this.raw('POST', url, body, {});
      } catch (error) {
        release();
        throw ambiguousNoAnswer('POST', url, error);
      }
      // Tell the pacer before releasing the slot, so the next create already waits for Retry-After.
      if (response.status === 429) pacer.throttled(retryAfterMs(response.headers));
      else pacer.accepted();
      release();
      if (response.status === 429) continue;
      if (response.status >= 500) throw ambiguousStatus('POST', url, response);
      return response;
    }
  }

  /** Sends one request with the retry policy above; answers any HTTP status (callers map them). */
  private async send(method: BatchItem['method'], url: string, body: unknown, headers: Record<string, string>): Promise<GraphResponse> {
    const isWrite = method !== 'GET';
    let waited = 0;
    for (let attempt = 1; ; attempt += 1) {
      let response: GraphResponse;
      try {
        response = await this.raw(method, url, body, headers);
      } catch (error) {
        if (isWrite) throw ambiguousNoAnswer(method, url, error);
        if (attempt >= this.options.maxAttempts) {
          throw new DirectoryError('unavailable', null, 'Microsoft Graph did not answer', { cause: error });
        }
        continue;
      }
      if (response.status === 429) {
        const wait = retryAfterMs(response.headers);
        if (attempt >= this.options.maxAttempts || waited + wait > this.options.maxRetryWaitMs) {
          throw new DirectoryError('throttled', 'TooManyRequests', 'Microsoft Graph is throttling requests');
        }
        waited += wait;
        await this.sleep(wait);
        continue;
      }
      if (response.status >= 500) {
        if (isWrite) throw ambiguousStatus(method, url, response);
        if (attempt < this.options.maxAttempts) {
          await this.sleep(Math.min(250 * attempt, 1000));
          continue;
        }
        throw new DirectoryError('unavailable', graphCode(response), `Microsoft Graph answered ${response.status}`);
      }
      return response;
    }
  }

  /**
   * Sends GET requests in `$batch`es of at most 20. Inner 429s are sent again (in a new batch) after the
   * longest Retry-After; inner 5xx are retried like reads. Answers every id.
   */
  async batch(items: BatchItem[]): Promise<Map<string, GraphResponse>> {
    const results = new Map<string, GraphResponse>();
    let pending = items;
    let waited = 0;
    for (let attempt = 1; pending.length > 0; attempt += 1) {
      const retry: BatchItem[] = [];
      let wait = 0;
      for (let start = 0; start < pending.length; start += 20) {
        const chunk = pending.slice(start, start + 20);
        const outer = await this.send('POST', '/$batch', { requests: chunk.map(toBatchRequest) }, {}).catch((error: unknown) => {
          // A batch of reads changes nothing, so an ambiguous answer is just "unavailable".
          if (error instanceof DirectoryError && error.kind === 'ambiguous') {
            throw new DirectoryError('unavailable', error.graphCode, error.message, { cause: error });
          }
          throw error;
        });
        if (outer.status !== 200 || !Array.isArray(outer.body?.responses)) {
          throw new DirectoryError('unavailable', graphCode(outer), `Microsoft Graph refused the batch (${outer.status})`);
        }
        for (const inner of outer.body.responses as Array<{ id: string; status: number; headers?: unknown; body?: unknown }>) {
          const response: GraphResponse = { status: inner.status, headers: lowerKeys(inner.headers), body: inner.body ?? null };
          const item = chunk.find((c) => c.id === inner.id);
          if (!item) continue;
          if (response.status === 429) metrics.graphThrottled('GET');
          if (response.status === 429 || response.status >= 500) {
            retry.push(item);
            wait = Math.max(wait, response.status === 429 ? retryAfterMs(response.headers) : 250);
          }
          results.set(inner.id, response);
        }
      }
      if (retry.length === 0) break;
      if (attempt >= this.options.maxAttempts || waited + wait > this.options.maxRetryWaitMs) break; // keep the last answers
      waited += wait;
      await this.sleep(wait);
      pending = retry;
    }
    return results;
  }

  private async raw(method: BatchItem['method'], url: string, body: unknown, headers: Record<string, string>): Promise<GraphResponse> {
    const clientRequestId = clientRequestIdFor(correlation(), randomUUID);
    let request = this.client
      .api(url)
      .responseType(ResponseType.RAW)
      .option('signal', AbortSignal.timeout(this.options.requestTimeoutMs))
      .header('client-request-id', clientRequestId);
    for (const [name, value] of Object.entries(headers)) request = request.header(name, value);
    let response: Response;
    try {
      response = method === 'GET' ? await request.get() : method === 'POST' ? await request.post(body ?? {}) : await request.delete();
    } catch (error) {
      this.options.logger?.warn(
        { graph: { method, path: pathOf(url), clientRequestId }, err: errorSummary(error) },
        'no answer from Microsoft Graph',
      );
      throw error;
    }
    const text = await response.text();
    let parsed: unknown = null;
    if (text) {
      try {
        parsed = JSON.parse(text);
      } catch {
        parsed = { error: { code: 'InvalidJson', message: 'Microsoft Graph answered with something that is not JSON' } };
      }
    }
    const answer: GraphResponse = { status: response.status, headers: headersOf(response), body: parsed };
    if (answer.status >= 400) this.logFailure(method, url, clientRequestId, answer);
    if (answer.status === 429) metrics.graphThrottled(method);
    return answer;
  }

  /** Status, Graph's error code and both ids; never a body (a TAP create's body holds the pass). */
  private logFailure(method: string, url: string, clientRequestId: string, answer: GraphResponse): void {
    const fields = {
      graph: {
        method,
        path: pathOf(url),
        status: answer.status,
        code: graphCode(answer),
        requestId: answer.headers['request-id'] ?? null,
        clientRequestId,
      },
    };
    // A 404 on a lookup is an ordinary answer; throttling, server errors and refusals are worth a look.
    if (answer.status === 429 || answer.status >= 500 || answer.status === 401 || answer.status === 403)
      this.options.logger?.warn(fields, 'Microsoft Graph request failed');
    else this.options.logger?.info(fields, 'Microsoft Graph request failed');
  }
}

/** The path without the query: filters name people, and the ids to match with Graph are logged beside. */
function pathOf(url: string): string {
  return url.split('?')[0] ?? url;
}

function errorSummary(error: unknown): { name: string; message: string } | string {
  return error instanceof Error ? { name: error.name, message: error.message } : String(error);
}

/** A write with no answer may still have happened: the caller settles it by reading. */
function ambiguousNoAnswer(method: string, url: string, cause: unknown): DirectoryError {
  return new DirectoryError('ambiguous', null, `No answer from Microsoft Graph to ${method} ${url}`, { cause });
}

function ambiguousStatus(method: string, url: string, response: GraphResponse): DirectoryError {
  return new DirectoryError('ambiguous', graphCode(response), `Microsoft Graph answered ${response.status} to ${method} ${url}`);
}

function toBatchRequest(item: BatchItem): Record<string, unknown> {
  const request: Record<string, unknown> = { id: item.id, method: item.method, url: item.url };
  if (item.body !== undefined) {
    request.body = item.body;
    request.headers = { 'Content-Type': 'application/json' };
  }
  return request;
}

/** Graph's error code from an error body, e.g. `Authorization_RequestDenied`. */
export function graphCode(response: GraphResponse): string | null {
  const code = response.body?.error?.code;
  return typeof code === 'string' ? code : null;
}

export function graphMessage(response: GraphResponse): string {
  const message = response.body?.error?.message;
  return typeof message === 'string' ? message : `HTTP ${response.status}`;
}
