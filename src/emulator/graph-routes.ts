// The Graph v1.0 endpoints TAP Desk uses, with the application permissions Graph accepts for each
// (any one of the list). Handlers answer Graph JSON or throw GraphFault with Graph's error code.
/* eslint-disable @typescript-eslint/no-explicit-any -- Graph resource JSON */
import { GraphFault, type Tenant, groupJson, unitJson } from './tenant';
import { ODataError, parseFilter, select } from './odata';

export interface RouteContext {
  params: string[];
  query: URLSearchParams;
  body: any;
  now: Date;
  tenant: Tenant;
  /** Absolute URL of this request, for @odata.nextLink. */
  url: URL;
}

export interface RouteAnswer {
  status: number;
  body?: any;
}

export interface Route {
  method: 'GET' | 'POST' | 'DELETE';
  /** Matched against the path after /v1.0, case-insensitive. */
  pattern: RegExp;
  /** The route's template name in stats, e.g. `POST /users/{id}/authentication/temporaryAccessPassMethods`. */
  name: string;
  permissions: readonly string[];
  write?: boolean;
  handle(ctx: RouteContext): RouteAnswer;
}

const CONTEXT = 'https://graph.microsoft.com/v1.0/$metadata';
const USER_DEFAULTS = ['businessPhones', 'displayName', 'givenName', 'id', 'jobTitle', 'mail', 'mobilePhone', 'officeLocation', 'preferredLanguage', 'surname', 'userPrincipalName'];
const USER_READ = ['User.Read.All', 'User.ReadWrite.All', 'Directory.Read.All', 'Directory.ReadWrite.All'];
const MEMBER_READ = ['GroupMember.Read.All', 'Group.Read.All', 'Directory.Read.All', 'Directory.ReadWrite.All'];
const ROLE_READ = ['RoleManagement.Read.Directory', 'RoleManagement.Read.All', 'RoleManagement.ReadWrite.Directory', 'Directory.Read.All'];
const TAP_WRITE = ['UserAuthMethod-TAP.ReadWrite.All', 'UserAuthenticationMethod.ReadWrite.All'];
const TAP_READ = [...TAP_WRITE, 'UserAuthMethod-TAP.Read.All', 'UserAuthenticationMethod.Read.All'];
const ID = '([^/]+)';

const NEVER = '0001-01-01T00:00:00Z';

/** The seed's Graph objects without emulator-only keys (★ in the seed format), with Graph's defaults. */
function publicUser(user: any): any {
  const { managerId: _m, ...rest } = user;
  if (rest.signInActivity) {
    rest.signInActivity = {
      lastSignInDateTime: NEVER,
      lastSignInRequestId: '',
      lastNonInteractiveSignInDateTime: NEVER,
      lastNonInteractiveSignInRequestId: '',
      lastSuccessfulSignInDateTime: NEVER,
      lastSuccessfulSignInRequestId: '',
      ...rest.signInActivity,
    };
  }
  return rest;
}

/** A sign-in with the properties Graph always returns (P2-only ones as `none` / empty). */
function signInJson(signIn: any): any {
  return {
    resourceId: '00000003-0000-0000-c000-000000000000',
    riskDetail: 'none',
    riskLevelAggregated: 'none',
    riskLevelDuringSignIn: 'none',
    riskState: 'none',
    riskEventTypes: [],
    riskEventTypes_v2: [],
    ...signIn,
    location: { city: null, state: null, countryOrRegion: null, geoCoordinates: { altitude: null, latitude: null, longitude: null }, ...(signIn.location ?? {}) },
  };
}

/** A Conditional Access policy with the condition sets Graph always returns. */
function caPolicyJson(policy: any): any {
  const conditions = policy.conditions ?? {};
  return {
    ...policy,
    conditions: {
      userRiskLevels: [],
      signInRiskLevels: [],
      clientAppTypes: ['all'],
      platforms: null,
      locations: null,
      devices: null,
      ...conditions,
      applications: { includeApplications: [], excludeApplications: [], includeUserActions: [], ...(conditions.applications ?? {}) },
    },
  };
}

