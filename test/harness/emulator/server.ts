// The emulated tenant over HTTPS on 127.0.0.1: Entra's token endpoint and Microsoft Graph for one
// seed, with fault injection and a request log. Each call to startEmulator owns all of its state.
import { type IncomingMessage, type ServerResponse } from 'node:http';
import https from 'node:https';
import { type Socket } from 'node:net';
import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { SigningKey } from './access-tokens';
import { failedDependencyError, runBatch } from './batch';
import { handleControl } from './control-endpoints';
import { registerMethod, useTap } from './method-registration';
import { type JsonObject } from './json';
import { handleEntra } from './entra-endpoints';
import { GraphError, badRequest, throttledError, unavailableError } from './errors';
import { type FaultConfig, Faults } from './faults';
import { type GraphAnswer, GraphRouter, graphPath } from './graph-router';
import { BodyTooLarge, lowerCaseHeaders, readBody, sendJson } from './http-io';
import { type GraphVersion } from './odata';
import { type EmulatorStats, RequestLog } from './request-log';
import { RouteTable, pathSegments } from './route-table';
import { GRAPH_ROUTES } from './routes';
import { loadSeed } from './seed';
import { Tenant } from './tenant';
import { type CertificateAuthority, makeServerCertificate } from './tls';
import { handleUserToken } from './user-tokens';
import { TokenService, type TokenServiceStats, signInPage } from './token-service';
import { VerifiedIdService } from './verified-id';
import { present } from './verified-id-present';

export interface EmulatorOptions {
  /** A seed file path or a seed object (test/fixtures/seeds/README.md format). */
  seed: string | object;
  /** 0 (default) picks a free port. */
  port?: number;
  /** Sign the server certificate with this CA (e.g. one the process trusts); otherwise one is made. */
  ca?: CertificateAuthority;
  faults?: FaultConfig;
  /** Serve GET /_emulator/issued-passes, for leak checks from another process. Off by default. */
  exposeIssuedPasses?: boolean;
  /** Called with each request-log entry (never a body, so never a pass value). */
  log?: (line: object) => void;
}

export interface Emulator {
  /** https://127.0.0.1:PORT */
  baseUrl: string;
  /** baseUrl + '/v1.0' */
  graphUrl: string;
  /** For @azure/identity's `authorityHost` (with disableInstanceDiscovery). */
  authorityHost: string;
  tokenUrl: string;
  tenantId: string;
  /** The first application of the seed. */
  clientId: string;
  /** The tenant's Verified ID DID when the seed sets Verified ID up (`verifiedId`), else null. */
  verifiedIdAuthority: string | null;
  clientSecret: string;
  caCertPem: string;
  /** The CA certificate in a temp file (removed on close). */
  caCertPath: string;
  faults: { set(config: FaultConfig): void; clear(): void; current(): FaultConfig };
  stats(): EmulatorStats;
  resetStats(): void;
  /** Every pass value created so far, for leak checks. */
  issuedPassValues(): string[];
  /** The person registers a sign-in method now (a passkey unless the body names another @odata.type). */
  registerMethod(userKey: string, body?: unknown): JsonObject;
  /** The person signs in with their pass now. */
  useTap(userKey: string): JsonObject;
  /** Verified ID presentation requests made so far: the service's id, the caller's state, callback URL and headers. */
  verifiedIdPresentations(): Array<{ requestId: string; state: string; callbackUrl: string; headers: Record<string, string> }>;
  /** The Bot Framework token service (its OAuth API endpoint is baseUrl, for the bot's BOTFRAMEWORK_OAUTH_URL). */
  tokenService: { stats(): TokenServiceStats };
  close(): Promise<void>;
}

const VERSIONS: Readonly<Record<string, GraphVersion>> = { 'v1.0': 'v1.0', beta: 'beta' };

