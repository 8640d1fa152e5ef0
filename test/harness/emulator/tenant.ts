// One emulated tenant: the seed indexed for lookups (ids and UPNs case-insensitive, memberships
// transitive), plus the only state that changes at run time: users' authentication methods and the
// pass values issued. Each emulator instance owns one.
import { type DelegatedAccess } from './delegated-seed';
import { type VerifiedIdSeed } from './verified-id-seed';
import { resourceNotFound } from './errors';
import { type JsonObject } from './json';
import {
  type GraphObject,
  type Seed,
  type SeedAdministrativeUnit,
  type SeedApplication,
  type SeedGroup,
  type SeedGroupEligibilitySchedule,
  type SeedRoleAssignment,
  type SeedUser,
} from './seed';
import { type Tier, tierHas, tierOf, withoutRestrictedUnits } from './licences';
import { DEFAULT_TAP_CONFIGURATION, TAP_POLICY_ID, type TapPolicy, policyAppliesTo, tapPolicyFrom } from './tap-policy';

const TENANT_SCOPE = '/';

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

export class Tenant {
  readonly id: string;
  readonly displayName: string;
  readonly domains: readonly string[];
  readonly applications: readonly SeedApplication[];
  /** ★ Verified ID set up here (verified-id-seed.ts), or null. */
  readonly verifiedId: VerifiedIdSeed | null;
  /** Entra ID tier from the seed's subscribedSkus (licences.ts). */
  readonly tier: Tier;
  private readonly usersByKey = new Map<string, SeedUser>();
  private readonly groupsById = new Map<string, SeedGroup>();
  private readonly unitsById = new Map<string, SeedAdministrativeUnit>();
  private readonly groupsByMember = new Map<string, SeedGroup[]>();
  private readonly groupsByOwner = new Map<string, SeedGroup[]>();
  private readonly unitsByMember = new Map<string, SeedAdministrativeUnit[]>();
  private readonly reportsByManager = new Map<string, SeedUser[]>();
  private readonly assignmentsByPrincipal = new Map<string, SeedRoleAssignment[]>();
  private readonly transitiveGroups = new Map<string, SeedGroup[]>();
  private readonly methods = new Map<string, GraphObject[]>();
  private readonly passes: string[] = [];
  private readonly forcedPasses: string[] = [];
  private readonly signInsByTime: GraphObject[];

  private readonly seed: Seed;

  constructor(source: Seed) {
    this.tier = tierOf(source.subscribedSkus);
    const seed = tierHas(this.tier, 'P1') ? source : { ...source, ...restrictedOff(source) };
    this.seed = seed;
    this.id = seed.tenant.id;
    this.displayName = seed.tenant.displayName;
    this.domains = seed.tenant.domains;
    this.applications = seed.applications;
    this.verifiedId = seed.verifiedId;
    for (const user of seed.users) {
      this.usersByKey.set(user.id.toLowerCase(), user);
      this.usersByKey.set(user.userPrincipalName.toLowerCase(), user);
      if (typeof user.managerId === 'string') push(this.reportsByManager, user.managerId.toLowerCase(), user);
    }
    for (const group of seed.groups) {
      this.groupsById.set(group.id.toLowerCase(), group);
      for (const member of group.members) push(this.groupsByMember, member.toLowerCase(), group);
      for (const owner of group.owners) push(this.groupsByOwner, owner.toLowerCase(), group);
    }
    for (const unit of seed.administrativeUnits) {
      this.unitsById.set(unit.id.toLowerCase(), unit);
      for (const member of unit.members) push(this.unitsByMember, member.toLowerCase(), unit);
    }
    for (const assignment of seed.roleAssignments) push(this.assignmentsByPrincipal, assignment.principalId.toLowerCase(), assignment);
    for (const [userId, list] of Object.entries(seed.authenticationMethods))
      this.methods.set(
        userId.toLowerCase(),
        list.map((m) => ({ ...m })),
      );
    this.signInsByTime = [...seed.signIns].sort((a, b) => Date.parse(String(b.createdDateTime)) - Date.parse(String(a.createdDateTime)));
  }

