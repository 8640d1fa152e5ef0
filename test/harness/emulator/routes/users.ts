// Users: GET /users (with the $filter forms people search uses), /users/{id | upn}, its manager and
// direct reports, with Graph's default property set, $select and the signInActivity rules (AuditLog.Read.All, then an Entra ID P1 tenant).
import { GraphError, accessDenied, resourceNotFound } from '../errors';
import { type JsonObject } from '../json';
import { checkSignInActivityLicence } from '../licences';
import { applyFilter, collectionBody, contextWithSelect, isAdvancedQuery, metadataUrl, orderBy, project, selectedFields } from '../odata';
import { SIGN_IN_ACTIVITY_READ, USER_READ } from '../permissions';
import { type Route, type RouteContext } from '../route-table';
import { type SeedUser } from '../seed';
import { TYPES, USER_DEFAULT_PROPERTIES, USER_PROPERTIES, userResource } from './graph-json';

/** User properties Graph can filter on without advanced queries (the forms a directory search uses). */
const USER_FILTERABLE: ReadonlySet<string> = new Set(
  'id displayName givenName surname userPrincipalName mail mailNickname userType accountEnabled creationType externalUserState jobTitle department companyName employeeId employeeType officeLocation city country state postalCode usageLocation preferredLanguage onPremisesSyncEnabled onPremisesSamAccountName otherMails proxyAddresses imAddresses identities createdDateTime'.split(
    ' ',
  ),
);

export interface UserProjection {
  fields: string[] | null;
  /** Collections of users include `id` even when $select leaves it out (users-list-signinactivity example). */
  inCollection: boolean;
  /** Directory-object collections and the manager carry `@odata.type`. */
  typed: boolean;
}

/** Checks a $select on users: known properties only, and signInActivity needs AuditLog.Read.All. */
export function userFields(ctx: RouteContext, sample?: JsonObject): string[] | null {
  const fields = selectedFields(ctx.query);
  if (!fields) return null;
  for (const field of fields) {
    if (!USER_PROPERTIES.has(field) && !(sample && field in sample)) {
      throw new GraphError(400, 'BadRequest', `Could not find a property named '${field}' on type 'microsoft.graph.user'.`);
    }
  }
  if (fields.includes('signInActivity')) {
    if (!ctx.has(...SIGN_IN_ACTIVITY_READ)) throw accessDenied();
    checkSignInActivityLicence(ctx.tenant.tier);
  }
  return fields;
}

export function userView(resource: JsonObject, projection: UserProjection): JsonObject {
  const typed = projection.typed ? { '@odata.type': TYPES.user, ...resource } : resource;
  const fields = projection.fields ?? USER_DEFAULT_PROPERTIES;
  return project(typed, fields, projection.inCollection || !projection.fields ? ['id'] : []);
}

function userCollection(users: readonly SeedUser[], ctx: RouteContext, context: string, typed: boolean): JsonObject {
  const fields = userFields(ctx);
  const resources = users.map((u) => userResource(u, ctx.tenant));
  const selected = orderBy(
    applyFilter(resources, ctx.query, {
      resource: 'User',
      properties: USER_FILTERABLE,
      directory: true,
      advancedQuery: isAdvancedQuery(ctx.headers),
    }),
    ctx.query,
  );
  const items = selected.map((r) => userView(r, { fields, inCollection: true, typed }));
  const pageCap = fields?.includes('signInActivity') ? 120 : undefined;
  return collectionBody(items, ctx.query, ctx.selfUrl, ctx.version, {
    context: typed ? context : contextWithSelect(context, fields),
    pageCap,
  });
}

export const userRoutes: readonly Route[] = [
  {
    method: 'GET',
    template: '/users',
    permissions: USER_READ,
    handle: (ctx) => ({ status: 200, body: userCollection(ctx.tenant.users(), ctx, 'users', false) }),
  },
  {
    method: 'GET',
    template: '/users/{id}',
    permissions: USER_READ,
    handle: (ctx) => {
      const user = ctx.tenant.requireUser(ctx.params.id as string);
      const fields = userFields(ctx, user);
      return {
        status: 200,
        body: {
          '@odata.context': `${metadataUrl(ctx.version)}#${contextWithSelect('users', fields)}/$entity`,
          ...userView(userResource(user, ctx.tenant), { fields, inCollection: false, typed: false }),
        },
      };
    },
  },
  {
    method: 'GET',
    template: '/users/{id}/manager',
    permissions: USER_READ,
    handle: (ctx) => {
      const user = ctx.tenant.requireUser(ctx.params.id as string);
      const manager = ctx.tenant.manager(user);
      if (!manager) throw resourceNotFound('manager');
      const fields = userFields(ctx, manager);
      return {
        status: 200,
        body: {
          '@odata.context': `${metadataUrl(ctx.version)}#directoryObjects/$entity`,
          ...userView(userResource(manager, ctx.tenant), { fields, inCollection: false, typed: true }),
        },
      };
    },
  },
  {
    method: 'GET',
    template: '/users/{id}/directReports',
    permissions: USER_READ,
    handle: (ctx) => {
      const user = ctx.tenant.requireUser(ctx.params.id as string);
      return { status: 200, body: userCollection(ctx.tenant.directReports(user.id), ctx, 'directoryObjects', true) };
    },
  },
];
