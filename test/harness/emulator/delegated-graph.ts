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

// Acting on ONESELF (the token's oid is the target): the same pages list the self scopes, and "acting on oneself"
// needs no Entra role. Application permissions are not supported for self (/me), delegated ones are.
const SELF_TAP_WRITE = ['UserAuthenticationMethod.ReadWrite', 'UserAuthMethod-TAP.ReadWrite', ...DELEGATED_TAP_WRITE];
const SELF_TAP_READ = [...SELF_TAP_WRITE, 'UserAuthenticationMethod.Read', 'UserAuthMethod-TAP.Read', ...DELEGATED_TAP_READ];
const SELF_METHODS_READ = ['UserAuthenticationMethod.Read', 'UserAuthenticationMethod.ReadWrite', ...DELEGATED_METHODS_READ];

// revokeSignInSessions, delegated or application: least privileged User.RevokeSessions.All
// (https://learn.microsoft.com/graph/api/user-revokesigninsessions). On oneself the scope suffices; on another
// user Entra also wants a role that may end their sessions (delegated-access.ts).
export const REVOKE_SESSIONS = ['User.RevokeSessions.All', 'User.ReadWrite.All', 'Directory.ReadWrite.All'];

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

function isSessionsRoute(route: Route): boolean {
  return /^\/users\/\{id\}\/revokeSignInSessions$/i.test(route.template);
}

/** The delegated scopes a route accepts when the signed-in user acts on themselves (null: as for others). */
function selfScopes(route: Route): readonly string[] | null {
  if (/temporaryAccessPassMethods/i.test(route.template))
    return route.method === 'GET' ? SELF_TAP_READ : route.method === 'DELETE' ? SELF_TAP_WRITE : null;
  if (isMethodsRoute(route) && route.method === 'GET') return SELF_METHODS_READ;
  if (isSessionsRoute(route)) return REVOKE_SESSIONS;
  return null;
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
  const target = tenant.user(params.id ?? '');
  const self = selfScopes(route);
  if (target && self && target.id.toLowerCase() === claims.oid.toLowerCase()) {
    if (!self.some((p) => scopes.includes(p))) throw accessDenied();
    return;
  }
  if (!delegatedScopes(route).some((p) => scopes.includes(p))) throw accessDenied();
  if (!isMethodsRoute(route) && !isSessionsRoute(route)) return;
  // An unknown target is the handler's 404, as for application callers.
  if (!target) return;
  const access = isSessionsRoute(route) ? 'sessions' : route.method === 'GET' ? 'read' : 'write';
  if (access === 'write' && tenant.delegatedAccess().refusedTapWrites.includes(claims.oid.toLowerCase())) throw accessDenied();
  if (!decideMethodAccess(tenant, claims.oid, target, access).allowed) throw accessDenied();
}
