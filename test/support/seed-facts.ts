// Domain facts from a tenant seed (test/fixtures/seeds/README.md format): builds the Graph v1.0 JSON a real
// tenant would return for a person at a given moment, and feeds it through the facts mapper, so rule
// tests exercise the same path as production. Works with any seed file of that format.
/* eslint-disable @typescript-eslint/no-explicit-any -- seed objects are Graph resource JSON */
import { readFileSync } from 'node:fs';
import { DEMO_TENANT_SEED } from '../../src/emulator/default-seed';
import type { IssuerFacts, TapPolicyFacts, TargetFacts } from '../../src/domain/facts';
import type { PersonRef } from '../../src/domain/request-types';
import { type Part, type TargetParts, failedPart, okPart, toIssuerFacts, toTapPolicy, toTargetFacts } from '../../src/graph/facts-mapper';

export const CONTOSO_SEED = DEMO_TENANT_SEED;

export type Seed = Record<string, any> & { users: any[] };

const TAP_TYPE = '#microsoft.graph.temporaryAccessPassAuthenticationMethod';
const lower = (v: unknown) => String(v ?? '').toLowerCase();

export function loadSeed(file: string = CONTOSO_SEED): Seed {
  const seed = JSON.parse(readFileSync(file, 'utf8'));
  if (!Array.isArray(seed?.users)) throw new Error(`${file}: not a tenant seed (no users[])`);
  return seed;
}

// ---------------------------------------------------------------------------------------------
// Relative times: `now`, `now-PT20M`, `now+P1D` in any *DateTime property

const DURATION = /^P(?:(\d+)Y)?(?:(\d+)M)?(?:(\d+)W)?(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+(?:\.\d+)?)S)?)?$/;

/** ISO 8601 duration in milliseconds (a year as 365 days, a month as 30). */
export function durationMs(text: string): number {
  const m = DURATION.exec(text);
  if (!m || text === 'P' || text.endsWith('T')) throw new Error(`"${text}" is not an ISO 8601 duration`);
  const [y, mo, w, d, h, mi, s] = m.slice(1).map((v) => Number(v ?? 0)) as [number, number, number, number, number, number, number];
  return ((((y * 365 + mo * 30 + w * 7 + d) * 24 + h) * 60 + mi) * 60 + s) * 1000;
}

export function resolveTime(value: string, now: Date): string {
  const m = /^now(?:([+-])(P.+))?$/.exec(value);
  if (!m) return value;
  return new Date(now.getTime() + (m[2] ? durationMs(m[2]) * (m[1] === '-' ? -1 : 1) : 0)).toISOString();
}

function resolveTimes(node: any, now: Date): any {
  if (Array.isArray(node)) return node.map((v) => resolveTimes(v, now));
  if (!node || typeof node !== 'object') return node;
  return Object.fromEntries(
    Object.entries(node).map(([k, v]) => [k, k.endsWith('DateTime') && typeof v === 'string' ? resolveTime(v, now) : resolveTimes(v, now)]),
  );
}

// ---------------------------------------------------------------------------------------------
// The tenant as Graph shows it at `now`

class Tenant {
  readonly s: Seed;
  constructor(seed: Seed, now: Date) {
    this.s = resolveTimes(seed, now);
  }
  private get groups(): any[] {
    return this.s.groups ?? [];
  }
  private get units(): any[] {
    return this.s.administrativeUnits ?? [];
  }

  user(upnOrId: string): any {
    const key = lower(upnOrId);
    const names = (u: any) => [lower(u.id), lower(u.userPrincipalName), lower(u.userPrincipalName).split('@')[0], lower(u.mail).split('@')[0]];
    const user = this.s.users.find((u) => names(u).includes(key));
    if (!user) throw new Error(`no user ${upnOrId} in the seed`);
    return user;
  }

  /** Groups a principal is in, through nested groups too. */
  groupsOf(principalId: string): any[] {
    const found = new Map<string, any>();
    const visit = (pid: string) => {
      for (const g of this.groups) {
        if ((g.members ?? []).some((m: string) => lower(m) === lower(pid)) && !found.has(g.id)) {
          found.set(g.id, g);
          visit(g.id);
        }
      }
    };
    visit(principalId);
    return [...found.values()];
  }

