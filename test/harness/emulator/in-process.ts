// The emulator's Graph without HTTP: the same seed loading, tenant and route handlers the server
// answers with, called directly (no token, latency, faults or request log). Unit tests get their Graph
// JSON here, so they and the integration tests see one projection of a seed into Graph, not two.
import { GRAPH_RESOURCE, type TokenClaims, TOKEN_LIFETIME_SECONDS, servicePrincipalId } from './access-tokens';
import { GraphError, accessDenied } from './errors';
import { type JsonObject } from './json';
import { type GraphVersion } from './odata';
import { RouteTable, pathSegments } from './route-table';
import { GRAPH_ROUTES } from './routes';
import { loadSeed } from './seed';
import { Tenant } from './tenant';

export interface InProcessAnswer {
  status: number;
  body?: JsonObject;
  /** Graph's error code when the status is not 2xx. */
  code: string | null;
}

const ROUTES = new RouteTable(GRAPH_ROUTES);
/** Only for @odata links in answers; nothing listens here. */
const BASE_URL = 'https://graph.in-process.invalid';

export class InProcessGraph {
  readonly tenant: Tenant;
  private readonly claims: TokenClaims;

  /**
   * `seed` is a file or seed JSON; its relative times resolve at `now`. Calls are made as the seed's
   * first application, holding the permissions the seed grants it, or `options.permissions` instead.
   */
  constructor(
    seed: string | object,
    readonly now: Date,
    options: { permissions?: readonly string[] } = {},
  ) {
    this.tenant = new Tenant(loadSeed(seed, now));
    const app = this.tenant.applications[0];
    if (!app) throw new Error('the seed has no application');
    const oid = servicePrincipalId(this.tenant.id, app.appId);
    const issued = Math.floor(now.getTime() / 1000);
    this.claims = {
      aud: GRAPH_RESOURCE,
      iss: `https://sts.windows.net/${this.tenant.id}/`,
      tid: this.tenant.id,
      appid: app.appId,
      app_displayname: app.displayName,
      roles: [...(options.permissions ?? app.grantedApplicationPermissions)],
      oid,
      sub: oid,
      idtyp: 'app',
      exp: issued + TOKEN_LIFETIME_SECONDS,
    };
  }

  /** A GET as the route table answers it: the route's permission check, then its handler. */
  get(url: string, version: GraphVersion = 'v1.0'): InProcessAnswer {
    const selfUrl = new URL(`${BASE_URL}/${version}${url.startsWith('/') ? '' : '/'}${url}`);
    const lookup = ROUTES.lookup('GET', version, pathSegments(url.split('?')[0] ?? ''));
    if (lookup.kind !== 'match') throw new Error(`the emulator has no GET ${url}`);
    const { route, params } = lookup.match;
    const claims = this.claims;
    try {
      if (!route.permissions.some((p) => claims.roles.includes(p))) throw accessDenied();
      const answer = route.handle({
        params,
        query: selfUrl.searchParams,
        body: undefined,
        now: this.now,
        tenant: this.tenant,
        claims,
        version,
        headers: {},
        selfUrl,
        has: (...permissions) => permissions.some((p) => claims.roles.includes(p)),
      });
      return { status: answer.status, ...(answer.body !== undefined ? { body: answer.body } : {}), code: null };
    } catch (error) {
      if (error instanceof GraphError) return { status: error.status, code: error.code };
      throw error;
    }
  }
}
