// Microsoft Graph v1.0 JSON → the domain's fact records (ARCHITECTURE.md rule 4). Pure: no I/O.
// Shapes as in test/fixtures/graph; anything missing becomes null rather than a guess, and anything
// that decides who may approve fails closed when Graph could not tell us.
/* eslint-disable @typescript-eslint/no-explicit-any -- Graph JSON is checked field by field here */
import type {
  AdministrativeUnitFact,
  DirectoryPhones,
  GroupEligibilityFact,
  GroupFact,
  IssuerFacts,
  Known,
  ManagerFact,
  MethodFact,
  MethodKind,
  RiskFact,
  RoleAssignmentFact,
  RoleScope,
  TapFact,
  TapPolicyFacts,
  TargetFacts,
  Unavailable,
  UserFact,
} from '../domain/facts';

/**
 * One answer of a `$batch` (or a single call): the body when it succeeded, else its status and Graph
 * error code, and (when the read declared it) what would have made it readable.
 */
export type Part = { ok: true; body: any } | { ok: false; status: number; code: string | null; need?: string };

export const okPart = (body: any): Part => ({ ok: true, body });
export const failedPart = (status: number, code: string | null = null, need?: string): Part => ({
  ok: false,
  status,
  code,
  ...(need ? { need } : {}),
});

/**
 * Graph's refusals for a tenant without the licence a feature needs: no Entra ID P1 (sign-in logs,
 * signInActivity, and as the closest documented answer Conditional Access and Identity Protection), and
 * no P2 for Privileged Identity Management lists. See test/harness/emulator/licences.ts for the sources.
 */
export const LICENCE_CODES: ReadonlySet<string> = new Set([
  'Authentication_RequestFromNonPremiumTenantOrB2CTenant',
  'AadPremiumLicenseRequired',
]);

export function isLicenceRefusal(status: number, code: string | null): boolean {
  return (status === 400 || status === 403) && code !== null && LICENCE_CODES.has(code);
}

/**
 * Stands in for roles we could not read: it is no role an Authentication Administrator may manage, so a
 * target whose roles or memberships are unreadable needs a Privileged Authentication Administrator.
 */
export const UNREADABLE_ROLE = 'unreadable';

const TYPES = {
  group: '#microsoft.graph.group',
  unit: '#microsoft.graph.administrativeUnit',
  role: '#microsoft.graph.directoryRole',
  tap: '#microsoft.graph.temporaryAccessPassAuthenticationMethod',
} as const;

const str = (v: unknown): string | null => (typeof v === 'string' ? v : null);
/** signInActivity writes "never" as 0001-01-01T00:00:00Z (src/graph/README.md): null, as when it is not returned. */
const signInTime = (v: unknown): string | null => (typeof v === 'string' && !v.startsWith('0001-') ? v : null);
const bool = (v: unknown): boolean | null => (typeof v === 'boolean' ? v : null);
const id = (v: unknown): string => String(v ?? '').toLowerCase();
const list = (v: unknown): any[] => (Array.isArray(v) ? v : []);
const values = (part: Part): any[] => (part.ok ? list(part.body?.value) : []);
const typeOf = (item: any): string => String(item?.['@odata.type'] ?? '');

export function unknownReason(part: Part): 'permission' | 'licence' | 'unavailable' {
  if (part.ok) return 'unavailable';
  if (isLicenceRefusal(part.status, part.code)) return 'licence';
  return part.status === 401 || part.status === 403 ? 'permission' : 'unavailable';
}

/** The unknown a failed part stands for, with what would make it readable when the read said so. */
export function unavailable(part: Part): Unavailable {
  const need = part.ok ? undefined : part.need;
  return { known: false, reason: unknownReason(part), ...(need ? { need } : {}) };
}

function known<T>(part: Part, map: (body: any) => T, onNotFound?: T): Known<T> {
  if (part.ok) return { known: true, value: map(part.body) };
  if (part.status === 404 && onNotFound !== undefined) return { known: true, value: onNotFound };
  return unavailable(part);
}

