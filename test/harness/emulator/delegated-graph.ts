// How Graph authorizes a request by its token. Application tokens: one of the route's application
// permissions in `roles` (unchanged). Delegated tokens (idtyp `user`): one of the route's delegated
// scopes in `scp`, and for a user's authentication methods the signed-in user's own Entra rights over
// the target (delegated-access.ts): "the effective permissions are the intersection of the delegated
// permission and the signed-in user's privileges" (https://learn.microsoft.com/graph/auth/auth-concepts#delegated-and-application-permissions).
// A refusal is Graph's 403 Authorization_RequestDenied, "Insufficient privileges to complete the
// operation." (https://learn.microsoft.com/graph/resolve-auth-errors#403-forbidden).
import { type TokenClaims } from './access-tokens';
import { decideMethodAccess } from './delegated-access';
import { accessDenied } from './errors';
import { type Route } from './route-table';
import { type Tenant } from './tenant';

// Delegated scopes Graph lists for acting on OTHER users' TAPs (least privileged first):
// create https://learn.microsoft.com/graph/api/authentication-post-temporaryaccesspassmethods,
// delete https://learn.microsoft.com/graph/api/temporaryaccesspassauthenticationmethod-delete,
// get/list https://learn.microsoft.com/graph/api/temporaryaccesspassauthenticationmethod-get.
// `UserAuthMethod-TAP.ReadWrite.All` exists as a delegated permission and is the least privileged write.
export const DELEGATED_TAP_WRITE = ['UserAuthMethod-TAP.ReadWrite.All', 'UserAuthenticationMethod.ReadWrite.All'];
export const DELEGATED_TAP_READ = [...DELEGATED_TAP_WRITE, 'UserAuthMethod-TAP.Read.All', 'UserAuthenticationMethod.Read.All'];
const DELEGATED_METHODS_READ = ['UserAuthenticationMethod.Read.All', 'UserAuthenticationMethod.ReadWrite.All'];

export type TokenKind = 'application' | 'delegated';

export function tokenKind(claims: TokenClaims): TokenKind {
  return claims.idtyp === 'user' ? 'delegated' : 'application';
}

/** The permissions a token carries: app roles, or delegated scopes. */
export function grantedPermissions(claims: TokenClaims): string[] {
  return tokenKind(claims) === 'delegated' ? (claims.scp ?? '').split(' ').filter(Boolean) : claims.roles;
}

function isMethodsRoute(route: Route): boolean {
  return /^\/users\/\{id\}\/authentication\//i.test(route.template);
}

/** The delegated scopes a route accepts: its own list for TAPs and methods, else the application permission names (delegated twins). */
function delegatedScopes(route: Route): readonly string[] {
  if (/temporaryAccessPassMethods/i.test(route.template)) return route.method === 'GET' ? DELEGATED_TAP_READ : DELEGATED_TAP_WRITE;
  if (isMethodsRoute(route)) return DELEGATED_METHODS_READ;
  return route.permissions;
}

/** Throws Graph's 403 when the token may not call this route for these parameters. */
export function authorizeRequest(route: Route, params: Readonly<Record<string, string>>, claims: TokenClaims, tenant: Tenant): void {
  if (tokenKind(claims) === 'application') {
    if (!route.permissions.some((p) => claims.roles.includes(p))) throw accessDenied();
    return;
  }
  const scopes = grantedPermissions(claims);
  if (!delegatedScopes(route).some((p) => scopes.includes(p))) throw accessDenied();
  if (!isMethodsRoute(route)) return;
  const target = tenant.user(params.id ?? '');
  // An unknown target is the handler's 404, as for application callers.
  if (!target) return;
  const access = route.method === 'GET' ? 'read' : 'write';
  if (access === 'write' && tenant.delegatedAccess().refusedTapWrites.includes(claims.oid.toLowerCase())) throw accessDenied();
  if (!decideMethodAccess(tenant, claims.oid, target, access).allowed) throw accessDenied();
}
