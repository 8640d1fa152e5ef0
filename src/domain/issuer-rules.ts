// Who may issue (deny, revoke) a pass for whom: Entra's "who can perform sensitive actions" table,
// administrative-unit scope, restricted-management units, PIM (src/graph/README.md §1, §4, including the
// readings taken where Microsoft is silent). Everything fails closed: a fact we cannot place counts against the approver.
import type { AdministrativeUnitFact, GroupFact, IssuerFacts, RoleAssignmentFact, TargetFacts } from './facts';
import type { Authority } from './request-types';
import { type DomainError, type Result, domainError, fail, ok } from './errors';
import { AUTH_ADMIN_MANAGEABLE_ROLES, ISSUING_ROLES, ISSUING_ROLE_KEYS, ISSUING_ROLE_RANK, roleDisplayName } from './roles';

const same = (a: string, b: string): boolean => a.toLowerCase() === b.toLowerCase();
const unique = <T>(list: T[]): T[] => [...new Set(list)];

// ---------------------------------------------------------------------------------------------
// Facts about the target the rules (and the approval card) ask about

/** Every assignment the target holds, active or PIM-eligible, at any scope: eligible admins are admins (SECURITY.md). */
function targetAssignments(target: TargetFacts): RoleAssignmentFact[] {
  return [...target.activeRoles, ...target.eligibleRoles];
}

/** Template ids of every role the target holds, active or eligible, any scope. */
export function targetRoleIds(target: TargetFacts): string[] {
  return unique(targetAssignments(target).map((r) => r.roleTemplateId.toLowerCase()));
}

/** Holds any directory role at all, active or PIM-eligible, at any scope. */
export function isAdminTarget(target: TargetFacts): boolean {
  return targetAssignments(target).length > 0;
}

/** Role-assignable groups the target is a member (transitively) or an owner of, or eligible (PIM for Groups) to be. */
export function roleAssignableGroupsOf(target: TargetFacts): { member: GroupFact[]; ownedIds: string[]; eligible: GroupFact[] } {
  const eligibility = target.groupEligibility;
  const eligible = eligibility?.known ? eligibility.value.map((e) => e.group).filter((g) => g.isAssignableToRole) : [];
  return { member: target.groups.filter((g) => g.isAssignableToRole), ownedIds: target.ownedRoleAssignableGroupIds, eligible };
}

/** PIM for Groups eligibility Graph could not give because of a fault: it might hide a role-assignable group (fail closed). */
function groupEligibilityUnknown(target: TargetFacts): boolean {
  return target.groupEligibility !== undefined && !target.groupEligibility.known && target.groupEligibility.reason !== 'permission';
}

/** In (or owning, or eligible for) a role-assignable group, or PIM for Groups unreadable by a fault (fail closed). */
export function inRoleAssignableGroup(target: TargetFacts): boolean {
  const groups = roleAssignableGroupsOf(target);
  return groups.member.length > 0 || groups.ownedIds.length > 0 || groups.eligible.length > 0 || groupEligibilityUnknown(target);
}

/** The groups by name (an owned group whose name Graph did not give keeps its id), without repeats. */
function roleAssignableGroupNames(target: TargetFacts): string[] {
  const groups = roleAssignableGroupsOf(target);
  const owned = groups.ownedIds.map((id) => target.ownedRoleAssignableGroups?.find((g) => same(g.id, id))?.displayName || id);
  return unique([...groups.member.map((g) => g.displayName || g.id), ...owned, ...groups.eligible.map((g) => g.displayName || g.id)]);
}

export function restrictedUnitsOf(target: TargetFacts): AdministrativeUnitFact[] {
  return target.administrativeUnits.filter((u) => u.restricted);
}

/** In a restricted-management AU: by the unit list, or by Graph's own flag when the list can't say which. */
export function isRestrictedTarget(target: TargetFacts): boolean {
  return restrictedUnitsOf(target).length > 0 || target.user.isManagementRestricted === true;
}

function restrictedParams(target: TargetFacts): Record<string, string | undefined> {
  const units = restrictedUnitsOf(target);
  if (units.length === 0) return {};
  return { units: units.map((u) => u.displayName || u.id).join(', '), unitIds: units.map((u) => u.id).join(',') };
}

