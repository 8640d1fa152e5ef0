// Directory role management: active assignments (roleAssignments), PIM eligibility
// (roleEligibilitySchedules), role definitions, and beta's transitiveRoleAssignments, with the
// $filter forms on principalId / roleDefinitionId / directoryScopeId (eq, in, and) and $expand.
import { BUILT_IN_ROLES, builtInRole } from '../built-in-roles';
import { GraphError } from '../errors';
import { type JsonObject } from '../json';
import { applyFilter, collectionBody, metadataUrl } from '../odata';
import { type FilterNode, type Literal } from '../odata-filter';
import { ROLE_ELIGIBILITY_READ, ROLE_READ, ROLE_SCHEDULE_READ } from '../permissions';
import { type Route, type RouteContext } from '../route-table';
import { type SeedRoleAssignment } from '../seed';
import { type Tenant } from '../tenant';
import { TYPES, administrativeUnitResource, groupResource } from './graph-json';

const ASSIGNMENT_FILTERABLE: ReadonlySet<string> = new Set(['id', 'principalId', 'roleDefinitionId', 'directoryScopeId', 'appScopeId']);
const ELIGIBILITY_FILTERABLE: ReadonlySet<string> = new Set([...ASSIGNMENT_FILTERABLE, 'status', 'memberType']);
const INSTANCE_FILTERABLE: ReadonlySet<string> = new Set([...ASSIGNMENT_FILTERABLE, 'assignmentType', 'memberType']);
const DEFINITION_FILTERABLE: ReadonlySet<string> = new Set(['id', 'templateId', 'displayName', 'isBuiltIn', 'isEnabled', 'isPrivileged']);
const EXPANDABLE = ['principal', 'roleDefinition', 'directoryScope'] as const;
type Expandable = (typeof EXPANDABLE)[number];

export function roleDefinitionResource(templateId: string, version: RouteContext['version']): JsonObject {
  const role = builtInRole(templateId);
  const definition: JsonObject = {
    id: role.templateId,
    description: role.description,
    displayName: role.displayName,
    isBuiltIn: true,
    isEnabled: true,
    resourceScopes: ['/'],
    templateId: role.templateId,
    version: '1',
    rolePermissions: [],
  };
  // isPrivileged exists only in beta (src/graph/README.md §4), which also lists inheritsPermissionsFrom inline.
  if (version === 'beta') {
    definition.isPrivileged = role.privileged;
    definition.inheritsPermissionsFrom = [];
  }
  return definition;
}

function principalResource(tenant: Tenant, id: string): JsonObject | null {
  const user = tenant.user(id);
  if (user) {
    const pick = (key: string, fallback: unknown = null) => (user[key] === undefined ? fallback : user[key]);
    return {
      '@odata.type': TYPES.user,
      id: user.id,
      accountEnabled: pick('accountEnabled', true),
      displayName: pick('displayName'),
      imAddresses: pick('imAddresses', []),
      mail: pick('mail'),
      mailNickname: pick('mailNickname', user.userPrincipalName.split('@')[0]),
      userPrincipalName: user.userPrincipalName,
      userType: pick('userType', 'Member'),
    };
  }
  const group = tenant.group(id);
  return group ? groupResource(group) : null;
}

function expansions(ctx: RouteContext): Expandable[] {
  const expand = ctx.query.get('$expand');
  if (expand === null) return [];
  return expand.split(',').map((raw) => {
    const name = raw.trim().replace(/\(.*\)$/, '');
    const known = EXPANDABLE.find((e) => e.toLowerCase() === name.toLowerCase());
    if (!known)
      throw new GraphError(400, 'BadRequest', `Could not find a property named '${name}' on type 'microsoft.graph.unifiedRoleAssignment'.`);
    return known;
  });
}