export function toUserFact(json: any): UserFact {
  const activity = json?.signInActivity ?? {};
  return {
    id: id(json?.id),
    userPrincipalName: String(json?.userPrincipalName ?? ''),
    displayName: String(json?.displayName ?? json?.userPrincipalName ?? ''),
    jobTitle: str(json?.jobTitle),
    department: str(json?.department),
    // Absent only when not $selected; the directory always selects it.
    accountEnabled: json?.accountEnabled !== false,
    userType: json?.userType === 'Guest' ? 'Guest' : 'Member',
    creationType: str(json?.creationType),
    externalUserState: str(json?.externalUserState),
    identitySignInTypes: list(json?.identities).map((i) => String(i?.signInType ?? '')),
    isManagementRestricted: bool(json?.isManagementRestricted),
    lastSignInDateTime: signInTime(activity.lastSignInDateTime),
    lastSuccessfulSignInDateTime: signInTime(activity.lastSuccessfulSignInDateTime),
    lastPasswordChangeDateTime: str(json?.lastPasswordChangeDateTime),
    onPremisesSyncEnabled: bool(json?.onPremisesSyncEnabled),
    ...(Array.isArray(json?.businessPhones) || (json && 'mobilePhone' in json) ? { phones: toPhones(json) } : {}),
  };
}

function toManagerFact(json: any): ManagerFact {
  const user = toUserFact(json);
  return { id: user.id, displayName: user.displayName, userPrincipalName: user.userPrincipalName };
}

/** `businessPhones` (a list, possibly empty) and `mobilePhone` (null when unset); blank entries dropped. */
function toPhones(json: any): DirectoryPhones {
  return {
    business: list(json?.businessPhones)
      .map((n) => String(n ?? '').trim())
      .filter(Boolean),
    mobile: str(json?.mobilePhone)?.trim() || null,
  };
}

export function toGroupFact(json: any): GroupFact {
  return { id: id(json?.id), displayName: String(json?.displayName ?? ''), isAssignableToRole: json?.isAssignableToRole === true };
}

export function toUnitFact(json: any): AdministrativeUnitFact {
  return { id: id(json?.id), displayName: String(json?.displayName ?? ''), restricted: json?.isMemberManagementRestricted === true };
}

/**
 * `directoryScopeId` "/" → tenant; "/administrativeUnits/{id}" → that unit (named when `directoryScope`
 * was expanded); anything else (an app or other object) → resource, which never counts as tenant-wide.
 */
export function toScope(directoryScopeId: unknown, directoryScope?: any): RoleScope {
  const raw = String(directoryScopeId ?? '/');
  if (raw === '/' || raw === '') return { kind: 'tenant' };
  const unit = /^\/administrativeUnits\/([^/]+)$/i.exec(raw);
  if (!unit) return { kind: 'resource', id: raw.toLowerCase() };
  const scope: RoleScope = { kind: 'administrativeUnit', id: id(unit[1]) };
  if (directoryScope && typeof directoryScope === 'object') {
    if (typeof directoryScope.displayName === 'string') scope.displayName = directoryScope.displayName;
    if (typeof directoryScope.isMemberManagementRestricted === 'boolean') scope.restricted = directoryScope.isMemberManagementRestricted;
  }
  return scope;
}

/** A unifiedRoleAssignment or unifiedRoleEligibilitySchedule; a principal among `groupIdsOfUser` means "through that group". */
export function toRoleAssignmentFact(json: any, groupIdsOfUser: readonly string[] = []): RoleAssignmentFact {
  const principalId = id(json?.principalId);
  const viaGroup = groupIdsOfUser.some((g) => g.toLowerCase() === principalId);
  const fact: RoleAssignmentFact = {
    roleTemplateId: id(json?.roleDefinitionId),
    scope: toScope(json?.directoryScopeId, json?.directoryScope),
    via: viaGroup ? 'group' : 'direct',
  };
  if (viaGroup) fact.groupId = principalId;
  return fact;
}

function scopeKey(scope: RoleScope): string {
  return scope.kind === 'tenant' ? '/' : `${scope.kind}:${scope.id}`;
}