export async function startEmulator(options: EmulatorOptions): Promise<Emulator> {
  const seed = loadSeed(options.seed);
  const tenant = new Tenant(seed);
  const app = seed.applications[0] as (typeof seed.applications)[number];
  const faults = new Faults(options.faults);
  const log = new RequestLog(options.log);
  const [key, certificate] = await Promise.all([SigningKey.create(), makeServerCertificate(options.ca)]);
  let baseUrl = '';
  const people = {
    registerMethod: (userKey: string, body: unknown) => registerMethod(tenant, userKey, body, new Date()),
    useTap: (userKey: string) => useTap(tenant, userKey, new Date()),
  };
  const router = new GraphRouter({ tenant, routes: new RouteTable(GRAPH_ROUTES), faults, log, key, baseUrl: () => baseUrl });
  const tokenService = new TokenService(tenant, key, () => baseUrl);
  const verifiedId = new VerifiedIdService(tenant, key, () => baseUrl);

  async function graph(
    req: IncomingMessage,
    res: ServerResponse,
    version: GraphVersion,
    url: URL,
    raw: string,
    headers: Record<string, string>,
  ): Promise<void> {
    const method = (req.method ?? 'GET').toUpperCase();
    const innerUrl = `/${url.pathname.split('/').slice(2).join('/')}${url.search}`;
    const path = graphPath(innerUrl);
    const arrival = log.arrive(method, path, Date.now());
    try {
      const auth = router.authenticate(headers.authorization);
      let body: unknown;
      if (raw.trim()) {
        try {
          body = JSON.parse(raw);
        } catch {
          return send(
            res,
            router.errorAnswer(
              badRequest(
                'Unable to read JSON request payload. Please ensure Content-Type header is set and payload is of valid JSON format.',
              ),
              headers,
            ),
          );
        }
      }
      if (method === 'POST' && path.toLowerCase() === '/$batch') return send(res, await batch(version, body, headers, auth));
      return send(res, await router.handle({ method, version, url: innerUrl, headers, body }, auth.ok ? auth.claims : auth.error));
    } finally {
      // A hung answer stays in flight until close, as a client would see it.
      if (!res.writableEnded && !res.destroyed) res.once('close', () => log.leave(arrival));
      else log.leave(arrival);
    }
  }

  async function batch(
    version: GraphVersion,
    body: unknown,
    headers: Record<string, string>,
    auth: ReturnType<GraphRouter['authenticate']>,
  ): Promise<GraphAnswer> {
    const batchId = randomUUID();
    const started = Date.now();
    const finish = (answer: GraphAnswer, fault?: string): GraphAnswer => {
      const clientRequestId = headers['client-request-id'];
      log.record({
        method: 'POST',
        path: '/$batch',
        route: 'POST /$batch',
        status: answer.status,
        start: started,
        end: Date.now(),
        batchId,
        ...(fault ? { fault } : {}),
        ...(clientRequestId ? { clientRequestId } : {}),
      });
      return answer;
    };
    if (!auth.ok) return finish(router.errorAnswer(auth.error, headers));
    const outerFault = faults.match('POST', '/$batch', true);
    if (outerFault?.kind === 'status429' || outerFault?.kind === 'status503') {
      const error =
        outerFault.kind === 'status429'
          ? throttledError(outerFault.retryAfterSeconds ?? 1)
          : unavailableError(outerFault.retryAfterSeconds);
      return finish(router.errorAnswer(error, headers), outerFault.kind);
    }
    try {
      const result = await runBatch(
        body,
        {
          version,
          handle: (inner) => router.handle(inner, auth.claims),
          failedDependency: (inner) => router.errorAnswer(failedDependencyError(), inner.headers),
        },
        batchId,
      );
      const drop = result.drop || outerFault?.kind === 'drop-after-write';
      const hang = result.hang || outerFault?.kind === 'timeout';
      return finish(
        {
          status: hang ? 0 : 200,
          headers: {
            'Content-Type': 'application/json',
            'request-id': randomUUID(),
            'client-request-id': headers['client-request-id'] ?? randomUUID(),
          },
          body: result.body,
          drop,
          hang,
        },
        outerFault?.kind,
      );
    } catch (error) {
      if (error instanceof GraphError) return finish(router.errorAnswer(error, headers));
      throw error;
    }
  }

  function send(res: ServerResponse, answer: GraphAnswer): void {
    if (answer.hang) return;
    if (answer.drop) {
      res.socket?.destroy();
      return;
    }
    sendJson(res, answer.status, answer.body, answer.headers);
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', baseUrl);
    const method = (req.method ?? 'GET').toUpperCase();
    const headers = lowerCaseHeaders(req);
    const raw = await readBody(req);
    const segments = pathSegments(url.pathname);
    const first = segments[0] ?? '';

    if (first === '_emulator' && segments[1] === 'user-token' && method === 'POST') {
      const answer = handleUserToken(raw, tenant, key, baseUrl, new Date());
      return sendJson(res, answer.status, answer.body, { 'Cache-Control': 'no-store' });
    }
    if (first === '_emulator' && segments[1] === 'sign-in' && method === 'POST') {
      // The person completing the sign-in page a loginRequest's link opened: {userId, signInUrl} → {magicCode}.
      let body: { userId?: unknown; signInUrl?: unknown } = {};
      try {
        body = JSON.parse(raw || '{}') as typeof body;
      } catch {
        return sendJson(res, 400, { error: { code: 'BadRequest', message: 'the body is not JSON' } });
      }
      if (typeof body.userId !== 'string' || typeof body.signInUrl !== 'string') {
        return sendJson(res, 400, { error: { code: 'BadRequest', message: 'the body must be {userId, signInUrl}' } });
      }
      const done = tokenService.signIn(body.userId, body.signInUrl, new Date());
      return done.ok ? sendJson(res, 200, { magicCode: done.magicCode }) : sendJson(res, done.status, { error: done.error });
    }
    if (first === '_emulator' && segments[1] === 'sign-in-page') {
      const form = new URLSearchParams(method === 'POST' ? raw : url.search);
      const link = form.get('link') ?? '';
      let page = signInPage(link);
      if (method === 'POST') {
        const done = tokenService.signIn(
          form.get('userId') ?? '',
          `${baseUrl}/_emulator/sign-in-page?link=${encodeURIComponent(link)}`,
          new Date(),
        );
        page = done.ok ? signInPage(link, { code: done.magicCode }) : signInPage(link, { error: done.error.message });
      }
      res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'no-store' });
      res.end(page);
      return;
    }
    if (first === 'api') {
      const start = Date.now();
      if (faults.tokenLatencyMs > 0) await sleep(faults.tokenLatencyMs);
      const answer = tokenService.handle(method, url.pathname, url.searchParams, raw, new Date());
      if (answer) {
        log.tokenCall({ route: `${method} ${url.pathname.toLowerCase()}`, status: answer.status, start, end: Date.now() });
        if (answer.contentType === 'text/plain') {
          res.writeHead(answer.status, { 'Content-Type': 'text/plain' });
          res.end(String(answer.body));
          return;
        }
        return answer.body === undefined ? sendJson(res, answer.status, undefined) : sendJson(res, answer.status, answer.body);
      }
    }
    if (first === '_emulator' && segments[1] === 'verified-id' && segments[2] === 'present' && method === 'POST') {
      const answer = await present(tenant, verifiedId, raw, new Date());
      return sendJson(res, answer.status, answer.body);
    }
    const service = verifiedId.handle(method, segments, headers, raw, new Date());
    if (service) return sendJson(res, service.status, service.body);
    if (first === '_emulator') {
      const issuedPasses = options.exposeIssuedPasses ? () => tenant.issuedPasses() : null;
      const forceNextPass = (value: string) => tenant.forceNextPass(value);
      const answer = handleControl(method, segments.slice(1), url.searchParams, raw, { faults, log, issuedPasses, forceNextPass, people });
      return sendJson(res, answer.status, answer.body);
    }
    const version = VERSIONS[first.toLowerCase()];
    if (version) return graph(req, res, version, url, raw, headers);
    const entraPath = segments.slice(1).join('/').toLowerCase();
    const tokenEndpoint = entraPath === 'oauth2/v2.0/token';
    // Entra is as remote as Graph: what a client library reads before a token (OpenID configuration, instance
    // discovery, signing keys) pays the same latency as the token itself.
    const metadata =
      method === 'GET' && /(?:^|\/)(?:\.well-known\/openid-configuration|discovery\/instance|discovery\/(?:v2\.0\/)?keys)$/.test(entraPath);
    const start = Date.now();
    if (faults.tokenLatencyMs > 0 && (tokenEndpoint || metadata)) await sleep(faults.tokenLatencyMs);
    const entra = handleEntra(
      { method, segments, headers, body: raw },
      { tenant, key, baseUrl, now: new Date(), onTokenIssued: () => log.tokenIssued() },
    );
    if (entra && tokenEndpoint) log.tokenCall({ route: `${method} /oauth2/v2.0/token`, status: entra.status, start, end: Date.now() });
    if (entra && metadata)
      log.tokenCall({ route: `GET /${entraPath.replace(/^v2\.0\//, '')}`, status: entra.status, start, end: Date.now() });
    if (entra) return sendJson(res, entra.status, entra.body, { 'Cache-Control': 'no-store' });
    const error = new GraphError(
      404,
      'NotFound',
      `Nothing is served at ${url.pathname}: Graph is under /v1.0 and /beta, Entra under /{tenant}/.`,
    );
    return send(res, router.errorAnswer(error, headers));
  }

  const sockets = new Set<Socket>();
  const server = https.createServer({ cert: certificate.certPem, key: certificate.keyPem }, (req, res) => {
    handle(req, res).catch((error: unknown) => {
      const status = error instanceof BodyTooLarge ? 413 : 500;
      sendJson(res, status, {
        error: {
          code: status === 413 ? 'RequestEntityTooLarge' : 'generalException',
          message: status === 413 ? 'The request body is too large.' : 'An internal server error occurred.',
        },
      });
    });
  });
  server.on('connection', (socket: Socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
  });
  // A client that gives up mid-handshake must not crash or log noise.
  server.on('tlsClientError', () => undefined);
  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(options.port ?? 0, '127.0.0.1', () => {
        server.off('error', reject);
        resolve();
      });
    });
  } catch (error) {
    certificate.dispose();
    throw error;
  }
  const port = (server.address() as { port: number }).port;
  baseUrl = `https://127.0.0.1:${port}`;

  let closing: Promise<void> | null = null;
  return {
    baseUrl,
    graphUrl: `${baseUrl}/v1.0`,
    authorityHost: baseUrl,
    tokenUrl: `${baseUrl}/${tenant.id}/oauth2/v2.0/token`,
    tenantId: tenant.id,
    clientId: app.appId,
    verifiedIdAuthority: tenant.verifiedId?.authority ?? null,
    clientSecret: app.clientSecret,
    caCertPem: certificate.ca.certPem,
    caCertPath: certificate.caCertPath,
    faults: { set: (config) => faults.set(config), clear: () => faults.clear(), current: () => faults.current() },
    stats: () => log.snapshot(),
    resetStats: () => log.reset(),
    issuedPassValues: () => tenant.issuedPasses(),
    registerMethod: (userKey, body = {}) => people.registerMethod(userKey, body),
    useTap: (userKey) => people.useTap(userKey),
    verifiedIdPresentations: () => verifiedId.list(),
    tokenService: { stats: () => tokenService.stats() },
    close() {
      closing ??= new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
        for (const socket of sockets) socket.destroy();
      }).finally(() => certificate.dispose());
      return closing;
    },
  };
}