function userJson(user: any, ctx: RouteContext): any {
  return select(publicUser(user), ctx.query.get('$select'), USER_DEFAULTS);
}

function filterItems(items: any[], ctx: RouteContext): any[] {
  const filter = ctx.query.get('$filter');
  if (!filter) return items;
  try {
    return items.filter(parseFilter(filter));
  } catch (error) {
    throw new GraphFault(400, 'BadRequest', error instanceof ODataError ? error.message : 'Invalid $filter');
  }
}

/** A collection with $select, $top and $skiptoken paging (@odata.nextLink), as Graph pages. */
function collection(context: string, items: any[], ctx: RouteContext, maxTop = 999, selectDefaults?: readonly string[]): RouteAnswer {
  const top = Math.min(Number(ctx.query.get('$top') ?? maxTop) || maxTop, maxTop);
  const skip = Number(ctx.query.get('$skiptoken') ?? 0) || 0;
  const page = items.slice(skip, skip + top).map((i) => select(i, ctx.query.get('$select'), selectDefaults));
  const body: any = { '@odata.context': `${CONTEXT}#${context}`, value: page };
  if (skip + top < items.length) {
    const next = new URL(ctx.url);
    next.searchParams.set('$skiptoken', String(skip + top));
    body['@odata.nextLink'] = next.toString();
  }
  return { status: 200, body };
}

function memberships(ctx: RouteContext, transitive: boolean): RouteAnswer {
  const user = ctx.tenant.requireUser(ctx.params[0] as string);
  const cast = (ctx.params[1] ?? '').toLowerCase();
  let items = ctx.tenant.memberOf(user.id, transitive);
  if (cast.endsWith('group')) items = items.filter((i) => i['@odata.type'] === '#microsoft.graph.group');
  if (cast.endsWith('administrativeunit')) items = items.filter((i) => i['@odata.type'] === '#microsoft.graph.administrativeUnit');
  if (cast.endsWith('directoryrole')) items = items.filter((i) => i['@odata.type'] === '#microsoft.graph.directoryRole');
  const context = cast ? `${cast.split('.').pop()}s` : 'directoryObjects';
  return collection(context, filterItems(items, ctx), ctx);
}

function assignments(list: any[], context: string, ctx: RouteContext): RouteAnswer {
  const items = list.map((a) => ({ directoryScopeId: '/', appScopeId: null, resourceScope: a.directoryScopeId ?? '/', ...a }));
  return collection(context, filterItems(items, ctx), ctx);
}

