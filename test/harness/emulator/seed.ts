// Loading a tenant seed (test/fixtures/seeds/README.md): read, check the shape with messages that name the
// offending entry, and resolve relative times once, at load.
import { readFileSync } from 'node:fs';
import { type JsonObject, isObject } from './json';
import { type DelegatedAccess, parseDelegatedAccess } from './delegated-seed';
import { type VerifiedIdSeed, parseVerifiedId } from './verified-id-seed';
import { isRelativeTime, resolveTime } from './relative-time';

export interface GraphObject extends JsonObject {
  id: string;
}

export interface SeedApplication {
  appId: string;
  displayName: string;
  clientSecret: string;
  grantedApplicationPermissions: string[];
  /** Delegated scopes an admin consented to for all users (absent = none). */
  grantedDelegatedPermissions: string[];
  /** ★ Application permissions on the Verified ID Request Service (absent = none): its tokens' `roles`. */
  grantedVerifiedIdPermissions: string[];
}

export interface SeedUser extends GraphObject {
  userPrincipalName: string;
  /** ★ The manager's user id. */
  managerId?: string | null;
}

export interface SeedGroup extends GraphObject {
  /** ★ Principal ids (users or groups). */
  members: string[];
  /** ★ Principal ids. */
  owners: string[];
}

export interface SeedAdministrativeUnit extends GraphObject {
  /** ★ Member ids. */
  members: string[];
}

export interface SeedRoleAssignment extends GraphObject {
  principalId: string;
  roleDefinitionId: string;
  directoryScopeId: string;
}

/**
 * Graph `privilegedAccessGroupEligibilitySchedule` (PIM for Groups: who may activate membership or
 * ownership of a group). Optional seed key `groupEligibilitySchedules[]`:
 * `{id, principalId, groupId, accessId: "member" | "owner", status?, memberType?, scheduleInfo?, createdDateTime?}`.
 */
export interface SeedGroupEligibilitySchedule extends GraphObject {
  principalId: string;
  groupId: string;
  accessId: 'member' | 'owner';
}

export interface Seed {
  tenant: { id: string; displayName: string; domains: string[] };
  applications: SeedApplication[];
  users: SeedUser[];
  groups: SeedGroup[];
  administrativeUnits: SeedAdministrativeUnit[];
  roleAssignments: SeedRoleAssignment[];
  roleEligibilitySchedules: SeedRoleAssignment[];
  /** Optional in the file (absent = none). */
  groupEligibilitySchedules: SeedGroupEligibilitySchedule[];
  authenticationMethodsPolicy: { authenticationMethodConfigurations: GraphObject[] };
  /** User id → Graph authenticationMethod objects (with `@odata.type`). */
  authenticationMethods: Record<string, GraphObject[]>;
  riskyUsers: GraphObject[];
  signIns: GraphObject[];
  conditionalAccessPolicies: GraphObject[];
  /** ★ Emulator-only switches for delegated (on-behalf-of) calls; see delegated-seed.ts. */
  delegatedAccess: DelegatedAccess;
  /** ★ Verified ID set up in the tenant (verified-id-seed.ts); null: not set up. */
  verifiedId: VerifiedIdSeed | null;
  /** Graph `subscribedSku` objects; null when the seed has none (an Entra ID P2 tenant, see licences.ts). */
  subscribedSkus: JsonObject[] | null;
}

/** A seed that cannot be used; the message names the file or entry at fault, for a one-line CLI error. */
export class SeedError extends Error {
  override readonly name = 'SeedError';
}

function fail(at: string, problem: string): never {
  throw new SeedError(`${at} ${problem}`);
}

function text(value: unknown, at: string): string {
  if (typeof value !== 'string' || value.length === 0) fail(at, 'must be a non-empty string');
  return value;
}

function texts(value: unknown, at: string): string[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) fail(at, 'must be an array of strings');
  return value.map((v, i) => text(v, `${at}[${i}]`));
}