/** The unit a role is scoped to: restricted-management or not, or unknown when Graph did not give the unit. */
type UnitState = { state: 'restricted' | 'ordinary' | 'unknown'; id: string; name: string | null };

function scopedUnitState(assignment: RoleAssignmentFact, target: TargetFacts): UnitState | null {
  const scope = assignment.scope;
  if (scope.kind !== 'administrativeUnit') return null;
  const unit = target.administrativeUnits.find((u) => same(u.id, scope.id));
  const restricted = scope.restricted ?? unit?.restricted;
  const name = scope.displayName || unit?.displayName || null;
  return { state: restricted === undefined ? 'unknown' : restricted ? 'restricted' : 'ordinary', id: scope.id, name };
}

export type AuthAdminBlocker =
  /** Holds a role outside the Auth Admin column of the matrix (built-in or custom). */
  | { reason: 'admin-role'; roleIds: string[] }
  /** Holds a role scoped to a restricted-management AU (matrix row of its own). `units`: their names. */
  | { reason: 'restricted-au-role'; roleIds: string[]; units: string[]; unitIds: string[] }
  /** Holds a role scoped to an AU Graph did not describe: counted as restricted (fail closed), said as unread. */
  | { reason: 'unreadable-au-role'; roleIds: string[]; unitIds: string[] }
  /** Member or owner of a role-assignable group, or eligible to be (PIM for Groups) — a matrix row of its own. */
  | { reason: 'role-assignable-group'; groups: GroupFact[]; ownedIds: string[]; names: string[] }
  /** PIM for Groups eligibility could not be read: it might hide such a group (fail closed). */
  | { reason: 'group-eligibility-unreadable' };

/** Why a tenant-wide Authentication Administrator may not serve this target, or null when they may. */
export function authAdminBlocker(target: TargetFacts): AuthAdminBlocker | null {
  const unmanageable = targetRoleIds(target).filter((id) => !AUTH_ADMIN_MANAGEABLE_ROLES.has(id));
  if (unmanageable.length > 0) return { reason: 'admin-role', roleIds: unmanageable };
  const scoped = targetAssignments(target).flatMap((a) => {
    const unit = scopedUnitState(a, target);
    return unit ? [{ roleId: a.roleTemplateId.toLowerCase(), unit }] : [];
  });
  const restricted = scoped.filter((s) => s.unit.state === 'restricted');
  if (restricted.length > 0) {
    return {
      reason: 'restricted-au-role',
      roleIds: unique(restricted.map((s) => s.roleId)),
      units: unique(restricted.map((s) => s.unit.name ?? s.unit.id)),
      unitIds: unique(restricted.map((s) => s.unit.id)),
    };
  }
  const unread = scoped.filter((s) => s.unit.state === 'unknown');
  if (unread.length > 0)
    return { reason: 'unreadable-au-role', roleIds: unique(unread.map((s) => s.roleId)), unitIds: unique(unread.map((s) => s.unit.id)) };
  const groups = roleAssignableGroupsOf(target);
  if (groups.member.length > 0 || groups.ownedIds.length > 0 || groups.eligible.length > 0) {
    return {
      reason: 'role-assignable-group',
      groups: [...groups.member, ...groups.eligible],
      ownedIds: groups.ownedIds,
      names: roleAssignableGroupNames(target),
    };
  }
  if (groupEligibilityUnknown(target)) return { reason: 'group-eligibility-unreadable' };
  return null;
}

export type RequiredRole = 'authenticationAdministrator' | 'privilegedAuthenticationAdministrator' | 'none-restricted-au';

/** The least tenant-wide role that can serve this target through TAP Desk (shown on the approval card). */
export function requiredRoleFor(target: TargetFacts): RequiredRole {
  if (isRestrictedTarget(target)) return 'none-restricted-au';
  return authAdminBlocker(target) === null ? 'authenticationAdministrator' : 'privilegedAuthenticationAdministrator';
}

// ---------------------------------------------------------------------------------------------
// Which of the approver's assignments serve this target