export const ROUTES: readonly Route[] = [
  {
    method: 'GET',
    pattern: /^\/users$/i,
    name: 'GET /users',
    permissions: USER_READ,
    handle: (ctx) => collection('users', filterItems(ctx.tenant.seed.users.map(publicUser), ctx), ctx, 999, USER_DEFAULTS),
  },
  {
    method: 'GET',
    pattern: new RegExp(`^/users/${ID}$`, 'i'),
    name: 'GET /users/{id}',
    permissions: USER_READ,
    handle: (ctx) => {
      const user = ctx.tenant.requireUser(ctx.params[0] as string);
      const selected = ctx.query.get('$select');
      return { status: 200, body: { '@odata.context': `${CONTEXT}#users${selected ? `(${selected})` : ''}/$entity`, ...userJson(user, ctx) } };
    },
  },
  {
    method: 'GET',
    pattern: new RegExp(`^/users/${ID}/manager$`, 'i'),
    name: 'GET /users/{id}/manager',
    permissions: USER_READ,
    handle: (ctx) => {
      const user = ctx.tenant.requireUser(ctx.params[0] as string);
      const manager = user.managerId ? ctx.tenant.user(user.managerId) : null;
      if (!manager) throw new GraphFault(404, 'Request_ResourceNotFound', `Resource 'manager' does not exist or one of its queried reference-property objects are not present.`);
      return { status: 200, body: { '@odata.context': `${CONTEXT}#directoryObjects/$entity`, '@odata.type': '#microsoft.graph.user', ...userJson(manager, ctx) } };
    },
  },
  {
    method: 'GET',
    pattern: new RegExp(`^/users/${ID}/directReports$`, 'i'),
    name: 'GET /users/{id}/directReports',
    permissions: USER_READ,
    handle: (ctx) => {
      const user = ctx.tenant.requireUser(ctx.params[0] as string);
      const reports = ctx.tenant.seed.users.filter((u) => String(u.managerId ?? '').toLowerCase() === user.id.toLowerCase());
      return collection('directoryObjects', reports.map((u) => ({ '@odata.type': '#microsoft.graph.user', ...publicUser(u) })), ctx, 999, USER_DEFAULTS);
    },
  },
  {
    method: 'GET',
    pattern: new RegExp(`^/users/${ID}/memberOf(?:/(?:\\$/)?(microsoft\\.graph\\.\\w+))?$`, 'i'),
    name: 'GET /users/{id}/memberOf',
    permissions: MEMBER_READ,
    handle: (ctx) => memberships(ctx, false),
  },
  {
    method: 'GET',
    pattern: new RegExp(`^/users/${ID}/transitiveMemberOf(?:/(?:\\$/)?(microsoft\\.graph\\.\\w+))?$`, 'i'),
    name: 'GET /users/{id}/transitiveMemberOf',
    permissions: MEMBER_READ,
    handle: (ctx) => memberships(ctx, true),
  },
  {
    method: 'GET',
    pattern: new RegExp(`^/users/${ID}/ownedObjects$`, 'i'),
    name: 'GET /users/{id}/ownedObjects',
    permissions: USER_READ,
    handle: (ctx) => collection('directoryObjects', ctx.tenant.ownedGroups(ctx.tenant.requireUser(ctx.params[0] as string).id).map(groupJson), ctx),
  },
  {
    method: 'POST',
    pattern: new RegExp(`^/users/${ID}/checkMemberGroups$`, 'i'),
    name: 'POST /users/{id}/checkMemberGroups',
    permissions: MEMBER_READ,
    handle: (ctx) => {
      const ids: unknown = ctx.body?.groupIds;
      if (!Array.isArray(ids) || ids.length > 20) throw new GraphFault(400, 'Request_BadRequest', 'groupIds must be an array of at most 20 ids.');
      const mine = new Set(ctx.tenant.groupsOf(ctx.tenant.requireUser(ctx.params[0] as string).id, true).map((g) => g.id.toLowerCase()));
      return { status: 200, body: { '@odata.context': `${CONTEXT}#Collection(Edm.String)`, value: ids.filter((id) => mine.has(String(id).toLowerCase())) } };
    },
  },
  {
    method: 'GET',
    pattern: /^\/directory\/administrativeUnits$/i,
    name: 'GET /directory/administrativeUnits',
    permissions: ['AdministrativeUnit.Read.All', 'Directory.Read.All'],
    handle: (ctx) => collection('directory/administrativeUnits', filterItems(ctx.tenant.seed.administrativeUnits.map(unitJson), ctx), ctx),
  },
  {
    method: 'GET',
    pattern: new RegExp(`^/directory/administrativeUnits/${ID}$`, 'i'),
    name: 'GET /directory/administrativeUnits/{id}',
    permissions: ['AdministrativeUnit.Read.All', 'Directory.Read.All'],
    handle: (ctx) => {
      const unit = ctx.tenant.seed.administrativeUnits.find((u) => u.id.toLowerCase() === String(ctx.params[0]).toLowerCase());
      if (!unit) throw new GraphFault(404, 'Request_ResourceNotFound', `Resource '${ctx.params[0]}' does not exist or one of its queried reference-property objects are not present.`);
      return { status: 200, body: { '@odata.context': `${CONTEXT}#directory/administrativeUnits/$entity`, ...unitJson(unit) } };
    },
  },
  {
    method: 'GET',
    pattern: new RegExp(`^/directory/administrativeUnits/${ID}/members$`, 'i'),
    name: 'GET /directory/administrativeUnits/{id}/members',
    permissions: ['AdministrativeUnit.Read.All', 'Directory.Read.All'],
    handle: (ctx) => {
      const unit = ctx.tenant.seed.administrativeUnits.find((u) => u.id.toLowerCase() === String(ctx.params[0]).toLowerCase());
      if (!unit) throw new GraphFault(404, 'Request_ResourceNotFound', `Resource '${ctx.params[0]}' does not exist or one of its queried reference-property objects are not present.`);
      const members = (unit.members ?? []).map((id: string) => ctx.tenant.user(id)).filter(Boolean);
      return collection('directoryObjects', members.map((u: any) => ({ '@odata.type': '#microsoft.graph.user', ...publicUser(u) })), ctx, 999, USER_DEFAULTS);
    },
  },
  {
    method: 'GET',
    pattern: /^\/roleManagement\/directory\/roleAssignments$/i,
    name: 'GET /roleManagement/directory/roleAssignments',
    permissions: ROLE_READ,
    handle: (ctx) => assignments(ctx.tenant.seed.roleAssignments, 'roleManagement/directory/roleAssignments', ctx),
  },
  {
    method: 'GET',
    pattern: /^\/roleManagement\/directory\/roleEligibilitySchedules$/i,
    name: 'GET /roleManagement/directory/roleEligibilitySchedules',
    permissions: ['RoleEligibilitySchedule.Read.Directory', 'RoleEligibilitySchedule.ReadWrite.Directory', ...ROLE_READ],
    handle: (ctx) => assignments(ctx.tenant.seed.roleEligibilitySchedules, 'roleManagement/directory/roleEligibilitySchedules', ctx),
  },
  {
    method: 'GET',
    pattern: /^\/policies\/authenticationMethodsPolicy\/authenticationMethodConfigurations\/temporaryAccessPass$/i,
    name: 'GET /policies/authenticationMethodsPolicy/authenticationMethodConfigurations/TemporaryAccessPass',
    permissions: ['Policy.Read.AuthenticationMethod', 'Policy.Read.All', 'Policy.ReadWrite.AuthenticationMethod'],
    handle: (ctx) => ({ status: 200, body: { '@odata.context': `${CONTEXT}#authenticationMethodConfigurations/$entity`, ...ctx.tenant.tapPolicy } }),
  },
  {
    method: 'GET',
    pattern: new RegExp(`^/users/${ID}/authentication/methods$`, 'i'),
    name: 'GET /users/{id}/authentication/methods',
    permissions: ['UserAuthenticationMethod.Read.All', 'UserAuthenticationMethod.ReadWrite.All'],
    handle: (ctx) => collection(`users('${ctx.params[0]}')/authentication/methods`, ctx.tenant.methodsOf(ctx.tenant.requireUser(ctx.params[0] as string).id, ctx.now), ctx),
  },
  {
    method: 'GET',
    pattern: new RegExp(`^/users/${ID}/authentication/temporaryAccessPassMethods$`, 'i'),
    name: 'GET /users/{id}/authentication/temporaryAccessPassMethods',
    permissions: TAP_READ,
    handle: (ctx) => collection(`users('${ctx.params[0]}')/authentication/temporaryAccessPassMethods`, ctx.tenant.tapsOf(ctx.tenant.requireUser(ctx.params[0] as string).id, ctx.now), ctx),
  },
  {
    method: 'POST',
    pattern: new RegExp(`^/users/${ID}/authentication/temporaryAccessPassMethods$`, 'i'),
    name: 'POST /users/{id}/authentication/temporaryAccessPassMethods',
    permissions: TAP_WRITE,
    write: true,
    handle: (ctx) => ({
      status: 201,
      body: { '@odata.context': `${CONTEXT}#users('${ctx.params[0]}')/authentication/temporaryAccessPassMethods/$entity`, ...ctx.tenant.createTap(ctx.params[0] as string, ctx.body, ctx.now, true) },
    }),
  },
  {
    method: 'GET',
    pattern: new RegExp(`^/users/${ID}/authentication/temporaryAccessPassMethods/${ID}$`, 'i'),
    name: 'GET /users/{id}/authentication/temporaryAccessPassMethods/{tapId}',
    permissions: TAP_READ,
    handle: (ctx) => {
      const tap = ctx.tenant.tapsOf(ctx.tenant.requireUser(ctx.params[0] as string).id, ctx.now).find((t) => t.id === ctx.params[1]);
      if (!tap) throw new GraphFault(404, 'itemNotFound', 'The authentication method was not found.');
      return { status: 200, body: { '@odata.context': `${CONTEXT}#users('${ctx.params[0]}')/authentication/temporaryAccessPassMethods/$entity`, ...tap } };
    },
  },
  {
    method: 'DELETE',
    pattern: new RegExp(`^/users/${ID}/authentication/temporaryAccessPassMethods/${ID}$`, 'i'),
    name: 'DELETE /users/{id}/authentication/temporaryAccessPassMethods/{tapId}',
    permissions: TAP_WRITE,
    write: true,
    handle: (ctx) => {
      ctx.tenant.deleteTap(ctx.params[0] as string, ctx.params[1] as string);
      return { status: 204 };
    },
  },
  {
    method: 'GET',
    pattern: /^\/identityProtection\/riskyUsers$/i,
    name: 'GET /identityProtection/riskyUsers',
    permissions: ['IdentityRiskyUser.Read.All', 'IdentityRiskyUser.ReadWrite.All'],
    handle: (ctx) => collection('identityProtection/riskyUsers', filterItems(ctx.tenant.seed.riskyUsers, ctx), ctx),
  },
  {
    method: 'GET',
    pattern: new RegExp(`^/identityProtection/riskyUsers/${ID}$`, 'i'),
    name: 'GET /identityProtection/riskyUsers/{id}',
    permissions: ['IdentityRiskyUser.Read.All', 'IdentityRiskyUser.ReadWrite.All'],
    handle: (ctx) => {
      const risky = ctx.tenant.seed.riskyUsers.find((r) => r.id.toLowerCase() === String(ctx.params[0]).toLowerCase());
      if (!risky) throw new GraphFault(404, 'ResourceNotFound', 'The requested resource does not exist.');
      return { status: 200, body: { '@odata.context': `${CONTEXT}#identityProtection/riskyUsers/$entity`, '@odata.type': '#microsoft.graph.riskyUser', ...risky } };
    },
  },
  {
    method: 'GET',
    pattern: /^\/auditLogs\/signIns$/i,
    name: 'GET /auditLogs/signIns',
    permissions: ['AuditLog.Read.All'],
    handle: (ctx) => {
      const newest = [...ctx.tenant.seed.signIns].sort((a, b) => Date.parse(b.createdDateTime) - Date.parse(a.createdDateTime));
      return collection('auditLogs/signIns', filterItems(newest.map(signInJson), ctx), ctx, 1000);
    },
  },
  {
    method: 'GET',
    pattern: /^\/identity\/conditionalAccess\/policies$/i,
    name: 'GET /identity/conditionalAccess/policies',
    permissions: ['Policy.Read.All', 'Policy.Read.ConditionalAccess', 'Policy.ReadWrite.ConditionalAccess'],
    handle: (ctx) => collection('identity/conditionalAccess/policies', filterItems(ctx.tenant.seed.conditionalAccessPolicies.map(caPolicyJson), ctx), ctx),
  },
  {
    method: 'GET',
    pattern: new RegExp(`^/identity/conditionalAccess/policies/${ID}$`, 'i'),
    name: 'GET /identity/conditionalAccess/policies/{id}',
    permissions: ['Policy.Read.All', 'Policy.Read.ConditionalAccess', 'Policy.ReadWrite.ConditionalAccess'],
    handle: (ctx) => {
      const policy = ctx.tenant.seed.conditionalAccessPolicies.find((p) => p.id === ctx.params[0]);
      if (!policy) throw new GraphFault(404, 'ResourceNotFound', 'The requested resource does not exist.');
      return { status: 200, body: { '@odata.context': `${CONTEXT}#identity/conditionalAccess/policies/$entity`, ...caPolicyJson(policy) } };
    },
  },
];
