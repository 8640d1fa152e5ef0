// Administrative units: list, get, and members (users, or groups when a seed puts group ids there).
import { resourceNotFound } from '../errors';
import { type JsonObject } from '../json';
import { applyFilter, collectionBody, metadataUrl, selectedFields } from '../odata';
import { ADMINISTRATIVE_UNIT_READ } from '../permissions';
import { type Route, type RouteContext } from '../route-table';
import { type SeedAdministrativeUnit } from '../seed';
import { administrativeUnitResource, groupResource, selectOnDirectoryObject, userResource } from './graph-json';
import { userView } from './users';

const UNIT_FILTERABLE: ReadonlySet<string> = new Set([
  'id',
  'displayName',
  'description',
  'isMemberManagementRestricted',
  'membershipType',
  'visibility',
]);

function requireUnit(ctx: RouteContext): SeedAdministrativeUnit {
  const id = ctx.params.id as string;
  const unit = ctx.tenant.unit(id);
  if (!unit) throw resourceNotFound(id);
  return unit;
}

function selected(item: JsonObject, ctx: RouteContext): JsonObject {
  const fields = selectedFields(ctx.query);
  if (!fields) return item;
  const { '@odata.type': _type, ...rest } = selectOnDirectoryObject(item, fields);
  return rest;
}

export const administrativeUnitRoutes: readonly Route[] = [
  {
    method: 'GET',
    template: '/directory/administrativeUnits',
    permissions: ADMINISTRATIVE_UNIT_READ,
    handle: (ctx) => {
      const units = applyFilter(ctx.tenant.units().map(administrativeUnitResource), ctx.query, {
        resource: 'AdministrativeUnit',
        properties: UNIT_FILTERABLE,
        directory: true,
      });
      return {
        status: 200,
        body: collectionBody(
          units.map((u) => selected(u, ctx)),
          ctx.query,
          ctx.selfUrl,
          ctx.version,
          { context: 'directory/administrativeUnits' },
        ),
      };
    },
  },
  {
    method: 'GET',
    template: '/directory/administrativeUnits/{id}',
    permissions: ADMINISTRATIVE_UNIT_READ,
    handle: (ctx) => ({
      status: 200,
      body: {
        '@odata.context': `${metadataUrl(ctx.version)}#directory/administrativeUnits/$entity`,
        ...selected(administrativeUnitResource(requireUnit(ctx)), ctx),
      },
    }),
  },
  {
    method: 'GET',
    template: '/directory/administrativeUnits/{id}/members',
    permissions: ADMINISTRATIVE_UNIT_READ,
    handle: (ctx) => {
      const unit = requireUnit(ctx);
      const fields = selectedFields(ctx.query);
      const members = unit.members.flatMap((id): JsonObject[] => {
        const user = ctx.tenant.user(id);
        if (user) return [userView(userResource(user, ctx.tenant), { fields, inCollection: true, typed: true })];
        const group = ctx.tenant.group(id);
        return group ? [fields ? selectOnDirectoryObject(groupResource(group), fields) : groupResource(group)] : [];
      });
      return { status: 200, body: collectionBody(members, ctx.query, ctx.selfUrl, ctx.version, { context: 'directoryObjects' }) };
    },
  },
];