/** Issuing roles at a scope that can hold users; resource-scoped assignments never grant authority over people. */
function issuing(assignment: RoleAssignmentFact): boolean {
  return ISSUING_ROLES.has(assignment.roleTemplateId.toLowerCase()) && assignment.scope.kind !== 'resource';
}

function memberOfUnit(target: TargetFacts, unitId: string): boolean {
  return target.administrativeUnits.some((u) => same(u.id, unitId));
}

/** Whether one assignment lets its holder serve this (not restricted) target. */
function serves(assignment: RoleAssignmentFact, target: TargetFacts): boolean {
  const scope = assignment.scope;
  switch (scope.kind) {
    case 'administrativeUnit':
      // AU-scoped roles reach only members of that unit, and "certain role permissions apply only to
      // non-administrator users" (src/graph/README.md §4). Role-assignable-group members are refused too: a
      // tenant-wide Auth Admin may not serve them, so a unit-scoped one may not either (fail closed).
      return memberOfUnit(target, scope.id) && !isAdminTarget(target) && !inRoleAssignableGroup(target);
    case 'tenant':
      if (same(assignment.roleTemplateId, ISSUING_ROLE_KEYS.authenticationAdministrator)) return authAdminBlocker(target) === null;
      return true; // Global Administrator and Privileged Authentication Administrator serve every row of the matrix.
    case 'resource':
      return false;
    default: {
      const unreachable: never = scope;
      return unreachable;
    }
  }
}

const SCOPE_RANK = { administrativeUnit: 0, tenant: 1, resource: 2 } as const;

function scopeKey(a: RoleAssignmentFact): string {
  return a.scope.kind === 'tenant' ? '/' : a.scope.id.toLowerCase();
}

/**
 * The narrowest sufficient authority, deterministically: the least privileged role first
 * (Authentication Administrator < Privileged Authentication Administrator < Global Administrator),
 * then the narrower scope (an administrative unit before the tenant), then a direct assignment before
 * one through a group, then by group id and scope id. This is what the audit records.
 */
function compareAuthority(a: RoleAssignmentFact, b: RoleAssignmentFact): number {
  const rank = (x: RoleAssignmentFact) => ISSUING_ROLE_RANK.indexOf(x.roleTemplateId.toLowerCase());
  return (
    rank(a) - rank(b) ||
    SCOPE_RANK[a.scope.kind] - SCOPE_RANK[b.scope.kind] ||
    Number(a.via === 'group') - Number(b.via === 'group') ||
    (a.groupId ?? '').localeCompare(b.groupId ?? '') ||
    scopeKey(a).localeCompare(scopeKey(b))
  );
}

function narrowest(assignments: RoleAssignmentFact[]): RoleAssignmentFact | null {
  return [...assignments].sort(compareAuthority)[0] ?? null;
}

function authorityOf(a: RoleAssignmentFact): Authority {
  const authority: Authority = { roleTemplateId: a.roleTemplateId.toLowerCase(), scope: a.scope, via: a.via };
  if (a.via === 'group' && a.groupId) authority.groupId = a.groupId;
  return authority;
}

/** A unit by name; one Graph did not name is said so rather than shown as an id (the id stays in `unitIds`). */
function unitName(a: RoleAssignmentFact, target: TargetFacts): string {
  if (a.scope.kind !== 'administrativeUnit') return '';
  const id = a.scope.id;
  return a.scope.displayName || target.administrativeUnits.find((u) => same(u.id, id))?.displayName || 'whose name TAP Desk could not read';
}

function roleNames(roleIds: string[]): string {
  return roleIds.map((id) => roleDisplayName(id) ?? id).join(', ');
}