  unitsOf(userId: string): any[] {
    return this.units.filter((u) => (u.members ?? []).some((m: string) => lower(m) === lower(userId)));
  }

  principalsOf(userId: string): Set<string> {
    return new Set([lower(userId), ...this.groupsOf(userId).map((g) => lower(g.id))]);
  }

  userJson(user: any): any {
    const { managerId: _manager, ...json } = user;
    return { ...json, isManagementRestricted: user.isManagementRestricted ?? this.unitsOf(user.id).some((u) => u.isMemberManagementRestricted === true) };
  }

  /** Groups, directoryRole objects for active tenant-wide roles (direct or through groups), admin units. */
  transitiveMemberOf(userId: string): any {
    const principals = this.principalsOf(userId);
    const roleIds = new Set(
      (this.s.roleAssignments ?? [])
        .filter((a: any) => principals.has(lower(a.principalId)) && (a.directoryScopeId ?? '/') === '/')
        .map((a: any) => lower(a.roleDefinitionId)),
    );
    return {
      value: [
        ...this.groupsOf(userId).map(({ members: _m, owners: _o, ...g }) => ({ '@odata.type': '#microsoft.graph.group', ...g })),
        ...[...roleIds].map((t) => ({ '@odata.type': '#microsoft.graph.directoryRole', id: `role-${t}`, displayName: null, roleTemplateId: t })),
        ...this.unitsOf(userId).map(({ members: _m, ...u }) => ({ '@odata.type': '#microsoft.graph.administrativeUnit', ...u })),
      ],
    };
  }

  /** `/users/{id}/memberOf/microsoft.graph.administrativeUnit`: direct membership, cast (no @odata.type). */
  directUnits(userId: string): any {
    return { value: this.unitsOf(userId).map(({ members: _m, ...u }) => ({ isMemberManagementRestricted: false, ...u })) };
  }

  /** PIM for Groups eligibility of the user (seed key `groupEligibilitySchedules`), with `$expand=group`. */
  groupEligibility(userId: string): any {
    return {
      value: (this.s.groupEligibilitySchedules ?? [])
        .filter((e: any) => lower(e.principalId) === lower(userId))
        .map((e: any) => {
          const group = this.groups.find((g) => lower(g.id) === lower(e.groupId));
          const { members: _m, owners: _o, ...json } = group ?? {};
          return group ? { ...e, group: { '@odata.type': '#microsoft.graph.group', ...json } } : { ...e, group: null };
        }),
    };
  }

  ownedObjects(userId: string): any {
    const owned = this.groups.filter((g) => (g.owners ?? []).some((o: string) => lower(o) === lower(userId)));
    return { value: owned.map(({ members: _m, owners: _o, ...g }) => ({ '@odata.type': '#microsoft.graph.group', ...g })) };
  }

  /** Assignments (or eligibility schedules) of the user and their groups, with `$expand=directoryScope` for units. */
  assignmentsOf(list: any[] | undefined, userId: string): any {
    const principals = this.principalsOf(userId);
    return {
      value: (list ?? [])
        .filter((a) => principals.has(lower(a.principalId)))
        .map((a) => {
          const unit = /^\/administrativeUnits\/(.+)$/.exec(a.directoryScopeId ?? '/');
          const scope = unit && this.units.find((u) => lower(u.id) === lower(unit[1]));
          return scope ? { ...a, directoryScope: { '@odata.type': '#microsoft.graph.administrativeUnit', id: scope.id, displayName: scope.displayName, isMemberManagementRestricted: scope.isMemberManagementRestricted === true } } : a;
        }),
    };
  }

  policyJson(): any {
    const configs: any[] = this.s.authenticationMethodsPolicy?.authenticationMethodConfigurations ?? [];
    return configs.find((c) => lower(c.id) === 'temporaryaccesspass') ?? { id: 'TemporaryAccessPass', state: 'disabled', includeTargets: [], excludeTargets: [] };
  }

  inPolicy(userId: string): boolean {
    const policy = this.policyJson();
    const ids = this.principalsOf(userId);
    const hits = (targets: any[]) => (targets ?? []).some((t) => lower(t.id) === 'all_users' || ids.has(lower(t.id)));
    return policy.state === 'enabled' && hits(policy.includeTargets) && !hits(policy.excludeTargets);
  }

