// One Graph request, at top level or inside a $batch, through the same steps: latency, bearer token,
// route, permission, injected faults, the TAP write bucket, the handler, and the request log.
import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { type SigningKey, type TokenClaims, checkBearer } from './access-tokens';
import { authorizeRequest, grantedPermissions, tokenKind } from './delegated-graph';
import { GraphError, graphErrorBody, methodNotAllowed, segmentNotFound, throttledError, unavailableError } from './errors';
import { type Faults, type InjectedFault } from './faults';
import { type JsonObject } from './json';
import { checkRouteLicence } from './licences';
import { type GraphVersion } from './odata';
import { type RequestLog } from './request-log';
import { type Route, type RouteContext, type RouteTable, pathSegments } from './route-table';
import { type Tenant } from './tenant';

export interface GraphRequest {
  method: string;
  version: GraphVersion;
  /** Path and query after the version, e.g. `/users/x?$select=id`. */
  url: string;
  /** Lower-case names. */
  headers: Readonly<Record<string, string>>;
  body: unknown;
  batchId?: string;
}

export interface GraphAnswer {
  status: number;
  headers: Record<string, string>;
  body?: JsonObject;
  /** Apply the request, then destroy the connection without answering. */
  drop?: boolean;
  /** Never answer (until the emulator closes). */
  hang?: boolean;
}

export interface GraphRouterDeps {
  tenant: Tenant;
  routes: RouteTable;
  faults: Faults;
  log: RequestLog;
  key: SigningKey;
  /** https://127.0.0.1:PORT, known once listening. */
  baseUrl: () => string;
  now?: () => Date;
}

export const JSON_CONTENT_TYPE = 'application/json;odata.metadata=minimal;odata.streaming=true;IEEE754Compatible=false;charset=utf-8';

function unauthenticated(message: string): GraphError {
  return new GraphError(
    401,
    'InvalidAuthenticationToken',
    message,
    {},
    {
      'WWW-Authenticate':
        'Bearer realm="", authorization_uri="https://login.microsoftonline.com/common/oauth2/authorize", client_id="00000003-0000-0000-c000-000000000000"',
    },
  );
}

/** The Graph path a fault rule or log sees: no version, no query, no trailing slash. */
export function graphPath(url: string): string {
  const path = url.split('?')[0] ?? '';
  return `/${path.split('/').filter(Boolean).join('/')}`;
}

export class GraphRouter {
  private readonly now: () => Date;

  constructor(private readonly deps: GraphRouterDeps) {
    this.now = deps.now ?? (() => new Date());
  }

  /** Checks the Authorization header once per HTTP request ($batch inner requests share it). */
  authenticate(authorization: string | undefined): { ok: true; claims: TokenClaims } | { ok: false; error: GraphError } {
    const check = checkBearer(authorization, this.deps.key, this.deps.tenant.id, this.now());
    return check.ok ? check : { ok: false, error: unauthenticated(check.message) };
  }

  errorAnswer(error: GraphError, headers: Readonly<Record<string, string>>): GraphAnswer {
    const ids = { requestId: randomUUID(), clientRequestId: headers['client-request-id'] ?? randomUUID() };
    return {
      status: error.status,
      headers: {
        'Content-Type': 'application/json',
        'request-id': ids.requestId,
        'client-request-id': ids.clientRequestId,
        ...error.headers,
      },
      body: graphErrorBody(error, ids, this.now()) as JsonObject,
    };
  }

