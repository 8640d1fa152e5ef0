// PIM for Groups: eligibility for membership or ownership of a group
// (privilegedAccessGroupEligibilitySchedule), from the seed's optional `groupEligibilitySchedules[]`.
// Source: microsoft-graph-docs-contrib api-reference/v1.0/api/privilegedaccessgroup-list-eligibilityschedules.md
// ("This method requires the $filter (eq) query parameter to scope the request to a principalId or a
// groupId"; least privileged application permission PrivilegedEligibilitySchedule.Read.AzureADGroup) and
// resources/privilegedaccessgroupeligibilityschedule.md (`group` and `principal` support $expand).
import { badRequest } from '../errors';
import { type JsonObject } from '../json';
import { applyFilter, collectionBody } from '../odata';
import { GROUP_ELIGIBILITY_READ } from '../permissions';
import { type Route, type RouteContext } from '../route-table';
import { type SeedGroupEligibilitySchedule } from '../seed';
import { TYPES, groupResource } from './graph-json';

const FILTERABLE: ReadonlySet<string> = new Set(['id', 'accessId', 'groupId', 'principalId', 'memberType', 'status', 'createdUsing']);
const EXPANDABLE = ['group', 'principal'] as const;
type Expandable = (typeof EXPANDABLE)[number];
const CONTEXT = 'identityGovernance/privilegedAccess/group/eligibilitySchedules';

function expansions(ctx: RouteContext): Expandable[] {
  const expand = ctx.query.get('$expand');
  if (expand === null) return [];
  return expand.split(',').map((raw) => {
    const name = raw.trim().replace(/\(.*\)$/, '');
    const known = EXPANDABLE.find((e) => e.toLowerCase() === name.toLowerCase());
    if (!known)
      throw badRequest(`Could not find a property named '${name}' on type 'microsoft.graph.privilegedAccessGroupEligibilitySchedule'.`);
    return known;
  });
}

/** The documented example's shape; seed values win. */
function scheduleResource(s: SeedGroupEligibilitySchedule, ctx: RouteContext, expand: readonly Expandable[]): JsonObject {
  const out: JsonObject = {
    scheduleInfo: null,
    createdUsing: s.id,
    createdDateTime: null,
    modifiedDateTime: null,
    status: 'Provisioned',
    memberType: 'Direct',
    ...s,
  };
  if (expand.includes('group')) {
    const group = ctx.tenant.group(s.groupId);
    out.group = group ? groupResource(group) : null;
  }
  if (expand.includes('principal')) {
    const user = ctx.tenant.user(s.principalId);
    const group = user ? undefined : ctx.tenant.group(s.principalId);
    out.principal = user
      ? { '@odata.type': TYPES.user, id: user.id, displayName: user.displayName ?? null, userPrincipalName: user.userPrincipalName }
      : group
        ? groupResource(group)
        : null;
  }
  return out;
}

export const privilegedAccessGroupRoutes: readonly Route[] = [
  {
    method: 'GET',
    template: '/identityGovernance/privilegedAccess/group/eligibilitySchedules',
    permissions: GROUP_ELIGIBILITY_READ,
    handle: (ctx) => {
      // The doc requires the filter but does not give the error for its absence: Graph's generic 400 shape.
      if (!/\b(principalId|groupId)\s+eq\s+'/i.test(ctx.query.get('$filter') ?? '')) {
        throw badRequest("The request must be filtered on principalId or groupId ($filter=principalId eq '{id}').");
      }
      const expand = expansions(ctx);
      const all = ctx.tenant.groupEligibilitySchedules().map((s) => scheduleResource(s, ctx, expand));
      const items = applyFilter(all, ctx.query, { resource: 'privilegedAccessGroupEligibilitySchedule', properties: FILTERABLE });
      return { status: 200, body: collectionBody(items, ctx.query, ctx.selfUrl, ctx.version, { context: CONTEXT }) };
    },
  },
];
