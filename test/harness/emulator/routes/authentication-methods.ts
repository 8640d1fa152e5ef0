// A user's authentication methods (TAPs with usability computed at read time), the TAP endpoints,
// and the authentication-method policy's configurations (any casing of the configuration id).
import { GraphError } from '../errors';
import { type JsonObject } from '../json';
import { collectionBody, metadataUrl } from '../odata';
import { AUTH_METHOD_POLICY_READ, AUTH_METHODS_READ, TAP_READ, TAP_WRITE } from '../permissions';
import { type Route, type RouteContext } from '../route-table';
import { TAP_POLICY_ID, TAP_POLICY_TYPE } from '../tap-policy';
import { TAP_TYPE, createTap, deleteTap, tapNotFound, tapView, tapsOf } from '../temporary-access-passes';
import { TYPES } from './graph-json';

/** `users('{id}')/authentication/{rest}`: Graph names the user as the URL did. */
function usersPath(ctx: RouteContext, rest: string): string {
  return `users('${ctx.params.id as string}')/authentication/${rest}`;
}

/** A non-TAP method as Graph lists it (passwords always show `password: null`). */
function methodView(method: JsonObject): JsonObject {
  if (method['@odata.type'] === TYPES.password) return { ...method, password: null };
  return { ...method };
}

/** The configuration as Graph returns it, with the navigation-link annotation on includeTargets. */
function configurationView(configuration: JsonObject, ctx: RouteContext): JsonObject {
  const id = String(configuration.id);
  const type = String(configuration['@odata.type'] ?? (id === TAP_POLICY_ID ? TAP_POLICY_TYPE : ''));
  const { includeTargets, excludeTargets, ...rest } = configuration;
  const out: JsonObject = {
    '@odata.context': `${metadataUrl(ctx.version)}#authenticationMethodConfigurations/$entity`,
    ...rest,
    '@odata.type': type,
  };
  if (includeTargets !== undefined) {
    out['includeTargets@odata.context'] =
      `${metadataUrl(ctx.version)}#policies/authenticationMethodsPolicy/authenticationMethodConfigurations('${id}')/${type.replace(/^#/, '')}/includeTargets`;
    out.includeTargets = includeTargets;
  }
  out.excludeTargets = excludeTargets ?? [];
  return out;
}

export const authenticationMethodRoutes: readonly Route[] = [
  {
    method: 'GET',
    template: '/policies/authenticationMethodsPolicy/authenticationMethodConfigurations/{configurationId}',
    permissions: AUTH_METHOD_POLICY_READ,
    handle: (ctx) => {
      const wanted = (ctx.params.configurationId as string).toLowerCase();
      const configuration =
        wanted === TAP_POLICY_ID.toLowerCase()
          ? ctx.tenant.tapConfiguration()
          : ctx.tenant.authenticationMethodConfigurations().find((c) => c.id.toLowerCase() === wanted);
      if (!configuration)
        throw new GraphError(
          404,
          'itemNotFound',
          `The authentication method configuration '${ctx.params.configurationId as string}' was not found.`,
        );
      return { status: 200, body: configurationView(configuration, ctx) };
    },
  },
  {
    method: 'GET',
    template: '/users/{id}/authentication/methods',
    permissions: AUTH_METHODS_READ,
    handle: (ctx) => {
      const user = ctx.tenant.requireUser(ctx.params.id as string);
      const methods = ctx.tenant
        .methodsOf(user.id)
        .map((m) => (m['@odata.type'] === TAP_TYPE ? tapView(ctx.tenant, user.id, m, ctx.now, ctx.version) : methodView(m)));
      return { status: 200, body: collectionBody(methods, ctx.query, ctx.selfUrl, ctx.version, { context: usersPath(ctx, 'methods') }) };
    },
  },
  {
    method: 'GET',
    template: '/users/{id}/authentication/temporaryAccessPassMethods',
    permissions: TAP_READ,
    handle: (ctx) => {
      const user = ctx.tenant.requireUser(ctx.params.id as string);
      // The list is typed by its URL, so its items carry no @odata.type (tap-list example).
      const items = tapsOf(ctx.tenant, user.id).map((t) => {
        const { '@odata.type': _type, ...view } = tapView(ctx.tenant, user.id, t, ctx.now, ctx.version);
        return view;
      });
      return {
        status: 200,
        body: collectionBody(items, ctx.query, ctx.selfUrl, ctx.version, { context: usersPath(ctx, 'temporaryAccessPassMethods') }),
      };
    },
  },
  {
    method: 'POST',
    template: '/users/{id}/authentication/temporaryAccessPassMethods',
    permissions: TAP_WRITE,
    tapWrite: 'create',
    handle: (ctx) => {
      const { view } = createTap(ctx.tenant, ctx.params.id as string, ctx.body, ctx.now, ctx.version, ctx.claims.idtyp === 'user');
      return {
        status: 201,
        body: { '@odata.context': `${metadataUrl(ctx.version)}#${usersPath(ctx, 'temporaryAccessPassMethods')}/$entity`, ...view },
      };
    },
  },
  {
    method: 'GET',
    template: '/users/{id}/authentication/temporaryAccessPassMethods/{tapId}',
    permissions: TAP_READ,
    handle: (ctx) => {
      const user = ctx.tenant.requireUser(ctx.params.id as string);
      const tap = tapsOf(ctx.tenant, user.id).find((t) => t.id.toLowerCase() === (ctx.params.tapId as string).toLowerCase());
      if (!tap) throw tapNotFound();
      return {
        status: 200,
        body: {
          '@odata.context': `${metadataUrl(ctx.version)}#${usersPath(ctx, 'temporaryAccessPassMethods')}/$entity`,
          ...tapView(ctx.tenant, user.id, tap, ctx.now, ctx.version),
        },
      };
    },
  },
  {
    method: 'DELETE',
    template: '/users/{id}/authentication/temporaryAccessPassMethods/{tapId}',
    permissions: TAP_WRITE,
    tapWrite: 'delete',
    handle: (ctx) => {
      deleteTap(ctx.tenant, ctx.params.id as string, ctx.params.tapId as string, ctx.claims.idtyp === 'user');
      return { status: 204 };
    },
  },
];
