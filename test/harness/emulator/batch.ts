// POST /$batch (src/graph/README.md §10): at most 20 requests with unique ids (case-insensitive), dependsOn
// (a failed dependency gives 424), per-request status / headers / body, every inner request through
// the same router (permissions, faults and latency apply to each). Independent requests run
// concurrently; answers come back in completion order, reversed, so clients cannot rely on order.
import { randomUUID } from 'node:crypto';
import { GraphError, badRequest } from './errors';
import { type GraphAnswer, type GraphRequest } from './graph-router';
import { type JsonObject, isObject } from './json';
import { type GraphVersion } from './odata';

export const MAX_BATCH_REQUESTS = 20;
const METHODS = new Set(['GET', 'POST', 'PATCH', 'PUT', 'DELETE']);

interface InnerRequest {
  id: string;
  key: string;
  method: string;
  url: string;
  headers: Record<string, string>;
  body: unknown;
  dependsOn: string[];
}

export interface BatchResult {
  body: JsonObject;
  /** Some inner request asked for its answer to be dropped or never sent: the outer answer follows. */
  drop: boolean;
  hang: boolean;
}

function lowerKeys(headers: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  if (isObject(headers)) for (const [k, v] of Object.entries(headers)) out[k.toLowerCase()] = String(v);
  return out;
}

/** The inner requests, or the 400 Graph gives the whole batch when the payload is malformed. */
export function parseBatch(body: unknown): InnerRequest[] {
  if (!isObject(body) || !Array.isArray(body.requests) || body.requests.length === 0) throw badRequest('Invalid batch payload format.');
  if (body.requests.length > MAX_BATCH_REQUESTS) throw badRequest(`The number of batch requests must not exceed ${MAX_BATCH_REQUESTS}.`);
  const seen = new Set<string>();
  const requests = body.requests.map((raw: unknown): InnerRequest => {
    if (!isObject(raw) || typeof raw.id !== 'string' || raw.id === '') throw badRequest('Batch request id is missing.');
    const key = raw.id.toLowerCase();
    if (seen.has(key)) throw badRequest(`Batch request contains duplicate id '${raw.id}'.`);
    seen.add(key);
    const method = typeof raw.method === 'string' ? raw.method.toUpperCase() : '';
    if (!METHODS.has(method)) throw badRequest(`Invalid method '${String(raw.method)}' in batch request id : ${raw.id}.`);
    if (typeof raw.url !== 'string' || raw.url === '') throw badRequest(`Batch request id : ${raw.id} has no url.`);
    if (/^https?:/i.test(raw.url)) throw badRequest(`Batch request id : ${raw.id}: the url must be relative, e.g. /users.`);
    const headers = lowerKeys(raw.headers);
    if (raw.body !== undefined && !headers['content-type'])
      throw badRequest(`Write request id : ${raw.id} does not contain Content-Type header or body.`);
    const dependsOn =
      raw.dependsOn === undefined ? [] : Array.isArray(raw.dependsOn) ? raw.dependsOn.map((d) => String(d).toLowerCase()) : null;
    if (dependsOn === null) throw badRequest(`dependsOn of batch request id : ${raw.id} must be an array of ids.`);
    return { id: raw.id, key, method, url: raw.url.startsWith('/') ? raw.url : `/${raw.url}`, headers, body: raw.body, dependsOn };
  });
  for (const r of requests) {
    for (const d of r.dependsOn)
      if (!seen.has(d) || d === r.key)
        throw badRequest(`Batch request id : ${r.id} depends on '${d}', which is not another request of this batch.`);
  }
  assertAcyclic(requests);
  return requests;
}

function assertAcyclic(requests: InnerRequest[]): void {
  const byKey = new Map(requests.map((r) => [r.key, r]));
  const state = new Map<string, 'visiting' | 'done'>();
  const visit = (r: InnerRequest): void => {
    if (state.get(r.key) === 'done') return;
    if (state.get(r.key) === 'visiting') throw badRequest('The batch has circular dependsOn references.');
    state.set(r.key, 'visiting');
    for (const d of r.dependsOn) visit(byKey.get(d) as InnerRequest);
    state.set(r.key, 'done');
  };
  requests.forEach(visit);
}

export interface BatchDeps {
  version: GraphVersion;
  handle(request: GraphRequest): Promise<GraphAnswer>;
  failedDependency(request: GraphRequest): GraphAnswer;
}

export async function runBatch(body: unknown, deps: BatchDeps, batchId: string = randomUUID()): Promise<BatchResult> {
  const requests = parseBatch(body);
  const results = new Map<string, Promise<GraphAnswer>>();
  const completed: Array<{ request: InnerRequest; answer: GraphAnswer }> = [];
  const start = (r: InnerRequest): Promise<GraphAnswer> => {
    const existing = results.get(r.key);
    if (existing) return existing;
    const graphRequest: GraphRequest = { method: r.method, version: deps.version, url: r.url, headers: r.headers, body: r.body, batchId };
    const promise = Promise.all(r.dependsOn.map((d) => start(requests.find((x) => x.key === d) as InnerRequest))).then(
      async (dependencies) => {
        const answer = dependencies.some((a) => a.status < 200 || a.status >= 300)
          ? deps.failedDependency(graphRequest)
          : await deps.handle(graphRequest);
        completed.push({ request: r, answer });
        return answer;
      },
    );
    results.set(r.key, promise);
    return promise;
  };
  await Promise.all(requests.map(start));
  const responses = completed.reverse().map(({ request, answer }) => {
    const response: JsonObject = { id: request.id, status: answer.status, headers: { ...answer.headers } };
    if (answer.body !== undefined) response.body = answer.body;
    return response;
  });
  return { body: { responses }, drop: completed.some((c) => c.answer.drop), hang: completed.some((c) => c.answer.hang) };
}

export function failedDependencyError(): GraphError {
  return new GraphError(424, 'FailedDependency', 'The request depends on a request in this batch that failed.');
}
