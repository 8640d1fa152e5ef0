// The emulated tenant's state and Entra's behaviour over it: transitive membership, directory roles,
// admin units, TAP usability computed at read time, TAP creation rules (FACTS.md §1–§5).
/* eslint-disable @typescript-eslint/no-explicit-any -- Graph resource JSON */
import { randomInt, randomUUID } from 'node:crypto';
import type { Seed } from './seed';
import { roleDisplayName } from '../domain/roles';

export class GraphFault extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

const TAP_TYPE = '#microsoft.graph.temporaryAccessPassAuthenticationMethod';
/** Characters Entra uses in generated passes: letters, digits and a few symbols. */
const TAP_ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789@#$%&*+=?';

export class Tenant {
  readonly methods: Map<string, any[]>;
  readonly issuedPasses: string[] = [];

  constructor(readonly seed: Seed) {
    this.methods = new Map(Object.entries(seed.authenticationMethods).map(([id, list]) => [id.toLowerCase(), list.map((m) => ({ ...m }))]));
  }

  get id(): string {
    return this.seed.tenant.id;
  }

  user(idOrUpn: string): any | null {
    const key = decodeURIComponent(idOrUpn).replace(/^\('(.*)'\)$/, '$1').toLowerCase();
    return this.seed.users.find((u) => u.id.toLowerCase() === key || String(u.userPrincipalName).toLowerCase() === key) ?? null;
  }

  requireUser(idOrUpn: string): any {
    const user = this.user(idOrUpn);
    if (!user) {
      throw new GraphFault(404, 'Request_ResourceNotFound', `Resource '${idOrUpn}' does not exist or one of its queried reference-property objects are not present.`);
    }
    return user;
  }

  /** Groups a principal belongs to, directly or through nested groups. */
  groupsOf(principalId: string, transitive: boolean): any[] {
    const found = new Map<string, any>();
    const visit = (id: string) => {
      for (const group of this.seed.groups) {
        if ((group.members ?? []).some((m: string) => m.toLowerCase() === id.toLowerCase()) && !found.has(group.id)) {
          found.set(group.id, group);
          if (transitive) visit(group.id);
        }
      }
    };
    visit(principalId);
    return [...found.values()];
  }

  ownedGroups(userId: string): any[] {
    return this.seed.groups.filter((g) => (g.owners ?? []).some((o: string) => o.toLowerCase() === userId.toLowerCase()));
  }

  unitsOf(userId: string): any[] {
    return this.seed.administrativeUnits.filter((u) => (u.members ?? []).some((m: string) => m.toLowerCase() === userId.toLowerCase()));
  }

  /** Active tenant-wide role template ids a user holds, directly or through role-assignable groups. */
  tenantRolesOf(userId: string): string[] {
    const principals = new Set([userId.toLowerCase(), ...this.groupsOf(userId, true).map((g) => g.id.toLowerCase())]);
    return [
      ...new Set(
        this.seed.roleAssignments
          .filter((a) => principals.has(String(a.principalId).toLowerCase()) && (a.directoryScopeId ?? '/') === '/')
          .map((a) => String(a.roleDefinitionId)),
      ),
    ];
  }

  /** A directoryRole object as Graph shows it; its id is the role's instance, not the template. */
  directoryRole(templateId: string): any {
    const id = `${templateId.slice(0, 24)}${templateId.slice(24).split('').reverse().join('')}`;
    return { '@odata.type': '#microsoft.graph.directoryRole', id, displayName: roleDisplayName(templateId) ?? 'Directory role', description: null, roleTemplateId: templateId, deletedDateTime: null };
  }

  memberOf(userId: string, transitive: boolean): any[] {
    const groups = this.groupsOf(userId, transitive).map((g) => groupJson(g));
    const roles = (transitive ? this.tenantRolesOf(userId) : this.directRolesOf(userId)).map((t) => this.directoryRole(t));
    const units = this.unitsOf(userId).map((u) => unitJson(u));
    return [...groups, ...roles, ...units];
  }

  private directRolesOf(userId: string): string[] {
    return this.seed.roleAssignments
      .filter((a) => String(a.principalId).toLowerCase() === userId.toLowerCase() && (a.directoryScopeId ?? '/') === '/')
      .map((a) => String(a.roleDefinitionId));
  }

  get tapPolicy(): any {
    return (
      this.seed.authenticationMethodsPolicy.authenticationMethodConfigurations.find((c) => String(c.id).toLowerCase() === 'temporaryaccesspass') ?? {
        '@odata.type': '#microsoft.graph.temporaryAccessPassAuthenticationMethodConfiguration',
        id: 'TemporaryAccessPass',
        state: 'disabled',
        defaultLifetimeInMinutes: 60,
        defaultLength: 8,
        minimumLifetimeInMinutes: 60,
        maximumLifetimeInMinutes: 480,
        isUsableOnce: false,
        includeTargets: [],
        excludeTargets: [],
      }
    );
  }

  /** Whether the TAP policy applies to the user (include, not exclude; groups are transitive). */
  inTapPolicy(userId: string): boolean {
    const policy = this.tapPolicy;
    const ids = new Set([userId.toLowerCase(), ...this.groupsOf(userId, true).map((g) => g.id.toLowerCase())]);
    const hits = (targets: any[]) => (targets ?? []).some((t) => t.id === 'all_users' || ids.has(String(t.id).toLowerCase()));
    return policy.state === 'enabled' && hits(policy.includeTargets) && !hits(policy.excludeTargets);
  }

