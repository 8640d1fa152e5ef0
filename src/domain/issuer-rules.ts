// Who may issue (deny, revoke) a pass for whom. Sources: SECURITY.md and FACTS.md §4 (Entra's
// "who can perform sensitive actions" table, admin-unit scope, restricted-management units).
import type { IssuerFacts, RoleAssignmentFact, TargetFacts } from './facts';
import { Roles } from './facts';
import type { Authority } from './request-types';
import { type Result, fail, ok } from './errors';
import { AUTH_ADMIN_MANAGEABLE_ROLES, ISSUING_ROLES, ISSUING_ROLE_RANK } from './roles';

/** Every role the target holds, active or PIM-eligible, at any scope: eligible admins count as admins. */
function targetRoles(target: TargetFacts): string[] {
  return [...new Set([...target.activeRoles, ...target.eligibleRoles].map((r) => r.roleTemplateId))];
}

export function isAdminTarget(target: TargetFacts): boolean {
  return targetRoles(target).length > 0;
}

function inRoleAssignableGroup(target: TargetFacts): boolean {
  return target.groups.some((g) => g.isAssignableToRole) || target.ownedRoleAssignableGroupIds.length > 0;
}

export function restrictedUnits(target: TargetFacts): string[] {
  const units = target.administrativeUnits.filter((u) => u.restricted).map((u) => u.displayName);
  return units.length === 0 && target.user.isManagementRestricted ? ['a restricted administrative unit'] : units;
}

/** Whether a tenant-wide Authentication Administrator may serve this target. */
function authAdminMayServe(target: TargetFacts): boolean {
  return !inRoleAssignableGroup(target) && targetRoles(target).every((role) => AUTH_ADMIN_MANAGEABLE_ROLES.has(role));
}

/** The least role that can serve this target through TAP Desk. */
export function requiredRoleFor(target: TargetFacts): 'authenticationAdministrator' | 'privilegedAuthenticationAdministrator' | 'none-restricted-au' {
  if (restrictedUnits(target).length > 0) return 'none-restricted-au';
  return authAdminMayServe(target) ? 'authenticationAdministrator' : 'privilegedAuthenticationAdministrator';
}

/** Whether one active assignment lets its holder serve this target. */
function assignmentServes(assignment: RoleAssignmentFact, target: TargetFacts): boolean {
  if (assignment.scope.kind === 'administrativeUnit') {
    // AU-scoped roles reach only members of that unit, and only those holding no admin role at all.
    const unitId = assignment.scope.id;
    return target.administrativeUnits.some((u) => u.id === unitId) && !isAdminTarget(target);
  }
  switch (assignment.roleTemplateId) {
    case Roles.globalAdministrator:
    case Roles.privilegedAuthenticationAdministrator:
      return true;
    case Roles.authenticationAdministrator:
      return authAdminMayServe(target);
    default:
      return false;
  }
}

function scopeRank(a: RoleAssignmentFact): number {
  return a.scope.kind === 'administrativeUnit' ? 0 : 1;
}

export function canIssue(issuer: IssuerFacts, target: TargetFacts, requesterId: string): Result<Authority> {
  if (issuer.user.id === target.user.id) return fail('issuer.is-target');
  if (issuer.user.id === requesterId) return fail('issuer.self-approval');
  const units = restrictedUnits(target);
  // Entra refuses application permissions on members of restricted-management units, so TAP Desk
  // can never issue for them, whoever approves: say so, and who can help.
  if (units.length > 0) return fail('issuer.restricted-au', { units: units.join(', ') });

  const active = issuer.activeRoles.filter((r) => ISSUING_ROLES.has(r.roleTemplateId));
  if (active.length === 0) {
    const eligible = issuer.eligibleRoles.find((r) => ISSUING_ROLES.has(r.roleTemplateId));
    return eligible ? fail('issuer.role-eligible-only', { role: eligible.roleTemplateId }) : fail('issuer.no-role');
  }
  const serving = active
    .filter((a) => assignmentServes(a, target))
    .sort((a, b) => ISSUING_ROLE_RANK.indexOf(a.roleTemplateId) - ISSUING_ROLE_RANK.indexOf(b.roleTemplateId) || scopeRank(a) - scopeRank(b));
  const chosen = serving[0];
  if (chosen) return ok({ roleTemplateId: chosen.roleTemplateId, scope: chosen.scope });

  const tenantWide = active.filter((a) => a.scope.kind === 'tenant');
  if (tenantWide.length > 0) {
    const held = targetRoles(target);
    return fail('issuer.role-too-low', {
      neededRole: Roles.privilegedAuthenticationAdministrator,
      targetRoles: held.length ? `${held.length} admin role${held.length > 1 ? 's' : ''}` : 'membership of a role-assignable group',
    });
  }
  const scopedUnits = active.flatMap((a) => (a.scope.kind === 'administrativeUnit' ? [a.scope.id] : []));
  const inside = target.administrativeUnits.filter((u) => scopedUnits.includes(u.id));
  if (inside.length > 0) return fail('issuer.au-scope-admin-target');
  return fail('issuer.out-of-scope', { units: scopedUnits.length === 1 ? 'it is assigned to' : 'they are assigned to' });
}

export type RequestBasis = 'self' | 'service-desk' | 'manager';

/** Who may ask for whom: anyone for themselves; the service desk for anyone; a manager for direct reports. */
export function canRequestFor(
  requester: { id: string; groupIds: string[] },
  target: TargetFacts,
  serviceDeskGroupId: string | null,
): Result<RequestBasis> {
  if (requester.id === target.user.id) return ok('self');
  if (serviceDeskGroupId && requester.groupIds.includes(serviceDeskGroupId)) return ok('service-desk');
  if (target.managerId && target.managerId === requester.id) return ok('manager');
  return fail('request.not-allowed-for-others');
}