  /** The seed's subscribedSkus as Graph lists them (none for a seed without them: the tier is then P2 by default). */
  subscribedSkus(): readonly JsonObject[] {
    return this.seed.subscribedSkus ?? [];
  }

  /** Whether a path's tenant segment names this tenant: its id or one of its domains. */
  isNamed(segment: string): boolean {
    const s = segment.toLowerCase();
    return s === this.id.toLowerCase() || this.domains.some((d) => d.toLowerCase() === s);
  }

  application(appId: string): SeedApplication | undefined {
    return this.applications.find((a) => a.appId.toLowerCase() === appId.toLowerCase());
  }

  users(): readonly SeedUser[] {
    return this.seed.users;
  }

  /** A user by object id or user principal name. */
  user(idOrUpn: string): SeedUser | undefined {
    return this.usersByKey.get(idOrUpn.toLowerCase());
  }

  requireUser(idOrUpn: string): SeedUser {
    const user = this.user(idOrUpn);
    if (!user) throw resourceNotFound(idOrUpn);
    return user;
  }

  groups(): readonly SeedGroup[] {
    return this.seed.groups;
  }

  group(id: string): SeedGroup | undefined {
    return this.groupsById.get(id.toLowerCase());
  }

  units(): readonly SeedAdministrativeUnit[] {
    return this.seed.administrativeUnits;
  }

  unit(id: string): SeedAdministrativeUnit | undefined {
    return this.unitsById.get(id.toLowerCase());
  }

  manager(user: SeedUser): SeedUser | undefined {
    return typeof user.managerId === 'string' ? this.user(user.managerId) : undefined;
  }

  directReports(userId: string): readonly SeedUser[] {
    return this.reportsByManager.get(userId.toLowerCase()) ?? [];
  }

  directGroups(principalId: string): readonly SeedGroup[] {
    return this.groupsByMember.get(principalId.toLowerCase()) ?? [];
  }

  /** Groups a principal is in directly or through nested groups (memoised: groups never change). */
  groupsOf(principalId: string): readonly SeedGroup[] {
    const key = principalId.toLowerCase();
    const cached = this.transitiveGroups.get(key);
    if (cached) return cached;
    const found = new Map<string, SeedGroup>();
    const queue = [key];
    for (let next = queue.shift(); next !== undefined; next = queue.shift()) {
      for (const group of this.groupsByMember.get(next) ?? []) {
        const id = group.id.toLowerCase();
        if (found.has(id)) continue;
        found.set(id, group);
        queue.push(id);
      }
    }
    const groups = [...found.values()];
    this.transitiveGroups.set(key, groups);
    return groups;
  }

  ownedGroups(userId: string): readonly SeedGroup[] {
    return this.groupsByOwner.get(userId.toLowerCase()) ?? [];
  }

  unitsOf(userId: string): readonly SeedAdministrativeUnit[] {
    return this.unitsByMember.get(userId.toLowerCase()) ?? [];
  }

  /**
   * Units a user is in through a group the unit holds (directly or nested). Graph's transitiveMemberOf is
   * documented as "groups, directory roles, and administrative units that the user is a member of through
   * either direct or transitive membership" (microsoft-graph-docs-contrib api-reference/v1.0/api/
   * user-list-transitivememberof.md), so the emulator lists these there; whether Entra does is not
   * documented further [UNCONFIRMED]. They are never in the unit's scope (admin-units-members-add.md).
   */
  unitsThroughGroups(userId: string): readonly SeedAdministrativeUnit[] {
    const direct = new Set(this.unitsOf(userId).map((u) => u.id.toLowerCase()));
    const groupIds = new Set(this.groupsOf(userId).map((g) => g.id.toLowerCase()));
    return this.seed.administrativeUnits.filter(
      (u) => !direct.has(u.id.toLowerCase()) && u.members.some((m) => groupIds.has(m.toLowerCase())),
    );
  }