  isExternal(user: any): boolean {
    return user.creationType === 'Invitation' || user.creationType === 'SelfServiceSignUp' || (user.identities ?? []).some((i: any) => i.signInType === 'federated');
  }

  isRestricted(user: any): boolean {
    return user.isManagementRestricted === true || this.unitsOf(user.id).some((u) => u.isMemberManagementRestricted === true);
  }

  /** A TAP as Graph returns it on read: no value, usability computed now. */
  tapView(tap: any, userId: string, now: Date): any {
    const { lastUsedDateTime, temporaryAccessPass: _value, ...rest } = tap;
    const start = Date.parse(tap.startDateTime ?? tap.createdDateTime);
    const end = start + Number(tap.lifetimeInMinutes) * 60_000;
    const policy = this.tapPolicy;
    let reason = 'EnabledByPolicy';
    if (!this.inTapPolicy(userId) || (policy.isUsableOnce === true && tap.isUsableOnce === false)) reason = 'DisabledByPolicy';
    else if (now.getTime() < start) reason = 'NotYetValid';
    else if (now.getTime() >= end) reason = 'Expired';
    else if (tap.isUsableOnce && lastUsedDateTime) reason = 'OneTimeUsed';
    return { ...rest, '@odata.type': TAP_TYPE, temporaryAccessPass: null, isUsable: reason === 'EnabledByPolicy', methodUsabilityReason: reason };
  }

  methodsOf(userId: string, now: Date): any[] {
    return (this.methods.get(userId.toLowerCase()) ?? []).map((m) => (m['@odata.type'] === TAP_TYPE ? this.tapView(m, userId, now) : { ...m }));
  }

  tapsOf(userId: string, now: Date): any[] {
    return (this.methods.get(userId.toLowerCase()) ?? []).filter((m) => m['@odata.type'] === TAP_TYPE).map((m) => this.tapView(m, userId, now));
  }

  /** Entra's create rules, then one pass per user: a new one replaces the old. */
  createTap(userIdOrUpn: string, body: any, now: Date, appCaller: boolean): any {
    const user = this.requireUser(userIdOrUpn);
    const policy = this.tapPolicy;
    if (appCaller && this.isRestricted(user)) throw new GraphFault(403, 'Authorization_RequestDenied', 'Insufficient privileges to complete the operation.');
    if (this.isExternal(user)) throw new GraphFault(400, 'badRequest', 'Temporary Access Pass cannot be added to an external guest user.');
    if (!this.inTapPolicy(user.id)) {
      throw new GraphFault(400, 'badRequest', 'Converged UserCredentialPolicy does not allow creating or updating this authentication method. AuthMethodType [TemporaryAccessPass].');
    }
    const lifetime = body?.lifetimeInMinutes ?? policy.defaultLifetimeInMinutes;
    if (!Number.isInteger(lifetime) || lifetime < policy.minimumLifetimeInMinutes || lifetime > policy.maximumLifetimeInMinutes) {
      throw new GraphFault(400, 'badRequest', `Invalid LifetimeInMinutes specified. The valid range between ${policy.minimumLifetimeInMinutes} and ${policy.maximumLifetimeInMinutes}.`);
    }
    const isUsableOnce = body?.isUsableOnce ?? policy.isUsableOnce;
    if (policy.isUsableOnce === true && isUsableOnce === false) {
      throw new GraphFault(400, 'badRequest', 'Multi-use Temporary Access Pass is not allowed by the policy.');
    }
    const start = body?.startDateTime ? new Date(body.startDateTime) : null;
    if (start && Number.isNaN(start.getTime())) throw new GraphFault(400, 'badRequest', 'Invalid startDateTime.');
    const value = generatePass(Number(policy.defaultLength ?? 8));
    const created = now.toISOString();
    const tap = { '@odata.type': TAP_TYPE, id: randomUUID(), createdDateTime: created, startDateTime: start ? start.toISOString() : created, lifetimeInMinutes: lifetime, isUsableOnce: Boolean(isUsableOnce) };
    const others = (this.methods.get(user.id.toLowerCase()) ?? []).filter((m) => m['@odata.type'] !== TAP_TYPE);
    this.methods.set(user.id.toLowerCase(), [...others, tap]);
    this.issuedPasses.push(value);
    return { ...this.tapView(tap, user.id, now), temporaryAccessPass: value };
  }

  deleteTap(userIdOrUpn: string, tapId: string): void {
    const user = this.requireUser(userIdOrUpn);
    const list = this.methods.get(user.id.toLowerCase()) ?? [];
    const kept = list.filter((m) => !(m['@odata.type'] === TAP_TYPE && m.id === tapId));
    if (kept.length === list.length) throw new GraphFault(404, 'itemNotFound', 'The authentication method was not found.');
    this.methods.set(user.id.toLowerCase(), kept);
  }
}

function generatePass(length: number): string {
  return Array.from({ length }, () => TAP_ALPHABET[randomInt(TAP_ALPHABET.length)]).join('');
}

export function groupJson(group: any): any {
  const { members: _m, owners: _o, ...rest } = group;
  const nickname = String(group.displayName ?? 'group').replace(/[^A-Za-z0-9]/g, '');
  return {
    '@odata.type': '#microsoft.graph.group',
    description: null,
    mail: null,
    mailNickname: nickname,
    groupTypes: [],
    visibility: null,
    createdDateTime: null,
    deletedDateTime: null,
    ...rest,
  };
}

export function unitJson(unit: any): any {
  const { members: _m, ...rest } = unit;
  return { '@odata.type': '#microsoft.graph.administrativeUnit', ...rest };
}
