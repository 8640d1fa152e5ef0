// What a user is a member of: memberOf (direct) and transitiveMemberOf (through nested groups) return
// groups, directory roles (tenant-wide active assignments; via role-assignable groups only
// transitively) and administrative units, with the OData cast forms; ownedObjects; checkMemberGroups.
import { badRequest, resourceNotFound, segmentNotFound } from '../errors';
import { type JsonObject } from '../json';
import { applyFilter, collectionBody, isAdvancedQuery, metadataUrl, orderBy, selectedFields } from '../odata';
import { MEMBERSHIP_READ, USER_READ } from '../permissions';
import { type Route, type RouteContext, type RouteAnswer } from '../route-table';
import { TYPES, administrativeUnitResource, directoryRoleResource, groupResource, selectOnDirectoryObject } from './graph-json';

/** Cast segment → the type it keeps and the collection name in @odata.context. */
const CASTS: Readonly<Record<string, { type: string; context: string }>> = Object.freeze({
  'microsoft.graph.group': { type: TYPES.group, context: 'groups' },
  'microsoft.graph.directoryrole': { type: TYPES.directoryRole, context: 'directoryRoles' },
  'microsoft.graph.administrativeunit': { type: TYPES.administrativeUnit, context: 'administrativeUnits' },
});

const MEMBERSHIP_FILTERABLE: ReadonlySet<string> = new Set([
  'id',
  'displayName',
  'securityEnabled',
  'mailEnabled',
  'isAssignableToRole',
  'roleTemplateId',
  'groupTypes',
  'mail',
  'mailNickname',
]);
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function membershipsOf(ctx: RouteContext, transitive: boolean): JsonObject[] {
  const user = ctx.tenant.requireUser(ctx.params.id as string);
  const groups = transitive ? ctx.tenant.groupsOf(user.id) : ctx.tenant.directGroups(user.id);
  return [
    ...groups.map(groupResource),
    ...ctx.tenant.tenantRoles(user.id, transitive).map((t) => directoryRoleResource(t, ctx.tenant.id)),
    ...ctx.tenant.unitsOf(user.id).map(administrativeUnitResource),
    ...(transitive ? ctx.tenant.unitsThroughGroups(user.id).map(administrativeUnitResource) : []),
  ];
}

function listing(items: JsonObject[], ctx: RouteContext, context: string, cast: boolean): RouteAnswer {
  const fields = selectedFields(ctx.query);
  const filtered = orderBy(
    applyFilter(items, ctx.query, {
      resource: 'DirectoryObject',
      properties: MEMBERSHIP_FILTERABLE,
      directory: true,
      advancedQuery: isAdvancedQuery(ctx.headers),
    }),
    ctx.query,
  );
  const shaped = filtered.map((item) => {
    const selected = fields ? selectOnDirectoryObject(item, fields) : item;
    if (!cast) return selected;
    // With a cast, every item has the cast's type, so Graph leaves @odata.type out.
    const { '@odata.type': _type, ...rest } = selected;
    return rest;
  });
  return { status: 200, body: collectionBody(shaped, ctx.query, ctx.selfUrl, ctx.version, { context }) };
}

function memberships(transitive: boolean) {
  return (ctx: RouteContext): RouteAnswer => listing(membershipsOf(ctx, transitive), ctx, 'directoryObjects', false);
}

/** `/memberOf/{cast}` (or `/$/{cast}`), or `/memberOf/{objectId}` for one membership. */
function castOrItem(transitive: boolean) {
  return (ctx: RouteContext): RouteAnswer => {
    const segment = ctx.params.cast as string;
    const items = membershipsOf(ctx, transitive);
    const cast = CASTS[segment.toLowerCase()];
    if (cast)
      return listing(
        items.filter((i) => i['@odata.type'] === cast.type),
        ctx,
        cast.context,
        true,
      );
    if (!GUID.test(segment)) throw segmentNotFound(segment);
    const item = items.find((i) => String(i.id).toLowerCase() === segment.toLowerCase());
    if (!item) throw resourceNotFound(segment);
    const fields = selectedFields(ctx.query);
    return {
      status: 200,
      body: {
        '@odata.context': `${metadataUrl(ctx.version)}#directoryObjects/$entity`,
        ...(fields ? selectOnDirectoryObject(item, fields) : item),
      },
    };
  };
}

function routesFor(name: 'memberOf' | 'transitiveMemberOf'): Route[] {
  const transitive = name === 'transitiveMemberOf';
  return [
    { method: 'GET', template: `/users/{id}/${name}`, permissions: MEMBERSHIP_READ, handle: memberships(transitive) },
    { method: 'GET', template: `/users/{id}/${name}/{cast}`, permissions: MEMBERSHIP_READ, handle: castOrItem(transitive) },
    {
      method: 'GET',
      template: `/users/{id}/${name}/$/{cast}`,
      permissions: MEMBERSHIP_READ,
      handle: (ctx) => {
        if (!CASTS[(ctx.params.cast as string).toLowerCase()]) throw segmentNotFound(ctx.params.cast as string);
        return castOrItem(transitive)(ctx);
      },
    },
  ];
}

const MAX_CHECKED_GROUPS = 20;

export const membershipRoutes: readonly Route[] = [
  ...routesFor('memberOf'),
  ...routesFor('transitiveMemberOf'),
  {
    method: 'GET',
    template: '/users/{id}/ownedObjects',
    permissions: USER_READ,
    handle: (ctx) => {
      const user = ctx.tenant.requireUser(ctx.params.id as string);
      return listing(ctx.tenant.ownedGroups(user.id).map(groupResource), ctx, 'directoryObjects', false);
    },
  },
  {
    method: 'POST',
    template: '/users/{id}/checkMemberGroups',
    permissions: MEMBERSHIP_READ,
    handle: (ctx) => {
      const body = ctx.body as { groupIds?: unknown } | undefined;
      const ids = body?.groupIds;
      if (!Array.isArray(ids) || ids.some((id) => typeof id !== 'string'))
        throw badRequest("Invalid request body: 'groupIds' must be an array of group ids.", 'Request_BadRequest');
      if (ids.length > MAX_CHECKED_GROUPS)
        throw badRequest(`The number of groupIds must not exceed ${MAX_CHECKED_GROUPS}.`, 'Request_BadRequest');
      const user = ctx.tenant.requireUser(ctx.params.id as string);
      const mine = new Set(ctx.tenant.groupsOf(user.id).map((g) => g.id.toLowerCase()));
      return {
        status: 200,
        body: {
          '@odata.context': `${metadataUrl(ctx.version)}#Collection(Edm.String)`,
          value: (ids as string[]).filter((id) => mine.has(id.toLowerCase())),
        },
      };
    },
  },
];