function list(raw: JsonObject, key: string): JsonObject[] {
  const value = raw[key];
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) fail(key, 'must be an array');
  return value.map((item, i) => (isObject(item) ? item : fail(`${key}[${i}]`, 'must be an object')));
}

function withId<T extends GraphObject>(item: JsonObject, at: string): T {
  text(item.id, `${at}.id`);
  return item as T;
}

function uniqueIds(items: GraphObject[], key: string): void {
  const seen = new Set<string>();
  items.forEach((item, i) => {
    const id = item.id.toLowerCase();
    if (seen.has(id)) fail(`${key}[${i}].id`, `repeats the id ${item.id}`);
    seen.add(id);
  });
}

/** Every `*DateTime` string, at any depth, with relative times resolved. */
function resolveTimes(node: unknown, now: Date, at: string): unknown {
  if (Array.isArray(node)) return node.map((v, i) => resolveTimes(v, now, `${at}[${i}]`));
  if (!isObject(node)) return node;
  const out: JsonObject = {};
  for (const [key, value] of Object.entries(node)) {
    const path = at ? `${at}.${key}` : key;
    if (key.endsWith('DateTime') && typeof value === 'string' && isRelativeTime(value)) {
      try {
        out[key] = resolveTime(value, now);
      } catch (error) {
        fail(path, `has a relative time that cannot be read: ${(error as Error).message}`);
      }
    } else out[key] = resolveTimes(value, now, path);
  }
  return out;
}

