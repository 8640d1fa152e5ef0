// The emulated tenant over HTTPS on 127.0.0.1: Entra's token endpoint and Graph v1.0 for one seed,
// with Graph's error bodies, $batch, fault injection and a request log for tests and benchmarks.
/* eslint-disable @typescript-eslint/no-explicit-any -- Graph JSON */
import https from 'node:https';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import { randomUUID } from 'node:crypto';
import { loadSeed } from './seed';
import { GraphFault, Tenant } from './tenant';
import { Entra, type TokenClaims } from './entra';
import { ROUTES } from './graph-routes';
import { type CertificateAuthority, makeServerCertificate } from './tls';
import { Faults, type FaultConfig } from './faults';

export type { FaultConfig };

export interface EmulatorOptions {
  seed: string | object;
  port?: number;
  ca?: CertificateAuthority;
  faults?: FaultConfig;
  /** Serve GET /_emulator/issued-passes, for tests that run the bot in another process. */
  exposeIssuedPasses?: boolean;
  log?: (line: object) => void;
}

export interface LogEntry {
  method: string;
  path: string;
  route: string;
  status: number;
  start: number;
  end: number;
  batchId?: string;
}

export interface EmulatorStats {
  requests: number;
  byRoute: Record<string, number>;
  tapCreates: number;
  tapDeletes: number;
  maxConcurrency: number;
  /** Requests being handled now (arrived, not yet answered), e.g. to crash a client mid-write. */
  inFlight: Array<{ method: string; path: string }>;
  log: LogEntry[];
}

export interface Emulator {
  baseUrl: string;
  graphUrl: string;
  authorityHost: string;
  tokenUrl: string;
  tenantId: string;
  clientId: string;
  clientSecret: string;
  caCertPem: string;
  caCertPath: string;
  faults: { set(config: FaultConfig): void; clear(): void };
  stats(): EmulatorStats;
  resetStats(): void;
  issuedPassValues(): string[];
  close(): Promise<void>;
}

interface Answer {
  status: number;
  body?: any;
  headers?: Record<string, string>;
  /** Apply the write, then destroy the connection without answering. */
  drop?: boolean;
  /** Never answer. */
  hang?: boolean;
}

