// Microsoft Graph v1.0 JSON → the domain's fact records. Pure: no I/O. Shapes as in
// shared/graph/fixtures; anything missing becomes null rather than a guess.
/* eslint-disable @typescript-eslint/no-explicit-any -- Graph JSON is checked field by field here */
import type {
  AdministrativeUnitFact,
  GroupFact,
  IssuerFacts,
  Known,
  MethodFact,
  MethodKind,
  RiskFact,
  RoleAssignmentFact,
  RoleScope,
  TapFact,
  TapPolicyFacts,
  TargetFacts,
  UserFact,
} from '../domain/facts';

/** One answer of a `$batch`: the body when it succeeded, else its status and Graph error code. */
export type Part = { ok: true; body: any } | { ok: false; status: number; code: string | null };

const str = (v: unknown): string | null => (typeof v === 'string' ? v : null);
const values = (part: Part): any[] => (part.ok && Array.isArray(part.body?.value) ? part.body.value : []);
const typeOf = (item: any): string => String(item?.['@odata.type'] ?? '');

export function unknownReason(part: Part): 'permission' | 'licence' | 'unavailable' {
  if (part.ok) return 'unavailable';
  if (part.code === 'Authentication_RequestFromNonPremiumTenantOrB2CTenant') return 'licence';
  return part.status === 401 || part.status === 403 ? 'permission' : 'unavailable';
}

export function toUserFact(json: any): UserFact {
  const activity = json?.signInActivity ?? {};
  return {
    id: String(json?.id ?? '').toLowerCase(),
    userPrincipalName: String(json?.userPrincipalName ?? ''),
    displayName: String(json?.displayName ?? json?.userPrincipalName ?? ''),
    jobTitle: str(json?.jobTitle),
    department: str(json?.department),
    accountEnabled: json?.accountEnabled !== false,
    userType: json?.userType === 'Guest' ? 'Guest' : 'Member',
    creationType: str(json?.creationType),
    externalUserState: str(json?.externalUserState),
    identitySignInTypes: Array.isArray(json?.identities) ? json.identities.map((i: any) => String(i?.signInType ?? '')) : [],
    isManagementRestricted: typeof json?.isManagementRestricted === 'boolean' ? json.isManagementRestricted : null,
    lastSignInDateTime: str(activity.lastSignInDateTime),
    lastSuccessfulSignInDateTime: str(activity.lastSuccessfulSignInDateTime),
    lastPasswordChangeDateTime: str(json?.lastPasswordChangeDateTime),
    onPremisesSyncEnabled: typeof json?.onPremisesSyncEnabled === 'boolean' ? json.onPremisesSyncEnabled : null,
  };
}

export function toScope(directoryScopeId: unknown): RoleScope {
  const match = /^\/administrativeUnits\/([^/]+)$/i.exec(String(directoryScopeId ?? '/'));
  return match ? { kind: 'administrativeUnit', id: (match[1] as string).toLowerCase() } : { kind: 'tenant' };
}

export function toRoleAssignmentFact(json: any, userId: string): RoleAssignmentFact {
  const principalId = String(json?.principalId ?? '').toLowerCase();
  const fact: RoleAssignmentFact = {
    roleTemplateId: String(json?.roleDefinitionId ?? '').toLowerCase(),
    scope: toScope(json?.directoryScopeId),
    via: principalId === userId ? 'direct' : 'group',
  };
  if (fact.via === 'group') fact.groupId = principalId;
  return fact;
}

function sameAssignment(a: RoleAssignmentFact, b: RoleAssignmentFact): boolean {
  const scope = (s: RoleScope) => (s.kind === 'tenant' ? '/' : s.id);
  return a.roleTemplateId === b.roleTemplateId && scope(a.scope) === scope(b.scope);
}

function unique(list: RoleAssignmentFact[]): RoleAssignmentFact[] {
  return list.filter((a, i) => list.findIndex((b) => sameAssignment(a, b)) === i);
}

/** Memberships: groups, tenant-scoped directory roles (direct or through groups) and admin units. */
export function toMemberships(part: Part): { groups: GroupFact[]; units: AdministrativeUnitFact[]; roles: RoleAssignmentFact[] } {
  const groups: GroupFact[] = [];
  const units: AdministrativeUnitFact[] = [];
  const roles: RoleAssignmentFact[] = [];
  for (const item of values(part)) {
    const type = typeOf(item);
    if (type === '#microsoft.graph.group') {
      groups.push({ id: String(item.id).toLowerCase(), displayName: String(item.displayName ?? ''), isAssignableToRole: item.isAssignableToRole === true });
    } else if (type === '#microsoft.graph.administrativeUnit') {
      units.push({ id: String(item.id).toLowerCase(), displayName: String(item.displayName ?? ''), restricted: item.isMemberManagementRestricted === true });
    } else if (type === '#microsoft.graph.directoryRole' && item.roleTemplateId) {
      roles.push({ roleTemplateId: String(item.roleTemplateId).toLowerCase(), scope: { kind: 'tenant' }, via: 'direct' });
    }
  }
  return { groups, units, roles };
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
    createdDateTime: str(json?.createdDateTime),
  };
}