/** Why none of these assignments (all issuing, none serving, target not restricted) will do. */
function refusal(assignments: RoleAssignmentFact[], target: TargetFacts, assignment: 'active' | 'eligible'): DomainError {
  const tenantWide = assignments.find((a) => a.scope.kind === 'tenant');
  if (tenantWide) {
    // Only a tenant-wide Authentication Administrator can fail here: the others serve every non-restricted target.
    const blocker = authAdminBlocker(target);
    const params: Record<string, string | undefined> = {
      neededRole: ISSUING_ROLE_KEYS.privilegedAuthenticationAdministrator,
      heldRole: tenantWide.roleTemplateId.toLowerCase(),
      reason: blocker?.reason,
      assignment,
    };
    if (
      blocker &&
      (blocker.reason === 'admin-role' || blocker.reason === 'restricted-au-role' || blocker.reason === 'unreadable-au-role')
    ) {
      params.targetRoles = roleNames(blocker.roleIds);
      params.targetRoleIds = blocker.roleIds.join(',');
    }
    if (blocker?.reason === 'restricted-au-role') params.units = blocker.units.join(', ');
    if (blocker?.reason === 'restricted-au-role' || blocker?.reason === 'unreadable-au-role') params.unitIds = blocker.unitIds.join(',');
    if (blocker?.reason === 'role-assignable-group') params.groups = blocker.names.join(', ');
    return domainError('issuer.role-too-low', params);
  }
  const scoped = assignments.filter((a) => a.scope.kind === 'administrativeUnit');
  if (scoped.length === 0) return domainError('issuer.no-role');
  const inside = scoped.filter((a) => a.scope.kind === 'administrativeUnit' && memberOfUnit(target, a.scope.id));
  const named = inside.length > 0 ? inside : scoped;
  const params = {
    units: unique(named.map((a) => unitName(a, target))).join(', '),
    unitIds: unique(named.map(scopeKey)).join(','),
    assignment,
  };
  if (inside.length > 0) {
    return domainError('issuer.au-scope-admin-target', {
      ...params,
      reason: isAdminTarget(target) ? 'admin-role' : 'role-assignable-group',
    });
  }
  return domainError('issuer.out-of-scope', params);
}

/**
 * Whether `issuer` may issue (or deny, or revoke) a pass for `target` on a request by `requesterId`, and
 * on which authority. Only ACTIVE assignments count; a PIM-eligible one that would serve gives
 * `issuer.role-eligible-only` ("activate it"). Separation of duties: issuer ≠ target, issuer ≠ requester.
 * Members of restricted-management units are always refused: Entra lets only admins scoped to that unit
 * manage them and refuses application permissions, so TAP Desk can never create their pass.
 */
export function canIssue(issuer: IssuerFacts, target: TargetFacts, requesterId: string): Result<Authority> {
  if (same(issuer.user.id, target.user.id)) return fail('issuer.is-target');
  if (same(issuer.user.id, requesterId)) return fail('issuer.self-approval');
  if (!issuer.user.accountEnabled) return fail('issuer.disabled');
  if (isRestrictedTarget(target)) return fail('issuer.restricted-au', restrictedParams(target));

  const active = issuer.activeRoles.filter(issuing);
  const chosen = narrowest(active.filter((a) => serves(a, target)));
  if (chosen) return ok(authorityOf(chosen));

  const eligible = issuer.eligibleRoles.filter(issuing);
  const activatable = narrowest(eligible.filter((a) => serves(a, target)));
  if (activatable) {
    return fail('issuer.role-eligible-only', {
      role: activatable.roleTemplateId.toLowerCase(),
      scope: activatable.scope.kind === 'tenant' ? '/' : scopeKey(activatable),
      unit: activatable.scope.kind === 'administrativeUnit' ? unitName(activatable, target) : undefined,
    });
  }
  if (active.length > 0) return { ok: false, error: refusal(active, target, 'active') };
  // Even activated, the eligible roles would not do: say why, as if they were active.
  if (eligible.length > 0) return { ok: false, error: refusal(eligible, target, 'eligible') };
  return fail('issuer.no-role');
}

export type RequestBasis = 'self' | 'service-desk' | 'manager';

/**
 * Who may ask for whom: anyone for themselves; the service-desk group for anyone;
 * a manager for their direct reports. When several apply, the broadest basis is recorded.
 */
export function canRequestFor(
  requester: { id: string; groupIds: string[] },
  target: TargetFacts,
  serviceDeskGroupId: string | null,
): Result<RequestBasis> {
  if (same(requester.id, target.user.id)) return ok('self');
  if (serviceDeskGroupId && requester.groupIds.some((g) => same(g, serviceDeskGroupId))) return ok('service-desk');
  if (target.managerId && same(target.managerId, requester.id)) return ok('manager');
  return fail('request.not-allowed-for-others');
}