  /** Methods as Graph lists them: a TAP without its value, its usability computed now (FACTS.md §1). */
  methods(userId: string, now: Date): any {
    const policy = this.policyJson();
    const listed = this.s.authenticationMethods?.[userId] ?? this.s.authenticationMethods?.[lower(userId)] ?? [];
    return {
      value: listed.map((m: any) => {
        if (m['@odata.type'] !== TAP_TYPE) return m;
        const { lastUsedDateTime, ...tap } = m;
        const start = Date.parse(tap.startDateTime ?? tap.createdDateTime);
        const end = start + Number(tap.lifetimeInMinutes) * 60_000;
        let reason = 'EnabledByPolicy';
        if (!this.inPolicy(userId) || (policy.isUsableOnce === true && tap.isUsableOnce === false)) reason = 'DisabledByPolicy';
        else if (now.getTime() < start) reason = 'NotYetValid';
        else if (now.getTime() >= end) reason = 'Expired';
        else if (tap.isUsableOnce && lastUsedDateTime) reason = 'OneTimeUsed';
        return { ...tap, temporaryAccessPass: null, isUsable: reason === 'EnabledByPolicy', methodUsabilityReason: reason };
      }),
    };
  }

  riskyUser(userId: string): Part {
    const risky = (this.s.riskyUsers ?? []).find((r: any) => lower(r.id) === lower(userId));
    return risky ? okPart(risky) : failedPart(404, 'Request_ResourceNotFound');
  }

  manager(user: any): Part {
    const manager = user.managerId ? this.s.users.find((u) => lower(u.id) === lower(user.managerId)) : null;
    return manager ? okPart({ '@odata.type': '#microsoft.graph.user', id: manager.id, displayName: manager.displayName }) : failedPart(404, 'Request_ResourceNotFound');
  }
}

// ---------------------------------------------------------------------------------------------

/** The Graph answers for a target, as a real tenant would give them at `now`. */
export function targetPartsFor(seed: Seed, upnOrId: string, now: Date): TargetParts {
  const t = new Tenant(seed, now);
  const user = t.user(upnOrId);
  return {
    user: t.userJson(user),
    transitiveMemberOf: okPart(t.transitiveMemberOf(user.id)),
    administrativeUnits: okPart(t.directUnits(user.id)),
    ownedObjects: okPart(t.ownedObjects(user.id)),
    groupEligibilitySchedules: okPart(t.groupEligibility(user.id)),
    roleAssignments: okPart(t.assignmentsOf(t.s.roleAssignments, user.id)),
    roleEligibilitySchedules: okPart(t.assignmentsOf(t.s.roleEligibilitySchedules, user.id)),
    methods: okPart(t.methods(user.id, now)),
    riskyUser: t.riskyUser(user.id),
    manager: t.manager(user),
  };
}

/** A target's facts; `overrides` replaces Graph answers, e.g. `{ riskyUser: failedPart(403) }`. */
export function targetFactsFor(seed: Seed, upnOrId: string, now: Date, overrides: Partial<TargetParts> = {}): TargetFacts {
  return toTargetFacts({ ...targetPartsFor(seed, upnOrId, now), ...overrides });
}

export function issuerFactsFor(seed: Seed, upnOrId: string, now: Date): IssuerFacts {
  const t = new Tenant(seed, now);
  const user = t.user(upnOrId);
  return toIssuerFacts({
    user: t.userJson(user),
    transitiveMemberOf: okPart(t.transitiveMemberOf(user.id)),
    roleAssignments: okPart(t.assignmentsOf(t.s.roleAssignments, user.id)),
    roleEligibilitySchedules: okPart(t.assignmentsOf(t.s.roleEligibilitySchedules, user.id)),
  });
}

export function policyFor(seed: Seed): TapPolicyFacts {
  return toTapPolicy(new Tenant(seed, new Date(0)).policyJson());
}

export function personFor(seed: Seed, upnOrId: string): PersonRef {
  const user = new Tenant(seed, new Date(0)).user(upnOrId);
  return { id: lower(user.id), userPrincipalName: user.userPrincipalName, displayName: user.displayName };
}

/** Every user's UPN in seed order. */
export function upnsOf(seed: Seed): string[] {
  return seed.users.map((u) => String(u.userPrincipalName));
}
