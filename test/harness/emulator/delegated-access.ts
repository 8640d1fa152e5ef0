// Entra's rules for a signed-in user acting on another user's authentication methods with a delegated
// token, data-driven from Microsoft's tables (graph-tables.ts). Stands in for Entra: it shares no code
// with TAP Desk's own rules.
//
// - Only ACTIVE role assignments count, direct or through a role-assignable group; PIM-eligible ones do
//   not until activated (https://learn.microsoft.com/entra/id-governance/privileged-identity-management/pim-how-to-activate-role).
// - The operation supports only some roles ("For delegated access ... the signed-in user must be assigned a
//   supported Microsoft Entra role"): TAP create/delete: Authentication Administrator, Privileged
//   Authentication Administrator (and Global Administrator, which holds every permission):
//   https://learn.microsoft.com/graph/api/authentication-post-temporaryaccesspassmethods
//   https://learn.microsoft.com/graph/api/temporaryaccesspassauthenticationmethod-delete
//   TAP reads also Global Reader, Security Reader/Operator/Administrator (read-only roles):
//   https://learn.microsoft.com/graph/api/temporaryaccesspassauthenticationmethod-get
// - Whom each role may act on: the "Who can reset passwords" matrix (target's roles × actor role), which
//   the Authentication Administrator's description names for authentication methods:
//   https://learn.microsoft.com/entra/identity/role-based-access-control/privileged-roles-permissions#who-can-reset-passwords
//   A target in several rows must be allowed in every one.
// - Directory scope: `/` covers the tenant; `/administrativeUnits/{id}` covers that unit's direct user
//   members only. Members of a restricted-management unit can be managed only by assignments scoped to
//   that unit; tenant-wide ones (Global Administrator included) do not count:
//   https://learn.microsoft.com/entra/identity/role-based-access-control/admin-units-restricted-management
import { type GraphTables, graphTables, matrixName } from './graph-tables';
import { type SeedRoleAssignment, type SeedUser } from './seed';
import { type Tenant } from './tenant';

/** Reading or writing authentication methods, or ending sign-in sessions (revokeSignInSessions). */
export type MethodAccess = 'read' | 'write' | 'sessions';

const GLOBAL_ADMINISTRATOR = '62e90394-69f5-4237-9190-012177145e10';
const PRIVILEGED_AUTHENTICATION_ADMINISTRATOR = '7be44c8a-adaf-4e2a-84d6-ab2649e08a13';
const AUTHENTICATION_ADMINISTRATOR = 'c4e39bd9-1100-46d3-8c65-fb160da0071f';
const READ_ONLY_ROLES = [
  'f2ef992c-3afb-46b9-b7cf-a126ee74c451', // Global Reader
  '5d6b6bb7-de71-4623-b4af-96380a352509', // Security Reader
  '5f2222b1-57c3-48ba-8ad5-d4759f1fde6f', // Security Operator
  '194ae4cb-b126-40b2-bd5b-6091b380977d', // Security Administrator
];
const HELPDESK_ADMINISTRATOR = '729827e3-9c14-49f7-bb1b-9608f156bbb8';
const USER_ADMINISTRATOR = 'fe930be7-5e62-47db-91af-98c3a49a38b1';
const SUPPORTED_ROLES: Readonly<Record<MethodAccess, readonly string[]>> = {
  write: [AUTHENTICATION_ADMINISTRATOR, PRIVILEGED_AUTHENTICATION_ADMINISTRATOR, GLOBAL_ADMINISTRATOR],
  // Ending another user's sessions: the roles that hold microsoft.directory/users/invalidateAllRefreshTokens
  // (https://learn.microsoft.com/entra/identity/role-based-access-control/permissions-reference), over the same
  // targets as password resets (the matrix above).
  sessions: [
    HELPDESK_ADMINISTRATOR,
    AUTHENTICATION_ADMINISTRATOR,
    USER_ADMINISTRATOR,
    PRIVILEGED_AUTHENTICATION_ADMINISTRATOR,
    GLOBAL_ADMINISTRATOR,
  ],
  read: [AUTHENTICATION_ADMINISTRATOR, PRIVILEGED_AUTHENTICATION_ADMINISTRATOR, GLOBAL_ADMINISTRATOR, ...READ_ONLY_ROLES],
};

const NO_ROLE = 'User (no admin role)';
const ROLE_ASSIGNABLE_GROUP = 'User (no admin role, but member or owner of a role-assignable group)';
const RESTRICTED_UNIT_ROLE = 'User with a role scoped to a restricted management administrative unit';
const OTHER_ROLES = 'All other built-in and custom roles';
const UNIT_SCOPE = /^\/administrativeUnits\/([^/]+)$/i;