function assignmentResource(a: SeedRoleAssignment, ctx: RouteContext, expand: readonly Expandable[]): JsonObject {
  const out: JsonObject = {
    id: a.id,
    principalId: a.principalId,
    resourceScope: a.directoryScopeId,
    directoryScopeId: a.directoryScopeId,
    roleDefinitionId: a.roleDefinitionId,
  };
  for (const [key, value] of Object.entries(a)) if (!(key in out)) out[key] = value;
  if (expand.includes('principal')) out.principal = principalResource(ctx.tenant, a.principalId);
  if (expand.includes('roleDefinition')) out.roleDefinition = roleDefinitionResource(a.roleDefinitionId, ctx.version);
  if (expand.includes('directoryScope')) out.directoryScope = directoryScopeResource(a, ctx);
  return out;
}

/** The unit an assignment or eligibility is scoped to, as `$expand=directoryScope` gives it (null for the tenant). */
function directoryScopeResource(a: SeedRoleAssignment, ctx: RouteContext): JsonObject | null {
  const unitId = /^\/administrativeUnits\/(.+)$/i.exec(a.directoryScopeId)?.[1];
  const unit = unitId ? ctx.tenant.unit(unitId) : undefined;
  return unit ? administrativeUnitResource(unit) : null;
}

/** unifiedRoleEligibilitySchedule; `directoryScope` supports $expand as on unifiedRoleAssignment. */
function eligibilityResource(s: SeedRoleAssignment, ctx: RouteContext, expand: readonly Expandable[]): JsonObject {
  const out: JsonObject = {
    appScopeId: null,
    createdUsing: s.id,
    createdDateTime: null,
    modifiedDateTime: null,
    status: 'Provisioned',
    memberType: 'Direct',
    scheduleInfo: null,
    ...s,
  };
  if (expand.includes('principal')) out.principal = principalResource(ctx.tenant, s.principalId);
  if (expand.includes('roleDefinition')) out.roleDefinition = roleDefinitionResource(s.roleDefinitionId, ctx.version);
  if (expand.includes('directoryScope')) out.directoryScope = directoryScopeResource(s, ctx);
  return out;
}

function expandContext(base: string, expand: readonly Expandable[]): string {
  return expand.length ? `${base}(${expand.map((e) => `${e}()`).join(',')})` : base;
}

/** beta transitiveRoleAssignments: `principalId eq X` also matches assignments of groups X is in. */
function principalThroughGroups(tenant: Tenant) {
  const widen = (literal: Literal): Literal[] =>
    literal.type === 'string'
      ? [literal, ...tenant.groupsOf(literal.value).map((g): Literal => ({ type: 'string', value: g.id }))]
      : [literal];
  const rewrite = (node: FilterNode): FilterNode => {
    switch (node.kind) {
      case 'and':
      case 'or':
        return { ...node, left: rewrite(node.left), right: rewrite(node.right) };
      case 'not':
        return { ...node, operand: rewrite(node.operand) };
      case 'compare':
        return node.property === 'principalId' && node.operator === 'eq'
          ? { kind: 'in', property: 'principalId', values: widen(node.value) }
          : node;
      case 'in':
        return node.property === 'principalId' ? { ...node, values: node.values.flatMap(widen) } : node;
      default:
        return node;
    }
  };
  return rewrite;
}