  groupEligibilitySchedules(): readonly SeedGroupEligibilitySchedule[] {
    return this.seed.groupEligibilitySchedules;
  }

  /** Members of a restricted-management unit (or flagged so) can be managed only by admins scoped to that unit. */
  isManagementRestricted(user: SeedUser): boolean {
    return user.isManagementRestricted === true || this.unitsOf(user.id).some((u) => u.isMemberManagementRestricted === true);
  }

  roleAssignments(): readonly SeedRoleAssignment[] {
    return this.seed.roleAssignments;
  }

  roleEligibilitySchedules(): readonly SeedRoleAssignment[] {
    return this.seed.roleEligibilitySchedules;
  }

  /** Active tenant-wide role template ids: assigned to the user, and (transitive) through role-assignable groups. */
  tenantRoles(userId: string, transitive: boolean): string[] {
    const principals = [userId, ...(transitive ? this.groupsOf(userId).map((g) => g.id) : [])];
    const roles = new Set<string>();
    for (const principal of principals) {
      for (const a of this.assignmentsByPrincipal.get(principal.toLowerCase()) ?? []) {
        if (a.directoryScopeId === TENANT_SCOPE) roles.add(a.roleDefinitionId.toLowerCase());
      }
    }
    return [...roles];
  }

  authenticationMethodConfigurations(): readonly GraphObject[] {
    return this.seed.authenticationMethodsPolicy.authenticationMethodConfigurations;
  }

  tapConfiguration(): GraphObject {
    const found = this.authenticationMethodConfigurations().find((c) => c.id.toLowerCase() === TAP_POLICY_ID.toLowerCase());
    return found ?? { ...DEFAULT_TAP_CONFIGURATION, id: TAP_POLICY_ID };
  }

  tapPolicy(): TapPolicy {
    return tapPolicyFrom(this.tapConfiguration());
  }

  tapPolicyAppliesTo(userId: string): boolean {
    return policyAppliesTo(this.tapPolicy(), [userId, ...this.groupsOf(userId).map((g) => g.id)]);
  }

  /** The user's stored authentication methods (TAPs keep their ★ keys; views strip them). */
  methodsOf(userId: string): readonly GraphObject[] {
    return this.methods.get(userId.toLowerCase()) ?? [];
  }

  replaceMethods(userId: string, methods: GraphObject[]): void {
    this.methods.set(userId.toLowerCase(), methods);
  }

  recordIssuedPass(value: string): void {
    this.passes.push(value);
  }

  /**
   * Test control: the value the next create returns instead of a random one (POST /_emulator/next-pass),
   * e.g. a pass full of markdown characters to prove the card shows it verbatim. Used once.
   */
  forceNextPass(value: string): void {
    this.forcedPasses.push(value);
  }

  takeForcedPass(): string | null {
    return this.forcedPasses.shift() ?? null;
  }

  issuedPasses(): string[] {
    return [...this.passes];
  }

  riskyUsers(): readonly GraphObject[] {
    return this.seed.riskyUsers;
  }

  signInsNewestFirst(): readonly GraphObject[] {
    return this.signInsByTime;
  }

  conditionalAccessPolicies(): readonly GraphObject[] {
    return this.seed.conditionalAccessPolicies;
  }

  /** ★ Emulator-only switches for delegated calls (delegated-seed.ts). */
  delegatedAccess(): DelegatedAccess {
    return this.seed.delegatedAccess;
  }
}

function restrictedOff(seed: Seed): Pick<Seed, 'administrativeUnits' | 'users'> {
  const { units, users } = withoutRestrictedUnits(seed.administrativeUnits, seed.users);
  return { administrativeUnits: units, users };
}