export function toTapFact(json: any): TapFact {
  return {
    id: String(json?.id ?? ''),
    createdDateTime: String(json?.createdDateTime ?? ''),
    startDateTime: String(json?.startDateTime ?? json?.createdDateTime ?? ''),
    lifetimeInMinutes: Number(json?.lifetimeInMinutes ?? 0),
    isUsableOnce: json?.isUsableOnce === true,
    isUsable: json?.isUsable === true,
    methodUsabilityReason: String(json?.methodUsabilityReason ?? ''),
  };
}

export function toTapPolicy(json: any): TapPolicyFacts {
  const target = (t: any) => ({ id: String(t?.id ?? '').toLowerCase(), targetType: String(t?.targetType ?? '') });
  return {
    state: json?.state === 'enabled' ? 'enabled' : 'disabled',
    defaultLifetimeInMinutes: Number(json?.defaultLifetimeInMinutes ?? 60),
    minimumLifetimeInMinutes: Number(json?.minimumLifetimeInMinutes ?? 60),
    maximumLifetimeInMinutes: Number(json?.maximumLifetimeInMinutes ?? 480),
    defaultLength: Number(json?.defaultLength ?? 8),
    isUsableOnce: json?.isUsableOnce === true,
    includeTargets: (Array.isArray(json?.includeTargets) ? json.includeTargets : []).map(target),
    excludeTargets: (Array.isArray(json?.excludeTargets) ? json.excludeTargets : []).map(target),
  };
}

export function toRiskFact(json: any): RiskFact {
  return { riskLevel: String(json?.riskLevel ?? 'none'), riskState: String(json?.riskState ?? 'none'), riskLastUpdatedDateTime: str(json?.riskLastUpdatedDateTime) };
}

function known<T>(part: Part, map: (body: any) => T, onNotFound?: T): Known<T> {
  if (part.ok) return { known: true, value: map(part.body) };
  if (part.status === 404 && onNotFound !== undefined) return { known: true, value: onNotFound };
  return { known: false, reason: unknownReason(part) };
}

export function toTargetFacts(input: {
  user: any;
  transitiveMemberOf: Part;
  ownedObjects: Part;
  roleAssignments: Part;
  roleEligibilitySchedules: Part;
  methods: Part;
  riskyUser: Part;
  manager: Part;
}): TargetFacts {
  const user = toUserFact(input.user);
  const memberships = toMemberships(input.transitiveMemberOf);
  const direct = values(input.roleAssignments).map((a) => toRoleAssignmentFact(a, user.id));
  const methods = known(input.methods, (body) => (Array.isArray(body?.value) ? body.value : []).map(toMethodFact));
  const tapJson = known(input.methods, (body) => (Array.isArray(body?.value) ? body.value : []).find((m: any) => typeOf(m) === '#microsoft.graph.temporaryAccessPassAuthenticationMethod') ?? null);
  return {
    user,
    activeRoles: unique([...direct, ...memberships.roles]),
    eligibleRoles: unique(values(input.roleEligibilitySchedules).map((a) => toRoleAssignmentFact(a, user.id))),
    groups: memberships.groups,
    ownedRoleAssignableGroupIds: values(input.ownedObjects)
      .filter((o) => typeOf(o) === '#microsoft.graph.group' && o.isAssignableToRole === true)
      .map((o) => String(o.id).toLowerCase()),
    administrativeUnits: memberships.units,
    methods,
    tap: tapJson.known ? { known: true, value: tapJson.value ? toTapFact(tapJson.value) : null } : tapJson,
    risk: known(input.riskyUser, (body) => (body ? toRiskFact(body) : null), null),
    managerId: input.manager.ok && input.manager.body?.id ? String(input.manager.body.id).toLowerCase() : null,
  };
}

/**
 * The acting person. `roleAssignments` may list assignments of other principals (all holders of the
 * issuing roles): only the person's own and those of groups they belong to are kept.
 */
export function toIssuerFacts(input: { user: any; transitiveMemberOf: Part; roleAssignments: Part; roleEligibilitySchedules: Part }): IssuerFacts {
  const user = toUserFact(input.user);
  const memberships = toMemberships(input.transitiveMemberOf);
  const principals = new Set([user.id, ...memberships.groups.map((g) => g.id)]);
  const assigned = values(input.roleAssignments)
    .filter((a) => principals.has(String(a?.principalId ?? '').toLowerCase()))
    .map((a) => toRoleAssignmentFact(a, user.id));
  return {
    user: { id: user.id, userPrincipalName: user.userPrincipalName, displayName: user.displayName, accountEnabled: user.accountEnabled },
    activeRoles: unique([...assigned, ...memberships.roles]),
    eligibleRoles: unique(
      values(input.roleEligibilitySchedules)
        .filter((a) => principals.has(String(a?.principalId ?? '').toLowerCase()))
        .map((a) => toRoleAssignmentFact(a, user.id)),
    ),
    groupIds: memberships.groups.map((g) => g.id),
  };
}
