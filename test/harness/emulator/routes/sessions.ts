// POST /users/{id | upn}/revokeSignInSessions (and /me/revokeSignInSessions, which the router maps for delegated
// tokens): invalidates the user's refresh tokens and session cookies by resetting signInSessionsValidFromDateTime.
// Answers 200 with an Edm.Boolean `value: true`. https://learn.microsoft.com/graph/api/user-revokesigninsessions
// Who may call it (scopes, and the role a delegated caller needs on another user) is in delegated-graph.ts; the
// request log records each call's token kind (app or delegated) and, for delegated, the signed-in user.
import { REVOKE_SESSIONS } from '../delegated-graph';
import { metadataUrl } from '../odata';
import { type Route } from '../route-table';

export const sessionRoutes: readonly Route[] = [
  {
    method: 'POST',
    template: '/users/{id}/revokeSignInSessions',
    permissions: REVOKE_SESSIONS,
    handle: (ctx) => {
      const user = ctx.tenant.requireUser(ctx.params.id as string);
      user.signInSessionsValidFromDateTime = ctx.now.toISOString();
      return { status: 200, body: { '@odata.context': `${metadataUrl(ctx.version)}#Edm.Boolean`, value: true } };
    },
  },
];