function graphError(status: number, code: string, message: string, headers?: Record<string, string>, inner: Record<string, string> = {}): Answer {
  const date = new Date().toISOString().replace(/\.\d+Z$/, '');
  return { status, headers, body: { error: { code, message, innerError: { ...inner, date, 'request-id': randomUUID(), 'client-request-id': randomUUID() } } } };
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

export async function startEmulator(options: EmulatorOptions): Promise<Emulator> {
  const seed = loadSeed(options.seed);
  const tenant = new Tenant(seed);
  const faults = new Faults(options.faults);
  const stats: EmulatorStats = { requests: 0, byRoute: {}, tapCreates: 0, tapDeletes: 0, maxConcurrency: 0, inFlight: [], log: [] };
  let concurrency = 0;
  let baseUrl = '';
  const entra = new Entra(seed, () => baseUrl);
  const tls = await makeServerCertificate(options.ca);
  const sockets = new Set<Socket>();

  function record(entry: LogEntry) {
    stats.log.push(entry);
    if (stats.log.length > 20_000) stats.log.splice(0, stats.log.length - 20_000);
  }

  /** One Graph request (top level or inside a batch), after authentication. */
  function graph(method: string, rawPath: string, body: any, claims: TokenClaims | null, inBatch: string | undefined): Answer {
    const url = new URL(rawPath, `${baseUrl}/v1.0/`);
    const path = url.pathname.replace(/^\/v1\.0/i, '').replace(/\/+$/, '') || '/';
    const route = ROUTES.find((r) => r.method === method && r.pattern.test(path));
    const started = Date.now();
    const answer = ((): Answer => {
      if (!claims) return graphError(401, 'InvalidAuthenticationToken', 'Access token is empty or invalid.');
      if (!route) {
        const known = ROUTES.some((r) => r.pattern.test(path));
        return known ? graphError(405, 'Request_BadRequest', `Method ${method} is not allowed.`) : graphError(400, 'BadRequest', `Resource not found for the segment '${path.split('/')[1] ?? ''}'.`);
      }
      if (!route.permissions.some((p) => claims.roles.includes(p))) {
        return graphError(403, 'Authorization_RequestDenied', 'Insufficient privileges to complete the operation.');
      }
      const fault = faults.match(method, path, Boolean(route.write) && method === 'POST');
      if (fault?.kind === 'status429') {
        return graphError(429, 'TooManyRequests', 'Please retry again later.', { 'Retry-After': String(fault.retryAfterSeconds) }, { code: '429', message: 'Please retry after', status: '429' });
      }
      if (fault?.kind === 'status503') return graphError(503, 'serviceNotAvailable', 'The service is temporarily unavailable.', { 'Retry-After': '1' });
      if (fault?.kind === 'timeout') return inBatch ? graphError(504, 'gatewayTimeout', 'The request timed out.') : { status: 0, hang: true };
      try {
        const result = route.handle({ params: (route.pattern.exec(path) ?? []).slice(1), query: url.searchParams, body, now: new Date(), tenant, url });
        if (route.name.startsWith('POST /users/{id}/authentication/temporaryAccessPassMethods') && result.status === 201) stats.tapCreates += 1;
        if (route.name.startsWith('DELETE') && result.status === 204) stats.tapDeletes += 1;
        if (fault?.kind === 'drop-after-write') return inBatch ? graphError(504, 'gatewayTimeout', 'The request timed out.') : { status: 0, drop: true };
        return result;
      } catch (error) {
        // The TAP endpoints (like the authentication-methods service behind them) repeat the message inside innerError.
        if (error instanceof GraphFault) return graphError(error.status, error.code, error.message, undefined, error.code === 'badRequest' ? { message: error.message } : {});
        return graphError(500, 'generalException', 'An internal error occurred.');
      }
    })();
    const name = route?.name ?? `${method} (unknown)`;
    stats.requests += 1;
    stats.byRoute[name] = (stats.byRoute[name] ?? 0) + 1;
    record({ method, path, route: name, status: answer.status, start: started, end: Date.now(), ...(inBatch ? { batchId: inBatch } : {}) });
    return answer;
  }

  function batch(body: any, claims: TokenClaims | null): Answer {
    const requests: any[] = Array.isArray(body?.requests) ? body.requests : [];
    if (!Array.isArray(body?.requests) || requests.length === 0) return graphError(400, 'BadRequest', 'Invalid batch payload format.');
    if (requests.length > 20) return graphError(400, 'BadRequest', 'The number of batch requests must not exceed 20.');
    const ids = requests.map((r) => String(r?.id ?? '').toLowerCase());
    if (ids.some((id) => !id) || new Set(ids).size !== ids.length) return graphError(400, 'BadRequest', 'Batch request ids must be present and unique.');
    const batchId = randomUUID();
    const statuses = new Map<string, number>();
    const responses = requests.map((r) => {
      const failedDependency = (Array.isArray(r.dependsOn) ? r.dependsOn : []).some((d: string) => (statuses.get(String(d).toLowerCase()) ?? 200) >= 400);
      const answer = failedDependency
        ? graphError(424, 'FailedDependency', 'The request depends on a request that failed.')
        : graph(String(r.method ?? 'GET').toUpperCase(), String(r.url ?? ''), r.body, claims, batchId);
      statuses.set(String(r.id).toLowerCase(), answer.status);
      return { id: String(r.id), status: answer.status, headers: { 'Content-Type': 'application/json', ...(answer.headers ?? {}) }, body: answer.body ?? null };
    });
    return { status: 200, body: { responses: responses.reverse() } };
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', baseUrl);
    const method = (req.method ?? 'GET').toUpperCase();
    const raw = await readBody(req);
    const send = (answer: Answer) => {
      if (answer.hang) return;
      if (answer.drop) {
        req.socket.destroy();
        return;
      }
      const headers: Record<string, string> = { 'request-id': randomUUID(), ...(answer.headers ?? {}) };
      if (answer.body !== undefined) headers['Content-Type'] = 'application/json';
      res.writeHead(answer.status, headers);
      res.end(answer.body === undefined ? undefined : JSON.stringify(answer.body));
    };
    const parts = url.pathname.split('/').filter(Boolean);

    // Control endpoints for tests in other processes.
    if (parts[0] === '_emulator') {
      if (parts[1] === 'faults' && method === 'POST') {
        faults.set(JSON.parse(raw || '{}') as FaultConfig);
        return send({ status: 204 });
      }
      if (parts[1] === 'faults' && method === 'DELETE') {
        faults.clear();
        return send({ status: 204 });
      }
      if (parts[1] === 'stats') return send({ status: 200, body: stats });
      if (parts[1] === 'issued-passes' && options.exposeIssuedPasses) return send({ status: 200, body: tenant.issuedPasses });
      return send({ status: 404, body: {} });
    }

    // Entra: metadata, keys, token.
    if (parts[0] && entra.knowsTenant(parts[0])) {
      const rest = parts.slice(1).join('/');
      if (method === 'GET' && /^(v2\.0\/)?\.well-known\/openid-configuration$/.test(rest)) return send({ status: 200, body: entra.openIdConfiguration() });
      if (method === 'GET' && rest === 'discovery/v2.0/keys') return send({ status: 200, body: entra.keys() });
      if (method === 'POST' && rest === 'oauth2/v2.0/token') {
        const answer = entra.token(new URLSearchParams(raw));
        return send({ status: answer.status, body: answer.body });
      }
    }
    if (parts[0] === 'common' && parts[1] === 'discovery') return send({ status: 200, body: { tenant_discovery_endpoint: `${baseUrl}/${seed.tenant.id}/v2.0/.well-known/openid-configuration`, metadata: [] } });

    // Graph.
    if (parts[0]?.toLowerCase() === 'v1.0' || parts[0]?.toLowerCase() === 'beta') {
      let body: any = undefined;
      if (raw) {
        try {
          body = JSON.parse(raw);
        } catch {
          return send(graphError(400, 'BadRequest', 'Unable to read JSON request payload.'));
        }
      }
      const claims = entra.verify(req.headers.authorization);
      const path = `/${parts.slice(1).join('/')}${url.search}`;
      concurrency += 1;
      stats.maxConcurrency = Math.max(stats.maxConcurrency, concurrency);
      const arrival = { method, path: path.split('?')[0] as string };
      stats.inFlight.push(arrival);
      try {
        await faults.delay();
        if (path.split('?')[0]?.toLowerCase() === '/$batch' && method === 'POST') {
          if (!claims) return send(graphError(401, 'InvalidAuthenticationToken', 'Access token is empty or invalid.'));
          return send(batch(body, claims));
        }
        return send(graph(method, path, body, claims, undefined));
      } finally {
        concurrency -= 1;
        stats.inFlight.splice(stats.inFlight.indexOf(arrival), 1);
      }
    }
    return send(graphError(404, 'NotFound', 'Not found.'));
  }

  const server = https.createServer({ cert: tls.cert, key: tls.key }, (req, res) => {
    handle(req, res).catch(() => {
      if (!res.headersSent) {
        res.writeHead(500);
        res.end();
      }
    });
  });
  server.on('connection', (socket: Socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  const port = (server.address() as { port: number }).port;
  baseUrl = `https://127.0.0.1:${port}`;
  const app = seed.applications[0];
  if (!app) throw new Error('the tenant file has no application to issue tokens to');

  return {
    baseUrl,
    graphUrl: `${baseUrl}/v1.0`,
    authorityHost: baseUrl,
    tokenUrl: `${baseUrl}/${seed.tenant.id}/oauth2/v2.0/token`,
    tenantId: seed.tenant.id,
    clientId: app.appId,
    clientSecret: app.clientSecret,
    caCertPem: tls.ca.certPem,
    caCertPath: tls.caCertPath,
    faults: { set: (config) => faults.set(config), clear: () => faults.clear() },
    stats: () => stats,
    resetStats() {
      stats.requests = 0;
      stats.byRoute = {};
      stats.tapCreates = 0;
      stats.tapDeletes = 0;
      stats.maxConcurrency = 0;
      stats.inFlight = [];
      stats.log = [];
    },
    issuedPassValues: () => [...tenant.issuedPasses],
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