/** One fact per role and scope; the first seen wins, so list direct assignments first. */
function uniqueAssignments(assignments: RoleAssignmentFact[]): RoleAssignmentFact[] {
  const seen = new Set<string>();
  return assignments.filter((a) => {
    const key = `${a.roleTemplateId}|${scopeKey(a.scope)}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** Names AU scopes from the person's own unit memberships when Graph did not expand them. */
function nameScopes(assignments: RoleAssignmentFact[], units: AdministrativeUnitFact[]): RoleAssignmentFact[] {
  return assignments.map((a) => {
    const scope = a.scope;
    if (scope.kind !== 'administrativeUnit' || (scope.displayName !== undefined && scope.restricted !== undefined)) return a;
    const unit = units.find((u) => u.id === scope.id);
    if (!unit) return a;
    return {
      ...a,
      scope: { ...scope, displayName: scope.displayName ?? unit.displayName, restricted: scope.restricted ?? unit.restricted },
    };
  });
}

export interface Memberships {
  groups: GroupFact[];
  units: AdministrativeUnitFact[];
  /** Tenant-scoped active roles, direct or through groups, as `directoryRole` objects (compare on roleTemplateId). */
  directoryRoleTemplateIds: string[];
}

/** `/users/{id}/transitiveMemberOf`: groups, directory roles and admin units in one list. */
export function toMemberships(part: Part): Memberships {
  const items = values(part);
  return {
    groups: items.filter((i) => typeOf(i) === TYPES.group).map(toGroupFact),
    units: items.filter((i) => typeOf(i) === TYPES.unit).map(toUnitFact),
    directoryRoleTemplateIds: [
      ...new Set(items.filter((i) => typeOf(i) === TYPES.role && i.roleTemplateId).map((i) => id(i.roleTemplateId))),
    ],
  };
}

const METHOD_KINDS: Record<string, MethodKind> = {
  '#microsoft.graph.passwordAuthenticationMethod': 'password',
  '#microsoft.graph.microsoftAuthenticatorAuthenticationMethod': 'microsoftAuthenticator',
  '#microsoft.graph.fido2AuthenticationMethod': 'fido2',
  '#microsoft.graph.windowsHelloForBusinessAuthenticationMethod': 'windowsHelloForBusiness',
  '#microsoft.graph.phoneAuthenticationMethod': 'phone',
  '#microsoft.graph.emailAuthenticationMethod': 'email',
  '#microsoft.graph.softwareOathAuthenticationMethod': 'softwareOath',
  '#microsoft.graph.temporaryAccessPassAuthenticationMethod': 'temporaryAccessPass',
  '#microsoft.graph.platformCredentialAuthenticationMethod': 'platformCredential',
  '#microsoft.graph.qrCodePinAuthenticationMethod': 'qrCodePin',
  '#microsoft.graph.externalAuthenticationMethod': 'external',
};

export function toMethodFact(json: any): MethodFact {
  return {
    kind: METHOD_KINDS[typeOf(json)] ?? 'other',
    id: String(json?.id ?? ''),
    displayName: str(json?.displayName),
    // The fido2 doc example spells it creationDateTime.
    createdDateTime: str(json?.createdDateTime) ?? str(json?.creationDateTime),
  };
}

/** A TAP as read (never holds the value, even if the JSON does). */
export function toTapFact(json: any): TapFact {
  const created = String(json?.createdDateTime ?? '');
  return {
    id: String(json?.id ?? ''),
    createdDateTime: created,
    startDateTime: String(json?.startDateTime ?? created),
    lifetimeInMinutes: Number(json?.lifetimeInMinutes ?? 0),
    isUsableOnce: json?.isUsableOnce === true,
    isUsable: json?.isUsable === true,
    methodUsabilityReason: String(json?.methodUsabilityReason ?? ''),
    // Beta only (https://learn.microsoft.com/graph/api/resources/temporaryaccesspassauthenticationmethod?view=graph-rest-beta).
    ...(json?.lastUsedDateTime !== undefined ? { lastUsedDateTime: str(json.lastUsedDateTime) } : {}),
  };
}

/** `/users/{id}/authentication/methods`: every method (with createdDateTime where Graph gives it) and the pass among them. */
export function toSignInMethods(body: any): { methods: MethodFact[]; tap: TapFact | null } {
  return { methods: list(body?.value).map(toMethodFact), tap: tapIn(body) };
}

/** The TAP list (`{value: [...]}`, at most one item), a single TAP, or an authentication-methods list. */
function tapIn(body: any): TapFact | null {
  if (body && !Array.isArray(body.value))
    return typeOf(body) === TYPES.tap || body.lifetimeInMinutes !== undefined ? toTapFact(body) : null;
  const items = list(body?.value);
  const tap = items.find((m) => typeOf(m) === TYPES.tap) ?? items.find((m) => !m?.['@odata.type'] && m?.lifetimeInMinutes !== undefined);
  return tap ? toTapFact(tap) : null;
}

export function toTapPolicy(json: any): TapPolicyFacts {
  const target = (t: any) => ({ id: id(t?.id), targetType: String(t?.targetType ?? '') });
  return {
    state: json?.state === 'enabled' ? 'enabled' : 'disabled',
    defaultLifetimeInMinutes: Number(json?.defaultLifetimeInMinutes ?? 60),
    minimumLifetimeInMinutes: Number(json?.minimumLifetimeInMinutes ?? 60),
    maximumLifetimeInMinutes: Number(json?.maximumLifetimeInMinutes ?? 480),
    defaultLength: Number(json?.defaultLength ?? 8),
    isUsableOnce: json?.isUsableOnce === true,
    includeTargets: list(json?.includeTargets).map(target),
    excludeTargets: list(json?.excludeTargets).map(target),
  };
}

/** A riskyUser; the v1.0 doc example wraps it in `value[]`, so that shape is accepted too. */
export function toRiskFact(json: any): RiskFact | null {
  const item = Array.isArray(json?.value) ? json.value[0] : json;
  if (!item) return null;
  return {
    riskLevel: String(item.riskLevel ?? 'none'),
    riskState: String(item.riskState ?? 'none'),
    riskLastUpdatedDateTime: str(item.riskLastUpdatedDateTime),
  };
}

/**
 * Active roles: assignments of the user or of a group they are in, plus tenant-scoped `directoryRole`
 * memberships, without duplicates. A directoryRole with no matching assignment came through a group
 * (direct assignments are all in the list) unless the list itself was unreadable.
 */
function activeRoles(userId: string, memberships: Memberships, assignments: Part, unreadable: boolean): RoleAssignmentFact[] {
  const groupIds = memberships.groups.map((g) => g.id);
  const principals = new Set([userId, ...groupIds]);
  const own = values(assignments)
    .filter((a) => principals.has(id(a?.principalId)))
    .map((a) => toRoleAssignmentFact(a, groupIds))
    .sort((a, b) => Number(a.via === 'group') - Number(b.via === 'group'));
  const fromDirectoryRoles = memberships.directoryRoleTemplateIds.map((roleTemplateId): RoleAssignmentFact => ({
    roleTemplateId,
    scope: { kind: 'tenant' },
    via: assignments.ok ? 'group' : 'direct',
  }));
  const sentinel: RoleAssignmentFact[] = unreadable ? [{ roleTemplateId: UNREADABLE_ROLE, scope: { kind: 'tenant' }, via: 'direct' }] : [];
  return nameScopes(uniqueAssignments([...own, ...fromDirectoryRoles, ...sentinel]), memberships.units);
}

function eligibleRoles(userId: string, memberships: Memberships, schedules: Part): RoleAssignmentFact[] {
  const groupIds = memberships.groups.map((g) => g.id);
  const principals = new Set([userId, ...groupIds]);
  const own = values(schedules)
    .filter((a) => principals.has(id(a?.principalId)))
    .map((a) => toRoleAssignmentFact(a, groupIds));
  return nameScopes(uniqueAssignments(own), memberships.units);
}

/**
 * `/users/{id}/memberOf/microsoft.graph.administrativeUnit`: the units the user is a DIRECT member of.
 * A cast list drops `@odata.type`, so every item is a unit. Never the transitive list: a group inside a
 * unit does not bring its members into the unit's scope (see domain/issuer-rules.ts).
 */
export function toDirectUnits(part: Part): AdministrativeUnitFact[] {
  return values(part).map(toUnitFact);
}

/**
 * `identityGovernance/privilegedAccess/group/eligibilitySchedules?$filter=principalId eq '{id}'&$expand=group`
 * (privilegedAccessGroupEligibilitySchedule). A schedule whose group was not expanded keeps its id and
 * counts as role-assignable (fail closed); only provisioned schedules are eligibility (`status`).
 */
export function toGroupEligibility(part: Part): Known<GroupEligibilityFact[]> {
  return known(part, (body) =>
    list(body?.value)
      .filter((s) => s?.status === undefined || s?.status === null || String(s.status).toLowerCase() === 'provisioned')
      .map((s): GroupEligibilityFact => ({
        group:
          s?.group && typeof s.group === 'object'
            ? toGroupFact(s.group)
            : { id: id(s?.groupId), displayName: '', isAssignableToRole: true },
        accessId: String(s?.accessId).toLowerCase() === 'owner' ? 'owner' : 'member',
      })),
  );
}

export interface TargetParts {
  /** The user object (`$select` with the properties in UserFact). */
  user: any;
  transitiveMemberOf: Part;
  /** Direct unit membership (`toDirectUnits`); the units in `transitiveMemberOf` are never used. */
  administrativeUnits: Part;
  ownedObjects: Part;
  /** PIM for Groups eligibility of the user (`toGroupEligibility`). */
  groupEligibilitySchedules: Part;
  /** Active assignments whose principal is the user (or one of the user's groups; others are ignored). */
  roleAssignments: Part;
  roleEligibilitySchedules: Part;
  /** `/authentication/methods`. */
  methods: Part;
  /** `/authentication/temporaryAccessPassMethods`; when absent the pass is taken from `methods`. */
  tap?: Part;
  riskyUser: Part;
  manager: Part;
  /** `/users/{id}?$select=id,signInActivity`, read apart from the user (AuditLog.Read.All, Entra ID P1); absent: in `user`. */
  signInActivity?: Part;
}

export function toTargetFacts(input: TargetParts): TargetFacts {
  const activity = input.signInActivity;
  // When read apart, only that read speaks for signInActivity (unreadable: no last sign-in at all).
  const user = toUserFact(
    activity ? { ...input.user, signInActivity: activity.ok ? activity.body?.signInActivity : undefined } : input.user,
  );
  const memberships = { ...toMemberships(input.transitiveMemberOf), units: toDirectUnits(input.administrativeUnits) };
  const owned = values(input.ownedObjects).filter((o) => typeOf(o) === TYPES.group && o.isAssignableToRole === true);
  // Unreadable roles or memberships could hide an admin role or a role-assignable group: fail closed.
  const unreadable =
    !input.roleAssignments.ok ||
    !input.roleEligibilitySchedules.ok ||
    !input.transitiveMemberOf.ok ||
    !input.ownedObjects.ok ||
    !input.administrativeUnits.ok;
  return {
    user,
    activeRoles: activeRoles(user.id, memberships, input.roleAssignments, unreadable),
    eligibleRoles: eligibleRoles(user.id, memberships, input.roleEligibilitySchedules),
    groups: memberships.groups,
    ownedRoleAssignableGroupIds: owned.map((o) => id(o.id)),
    ownedRoleAssignableGroups: owned.map(toGroupFact),
    groupEligibility: toGroupEligibility(input.groupEligibilitySchedules),
    administrativeUnits: memberships.units,
    methods: known(input.methods, (body) => list(body?.value).map(toMethodFact)),
    tap: known(input.tap ?? input.methods, tapIn, null),
    risk: known(input.riskyUser, toRiskFact, null),
    ...(activity
      ? {
          signInActivity: known(activity, () => ({
            lastSignInDateTime: user.lastSignInDateTime,
            lastSuccessfulSignInDateTime: user.lastSuccessfulSignInDateTime,
          })),
        }
      : {}),
    managerId: input.manager.ok && input.manager.body?.id ? id(input.manager.body.id) : null,
    // No manager is Graph's 404 Request_ResourceNotFound (https://learn.microsoft.com/graph/api/user-list-manager).
    manager: known(input.manager, (body) => (body?.id ? toManagerFact(body) : null), null),
  };
}

export interface IssuerParts {
  user: any;
  transitiveMemberOf: Part;
  /** May list other principals' assignments (e.g. every holder of the issuing roles): only the person's own and their groups' are kept. */
  roleAssignments: Part;
  roleEligibilitySchedules: Part;
}

/** The acting person. Unreadable parts simply grant nothing: an approver's authority is never guessed. */
export function toIssuerFacts(input: IssuerParts): IssuerFacts {
  const user = toUserFact(input.user);
  const memberships = toMemberships(input.transitiveMemberOf);
  return {
    user: { id: user.id, userPrincipalName: user.userPrincipalName, displayName: user.displayName, accountEnabled: user.accountEnabled },
    activeRoles: activeRoles(user.id, memberships, input.roleAssignments, false),
    eligibleRoles: eligibleRoles(user.id, memberships, input.roleEligibilitySchedules),
    groupIds: memberships.groups.map((g) => g.id),
  };
}