export const roleManagementRoutes: readonly Route[] = [
  {
    method: 'GET',
    template: '/roleManagement/directory/roleAssignments',
    permissions: ROLE_READ,
    handle: (ctx) => {
      const expand = expansions(ctx);
      const matching = applyFilter([...ctx.tenant.roleAssignments()], ctx.query, {
        resource: 'unifiedRoleAssignment',
        properties: ASSIGNMENT_FILTERABLE,
      });
      const items = matching.map((a) => assignmentResource(a, ctx, expand));
      return {
        status: 200,
        body: collectionBody(items, ctx.query, ctx.selfUrl, ctx.version, {
          context: expandContext('roleManagement/directory/roleAssignments', expand),
        }),
      };
    },
  },
  {
    method: 'GET',
    template: '/roleManagement/directory/roleEligibilitySchedules',
    permissions: ROLE_ELIGIBILITY_READ,
    handle: (ctx) => {
      const expand = expansions(ctx);
      const all = ctx.tenant.roleEligibilitySchedules().map((s) => eligibilityResource(s, ctx, expand));
      const items = applyFilter(all, ctx.query, { resource: 'unifiedRoleEligibilitySchedule', properties: ELIGIBILITY_FILTERABLE });
      return {
        status: 200,
        body: collectionBody(items, ctx.query, ctx.selfUrl, ctx.version, {
          context: expandContext('roleManagement/directory/roleEligibilitySchedules', expand),
        }),
      };
    },
  },
  {
    method: 'GET',
    template: '/roleManagement/directory/roleAssignmentScheduleInstances',
    permissions: ROLE_SCHEDULE_READ,
    handle: (ctx) => {
      // Seed assignments are permanent, directly assigned (not PIM-activated) instances.
      const instances = ctx.tenant.roleAssignments().map((a): JsonObject => ({
        id: a.id,
        principalId: a.principalId,
        roleDefinitionId: a.roleDefinitionId,
        directoryScopeId: a.directoryScopeId,
        appScopeId: null,
        startDateTime: null,
        endDateTime: null,
        assignmentType: 'Assigned',
        memberType: 'Direct',
        roleAssignmentOriginId: a.id,
        roleAssignmentScheduleId: a.id,
      }));
      const items = applyFilter(instances, ctx.query, {
        resource: 'unifiedRoleAssignmentScheduleInstance',
        properties: INSTANCE_FILTERABLE,
      });
      return {
        status: 200,
        body: collectionBody(items, ctx.query, ctx.selfUrl, ctx.version, {
          context: 'roleManagement/directory/roleAssignmentScheduleInstances',
        }),
      };
    },
  },
  {
    method: 'GET',
    template: '/roleManagement/directory/roleDefinitions',
    permissions: ROLE_READ,
    handle: (ctx) => {
      const templates = new Set([
        ...BUILT_IN_ROLES.map((r) => r.templateId.toLowerCase()),
        ...ctx.tenant.roleAssignments().map((a) => a.roleDefinitionId.toLowerCase()),
      ]);
      const items = applyFilter(
        [...templates].map((t) => roleDefinitionResource(t, ctx.version)),
        ctx.query,
        { resource: 'unifiedRoleDefinition', properties: DEFINITION_FILTERABLE },
      );
      return {
        status: 200,
        body: collectionBody(items, ctx.query, ctx.selfUrl, ctx.version, { context: 'roleManagement/directory/roleDefinitions' }),
      };
    },
  },
  {
    method: 'GET',
    template: '/roleManagement/directory/roleDefinitions/{id}',
    permissions: ROLE_READ,
    handle: (ctx) => ({
      status: 200,
      body: {
        '@odata.context': `${metadataUrl(ctx.version)}#roleManagement/directory/roleDefinitions/$entity`,
        ...roleDefinitionResource(ctx.params.id as string, ctx.version),
      },
    }),
  },
  {
    method: 'GET',
    template: '/roleManagement/directory/transitiveRoleAssignments',
    permissions: ROLE_READ,
    version: 'beta',
    handle: (ctx) => {
      // Graph answers 404 unless it is an advanced query (src/graph/README.md §4).
      if (
        (ctx.headers.consistencylevel ?? '').toLowerCase() !== 'eventual' ||
        ctx.query.get('$count') !== 'true' ||
        !ctx.query.get('$filter')
      ) {
        throw new GraphError(
          404,
          'Request_ResourceNotFound',
          'transitiveRoleAssignments needs the ConsistencyLevel: eventual header, $count=true and a $filter.',
        );
      }
      const matching = applyFilter([...ctx.tenant.roleAssignments()], ctx.query, {
        resource: 'unifiedRoleAssignment',
        properties: ASSIGNMENT_FILTERABLE,
        rewrite: principalThroughGroups(ctx.tenant),
      });
      const items = matching.map((a) => ({
        id: a.id,
        principalId: a.principalId,
        directoryScopeId: a.directoryScopeId,
        roleDefinitionId: a.roleDefinitionId,
      }));
      return {
        status: 200,
        body: collectionBody(items, ctx.query, ctx.selfUrl, ctx.version, { context: 'roleManagement/directory/transitiveRoleAssignments' }),
      };
    },
  },
];