export interface AccessDecision {
  allowed: boolean;
  /** Why, for tests and logs (Graph's answer says only "Insufficient privileges"). */
  reason: string;
}

/** A principal's active assignments: its own, and those of role-assignable groups it is a direct member of. */
function activeAssignments(tenant: Tenant, userId: string): SeedRoleAssignment[] {
  const principals = new Set([
    userId.toLowerCase(),
    ...tenant
      .directGroups(userId)
      .filter((g) => g.isAssignableToRole === true)
      .map((g) => g.id.toLowerCase()),
  ]);
  return tenant.roleAssignments().filter((a) => principals.has(a.principalId.toLowerCase()));
}

function unitOf(scope: string): string | null {
  return UNIT_SCOPE.exec(scope)?.[1]?.toLowerCase() ?? null;
}

/**
 * The matrix rows a target falls in. Its roles: active assignments at any scope, and (conservatively,
 * as Entra protects users who may activate a privileged role) PIM-eligible ones.
 */
function targetRows(tenant: Tenant, target: SeedUser, tables: GraphTables): string[] {
  const rows = new Set<string>();
  const eligible = tenant.roleEligibilitySchedules().filter((a) => a.principalId.toLowerCase() === target.id.toLowerCase());
  for (const assignment of [...activeAssignments(tenant, target.id), ...eligible]) {
    const name = tables.roleNames.get(assignment.roleDefinitionId.toLowerCase());
    const row = name ? matrixName(name) : OTHER_ROLES;
    rows.add(tables.authenticationMethods.rows[row] ? row : OTHER_ROLES);
    const unit = unitOf(assignment.directoryScopeId);
    if (unit && tenant.unit(unit)?.isMemberManagementRestricted === true) rows.add(RESTRICTED_UNIT_ROLE);
  }
  const inRoleAssignableGroup = [...tenant.directGroups(target.id), ...tenant.ownedGroups(target.id)].some(
    (g) => g.isAssignableToRole === true,
  );
  if (inRoleAssignableGroup) rows.add(ROLE_ASSIGNABLE_GROUP);
  if (rows.size === 0) rows.add(NO_ROLE);
  return [...rows];
}

/** Whether an assignment's scope reaches the target (restricted units: only their own scope). */
function scopeCovers(tenant: Tenant, scope: string, target: SeedUser, access: MethodAccess): boolean {
  const restrictedUnits = tenant
    .unitsOf(target.id)
    .filter((u) => u.isMemberManagementRestricted === true)
    .map((u) => u.id.toLowerCase());
  const restricted = access !== 'read' && (restrictedUnits.length > 0 || target.isManagementRestricted === true);
  const unit = unitOf(scope);
  if (unit === null) return scope === '/' && !restricted;
  const direct = tenant.unitsOf(target.id).some((u) => u.id.toLowerCase() === unit);
  return direct && (!restricted || restrictedUnits.includes(unit));
}

/** May `actorId`, signed in with a delegated token, read or write `target`'s authentication methods? */
export function decideMethodAccess(tenant: Tenant, actorId: string, target: SeedUser, access: MethodAccess): AccessDecision {
  const tables = graphTables();
  const matrix = tables.authenticationMethods;
  const supported = SUPPORTED_ROLES[access];
  const usable = activeAssignments(tenant, actorId).filter((a) => supported.includes(a.roleDefinitionId.toLowerCase()));
  if (usable.length === 0) return { allowed: false, reason: 'no active role assignment that supports this operation' };
  const rows = targetRows(tenant, target, tables);
  let inScope = false;
  for (const assignment of usable) {
    if (!scopeCovers(tenant, assignment.directoryScopeId, target, access)) continue;
    inScope = true;
    const role = assignment.roleDefinitionId.toLowerCase();
    // Read-only roles read everyone's methods; writers (and their reads) follow the matrix.
    if (access === 'read' && READ_ONLY_ROLES.includes(role)) return { allowed: true, reason: `read-only role ${role}` };
    const column = matrix.columns.indexOf(matrixName(tables.roleNames.get(role) ?? ''));
    if (column < 0) continue;
    if (rows.every((row) => (matrix.rows[row] ?? matrix.rows[OTHER_ROLES] ?? [])[column] === 1)) {
      return { allowed: true, reason: `${matrix.columns[column] as string} at scope ${assignment.directoryScopeId}` };
    }
  }
  return {
    allowed: false,
    reason: inScope
      ? `the target (${rows.join('; ')}) is beyond the actor's roles`
      : "the target is outside the scope of the actor's roles",
  };
}