function parseFile(file: string): unknown {
  let content: string;
  try {
    content = readFileSync(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new SeedError(code === 'ENOENT' ? `tenant seed not found: ${file}` : `tenant seed cannot be read (${code ?? 'error'}): ${file}`);
  }
  try {
    return JSON.parse(content);
  } catch (error) {
    throw new SeedError(`tenant seed is not valid JSON (${(error as Error).message}): ${file}`);
  }
}

/** A seed from a file path or an object (copied, never changed), checked and with its times resolved. */
export function loadSeed(source: string | object, now: Date = new Date()): Seed {
  const parsed = typeof source === 'string' ? parseFile(source) : source;
  if (!isObject(parsed)) throw new SeedError('tenant seed must be one JSON object');
  const raw = resolveTimes(parsed, now, '') as JsonObject;

  const tenant = isObject(raw.tenant) ? raw.tenant : fail('tenant', 'must be an object {id, displayName, domains[]}');
  const domains = texts(tenant.domains, 'tenant.domains');
  const applications = list(raw, 'applications').map((app, i): SeedApplication => ({
    appId: text(app.appId, `applications[${i}].appId`),
    displayName: typeof app.displayName === 'string' ? app.displayName : `Application ${i + 1}`,
    clientSecret: text(app.clientSecret, `applications[${i}].clientSecret`),
    grantedApplicationPermissions: texts(app.grantedApplicationPermissions, `applications[${i}].grantedApplicationPermissions`),
    grantedDelegatedPermissions: texts(app.grantedDelegatedPermissions, `applications[${i}].grantedDelegatedPermissions`),
    grantedVerifiedIdPermissions: texts(app.grantedVerifiedIdPermissions, `applications[${i}].grantedVerifiedIdPermissions`),
  }));
  if (applications.length === 0) fail('applications', 'must list at least one application (the token endpoint issues tokens only to them)');

  const users = list(raw, 'users').map((u, i) => {
    text(u.userPrincipalName, `users[${i}].userPrincipalName`);
    return withId<SeedUser>(u, `users[${i}]`);
  });
  const groups = list(raw, 'groups').map((g, i): SeedGroup => ({
    ...withId<GraphObject>(g, `groups[${i}]`),
    members: texts(g.members, `groups[${i}].members`),
    owners: texts(g.owners, `groups[${i}].owners`),
  }));
  const administrativeUnits = list(raw, 'administrativeUnits').map((u, i): SeedAdministrativeUnit => ({
    ...withId<GraphObject>(u, `administrativeUnits[${i}]`),
    members: texts(u.members, `administrativeUnits[${i}].members`),
  }));
  const assignments = (key: string) =>
    list(raw, key).map((a, i): SeedRoleAssignment => ({
      ...withId<GraphObject>(a, `${key}[${i}]`),
      principalId: text(a.principalId, `${key}[${i}].principalId`),
      roleDefinitionId: text(a.roleDefinitionId, `${key}[${i}].roleDefinitionId`),
      directoryScopeId: typeof a.directoryScopeId === 'string' ? a.directoryScopeId : '/',
    }));

  const groupEligibilitySchedules = list(raw, 'groupEligibilitySchedules').map((e, i): SeedGroupEligibilitySchedule => {
    const where = `groupEligibilitySchedules[${i}]`;
    if (e.accessId !== 'member' && e.accessId !== 'owner') fail(`${where}.accessId`, 'must be "member" or "owner"');
    return {
      ...withId<GraphObject>(e, where),
      principalId: text(e.principalId, `${where}.principalId`),
      groupId: text(e.groupId, `${where}.groupId`),
      accessId: e.accessId as 'member' | 'owner',
    };
  });

  const policy = raw.authenticationMethodsPolicy;
  if (policy !== undefined && !isObject(policy))
    fail('authenticationMethodsPolicy', 'must be an object {authenticationMethodConfigurations[]}');
  const configurations = policy
    ? list(policy, 'authenticationMethodConfigurations').map((c, i) =>
        withId<GraphObject>(c, `authenticationMethodsPolicy.authenticationMethodConfigurations[${i}]`),
      )
    : [];

  const methods = raw.authenticationMethods ?? {};
  if (!isObject(methods)) fail('authenticationMethods', 'must be an object {userId: [methods]}');
  const authenticationMethods: Record<string, GraphObject[]> = {};
  for (const userId of Object.keys(methods)) {
    authenticationMethods[userId] = list(methods, userId).map((m, i) => {
      text(m['@odata.type'], `authenticationMethods.${userId}[${i}].@odata.type`);
      return withId<GraphObject>(m, `authenticationMethods.${userId}[${i}]`);
    });
  }

  const seed: Seed = {
    tenant: {
      id: text(tenant.id, 'tenant.id'),
      displayName: typeof tenant.displayName === 'string' ? tenant.displayName : 'Tenant',
      domains,
    },
    applications,
    users,
    groups,
    administrativeUnits,
    roleAssignments: assignments('roleAssignments'),
    roleEligibilitySchedules: assignments('roleEligibilitySchedules'),
    groupEligibilitySchedules,
    authenticationMethodsPolicy: { authenticationMethodConfigurations: configurations },
    authenticationMethods,
    riskyUsers: list(raw, 'riskyUsers').map((r, i) => withId<GraphObject>(r, `riskyUsers[${i}]`)),
    signIns: list(raw, 'signIns').map((s, i) => withId<GraphObject>(s, `signIns[${i}]`)),
    conditionalAccessPolicies: list(raw, 'conditionalAccessPolicies').map((p, i) =>
      withId<GraphObject>(p, `conditionalAccessPolicies[${i}]`),
    ),
    delegatedAccess: parseDelegatedAccess(raw.delegatedAccess, (at, problem) => fail(at, problem)),
    verifiedId: parseVerifiedId(raw.verifiedId, (at, problem) => fail(at, problem)),
    subscribedSkus: raw.subscribedSkus === undefined ? null : list(raw, 'subscribedSkus'),
  };
  uniqueIds(seed.users, 'users');
  uniqueIds(seed.groups, 'groups');
  uniqueIds(seed.administrativeUnits, 'administrativeUnits');
  const upns = new Set<string>();
  seed.users.forEach((u, i) => {
    const upn = u.userPrincipalName.toLowerCase();
    if (upns.has(upn)) fail(`users[${i}].userPrincipalName`, `repeats ${u.userPrincipalName}`);
    upns.add(upn);
  });
  return seed;
}
