// A typed route table: each Graph endpoint is a template (`/users/{id}/manager`) that doubles as its
// name in stats, the application permissions Graph accepts for it (any one), and a handler.
import { type TokenClaims } from './access-tokens';
import { type JsonObject } from './json';
import { type GraphVersion } from './odata';
import { type Tenant } from './tenant';

export type HttpMethod = 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';

export interface RouteContext {
  readonly params: Readonly<Record<string, string>>;
  readonly query: URLSearchParams;
  readonly body: unknown;
  readonly now: Date;
  readonly tenant: Tenant;
  readonly claims: TokenClaims;
  readonly version: GraphVersion;
  /** Request headers, names in lower case. */
  readonly headers: Readonly<Record<string, string>>;
  /** Absolute URL of this request on the emulator (for @odata.nextLink). */
  readonly selfUrl: URL;
  /** Whether the caller's token holds any of these permissions (for property-level checks). */
  has(...permissions: string[]): boolean;
}

export interface RouteAnswer {
  status: number;
  body?: JsonObject;
  headers?: Record<string, string>;
}

export interface Route {
  method: HttpMethod;
  template: string;
  permissions: readonly string[];
  /** TAP creates are counted in stats and draw from the TAP write bucket; deletes are counted. */
  tapWrite?: 'create' | 'delete';
  /** Identity Protection and Conditional Access send 429 without Retry-After (src/graph/README.md §10). */
  throttledWithoutRetryAfter?: boolean;
  /** Only in this version (beta-only endpoints). */
  version?: GraphVersion;
  handle(ctx: RouteContext): RouteAnswer;
}

interface CompiledRoute {
  route: Route;
  segments: Array<{ literal: string } | { param: string }>;
}

export interface RouteMatch {
  route: Route;
  params: Record<string, string>;
}

export type RouteLookup = { kind: 'match'; match: RouteMatch } | { kind: 'wrong-method' } | { kind: 'unknown'; segment: string };

function compile(route: Route): CompiledRoute {
  const segments = route.template
    .split('/')
    .filter(Boolean)
    .map((s) => {
      const param = /^\{(\w+)\}$/.exec(s)?.[1];
      return param ? { param } : { literal: s.toLowerCase() };
    });
  return { route, segments };
}

/**
 * Path segments as Graph reads them: percent-decoded, and the key form `users('x@y.com')` split into
 * `users`, `x@y.com` (the form Graph asks for when a UPN starts with `$`); a lone `('x')` segment is `x`.
 */
export function pathSegments(pathname: string): string[] {
  const out: string[] = [];
  for (const raw of pathname.split('/')) {
    if (!raw) continue;
    let segment: string;
    try {
      segment = decodeURIComponent(raw);
    } catch {
      segment = raw;
    }
    const key = /^([^(]*)\('(.*)'\)$/.exec(segment);
    if (!key) out.push(segment);
    else {
      if (key[1]) out.push(key[1]);
      out.push((key[2] as string).replace(/''/g, "'"));
    }
  }
  return out;
}

export class RouteTable {
  private readonly compiled: CompiledRoute[];

  constructor(routes: readonly Route[]) {
    this.compiled = routes.map(compile);
  }

  lookup(method: string, version: GraphVersion, segments: readonly string[]): RouteLookup {
    let methodMismatch = false;
    let deepest = 0;
    for (const { route, segments: template } of this.compiled) {
      if (route.version && route.version !== version) continue;
      let matched = 0;
      const params: Record<string, string> = {};
      for (const part of template) {
        const segment = segments[matched];
        if (segment === undefined) break;
        if ('literal' in part) {
          if (segment.toLowerCase() !== part.literal) break;
        } else params[part.param] = segment;
        matched += 1;
      }
      deepest = Math.max(deepest, matched);
      if (matched !== template.length || matched !== segments.length) continue;
      if (route.method !== method) {
        methodMismatch = true;
        continue;
      }
      return { kind: 'match', match: { route, params } };
    }
    if (methodMismatch) return { kind: 'wrong-method' };
    return { kind: 'unknown', segment: segments[deepest] ?? segments[segments.length - 1] ?? '' };
  }
}