  async handle(request: GraphRequest, claims: TokenClaims | GraphError): Promise<GraphAnswer> {
    const start = Date.now();
    const path = graphPath(request.url);
    // `/me/...` is the signed-in user's `/users/{id}/...` (delegated tokens only; an app token has no "me").
    const isMe = path.split('/')[1]?.toLowerCase() === 'me';
    const delegatedMe =
      isMe && !(claims instanceof GraphError) && tokenKind(claims) === 'delegated' ? `/users/${claims.oid}${path.slice(3)}` : null;
    const lookup = this.deps.routes.lookup(request.method, request.version, pathSegments(delegatedMe ?? path));
    const route = lookup.kind === 'match' ? lookup.match.route : undefined;
    const name = route ? `${route.method} ${route.template}` : `${request.method} (unknown)`;
    if (this.deps.faults.latencyMs > 0) await sleep(this.deps.faults.latencyMs);

    let fault: InjectedFault | null = null;
    let answer: GraphAnswer;
    try {
      if (claims instanceof GraphError) throw claims;
      if (isMe && !delegatedMe) throw new GraphError(400, 'BadRequest', '/me request is only valid with delegated authentication flow.');
      if (lookup.kind === 'wrong-method') throw methodNotAllowed();
      if (lookup.kind === 'unknown') throw segmentNotFound(lookup.segment);
      const { route: matched, params } = lookup.match;
      authorizeRequest(matched, params, claims, this.deps.tenant);
      checkRouteLicence(matched.template, this.deps.tenant.tier);
      fault = this.deps.faults.match(request.method, path, false);
      if (!fault && matched.tapWrite === 'create') fault = this.deps.faults.takeTapWrite();
      if (fault?.kind === 'timeout') return this.finish({ status: 0, headers: {}, hang: true }, request, path, name, start, fault, claims);
      if (fault?.kind === 'status429') throw throttledError(fault.retryAfterSeconds ?? (matched.throttledWithoutRetryAfter ? null : 1));
      if (fault?.kind === 'status503') throw unavailableError(fault.retryAfterSeconds);
      answer = this.run(matched, params, request, claims);
      if (fault?.kind === 'drop-after-write') answer = { ...answer, drop: true };
    } catch (error) {
      // A handler bug must still answer like Graph (and show up in tests as a 500), not hang the client.
      const graphError =
        error instanceof GraphError ? error : new GraphError(500, 'generalException', 'An internal server error occurred.');
      answer = this.errorAnswer(graphError, request.headers);
    }
    return this.finish(answer, request, path, name, start, fault, claims);
  }

  private run(route: Route, params: Record<string, string>, request: GraphRequest, claims: TokenClaims): GraphAnswer {
    const selfUrl = new URL(`${this.deps.baseUrl()}/${request.version}${request.url.startsWith('/') ? '' : '/'}${request.url}`);
    const ctx: RouteContext = {
      params,
      query: selfUrl.searchParams,
      body: request.body,
      now: this.now(),
      tenant: this.deps.tenant,
      claims,
      version: request.version,
      headers: request.headers,
      selfUrl,
      has: (...permissions) => permissions.some((p) => grantedPermissions(claims).includes(p)),
    };
    const result = route.handle(ctx);
    if (route.tapWrite === 'create' && result.status === 201) this.deps.log.tapCreated();
    if (route.tapWrite === 'delete' && result.status === 204) this.deps.log.tapDeleted();
    const headers: Record<string, string> = {
      'request-id': randomUUID(),
      'client-request-id': request.headers['client-request-id'] ?? randomUUID(),
      ...(result.headers ?? {}),
    };
    if (result.body !== undefined) headers['Content-Type'] = JSON_CONTENT_TYPE;
    return { status: result.status, headers, ...(result.body !== undefined ? { body: result.body } : {}) };
  }

  private finish(
    answer: GraphAnswer,
    request: GraphRequest,
    path: string,
    route: string,
    start: number,
    fault: InjectedFault | null,
    claims: TokenClaims | GraphError,
  ): GraphAnswer {
    const token =
      claims instanceof GraphError
        ? {}
        : { token: tokenKind(claims), ...(tokenKind(claims) === 'delegated' ? { userId: claims.oid } : {}) };
    this.deps.log.record({
      ...token,
      method: request.method,
      path,
      route,
      status: answer.status,
      start,
      end: Date.now(),
      ...(request.batchId ? { batchId: request.batchId } : {}),
      ...(fault ? { fault: fault.kind } : {}),
      ...(request.headers['client-request-id'] ? { clientRequestId: request.headers['client-request-id'] } : {}),
    });
    return answer;
  }
}
