// The people of an emulated-tenant seed as the demo needs them: who a persona is, which group is the
// service desk, and who can approve (an active tenant-wide role that may issue passes).
import { readFileSync } from 'node:fs';
import { Roles } from '../../../src/domain/facts';

export interface SeedUser {
  id: string;
  userPrincipalName: string;
  displayName: string;
  givenName?: string | null;
  surname?: string | null;
  mail?: string | null;
}

interface SeedGroup {
  id: string;
  displayName: string;
  members?: string[];
}

export interface SeedPeople {
  tenantId: string;
  tenantName: string;
  users: SeedUser[];
  groups: SeedGroup[];
  roleAssignments: Array<{ principalId: string; roleDefinitionId: string; directoryScopeId: string }>;
}

export interface Persona extends SeedUser {
  /** The UPN's local part, lower case: what people type (`alexw`). */
  alias: string;
}

const ISSUING_ROLES = new Set<string>([
  Roles.globalAdministrator,
  Roles.privilegedAuthenticationAdministrator,
  Roles.authenticationAdministrator,
]);

export function readSeedPeople(seed: string | object): SeedPeople {
  const json = (typeof seed === 'string' ? JSON.parse(readFileSync(seed, 'utf8')) : seed) as Partial<{
    tenant: { id: string; displayName?: string };
    users: SeedUser[];
    groups: SeedGroup[];
    roleAssignments: SeedPeople['roleAssignments'];
  }>;
  if (!json.tenant?.id || !Array.isArray(json.users) || json.users.length === 0) {
    throw new Error('not a tenant seed: it needs "tenant.id" and at least one entry in "users"');
  }
  return {
    tenantId: json.tenant.id,
    tenantName: json.tenant.displayName ?? 'Tenant',
    users: json.users,
    groups: json.groups ?? [],
    roleAssignments: json.roleAssignments ?? [],
  };
}

export function aliasOf(user: SeedUser): string {
  return (user.userPrincipalName.split('@')[0] ?? user.userPrincipalName).toLowerCase();
}

/** Finds a user by alias (`alexw`), UPN, mail or object id, case-insensitively. */
export function findPersona(people: SeedPeople, name: string): Persona | null {
  const wanted = name.trim().toLowerCase();
  const user = people.users.find(
    (u) =>
      aliasOf(u) === wanted ||
      u.userPrincipalName.toLowerCase() === wanted ||
      u.mail?.toLowerCase() === wanted ||
      u.id.toLowerCase() === wanted,
  );
  return user ? { ...user, alias: aliasOf(user) } : null;
}

export function serviceDeskGroupId(people: SeedPeople): string | null {
  return people.groups.find((g) => g.displayName.toLowerCase() === 'service desk')?.id ?? null;
}

/** Groups the principal belongs to, directly or through nested groups. */
function groupsOf(people: SeedPeople, principalId: string): Set<string> {
  const found = new Set<string>();
  const queue = [principalId];
  while (queue.length > 0) {
    const id = queue.shift() as string;
    for (const g of people.groups) {
      if (!found.has(g.id) && g.members?.includes(id)) {
        found.add(g.id);
        queue.push(g.id);
      }
    }
  }
  return found;
}

/** Holds an active tenant-wide role that may issue passes (directly or through a group). */
export function canApproveTenantWide(people: SeedPeople, userId: string): boolean {
  const principals = new Set([userId, ...groupsOf(people, userId)]);
  return people.roleAssignments.some(
    (a) => principals.has(a.principalId) && a.directoryScopeId === '/' && ISSUING_ROLES.has(a.roleDefinitionId),
  );
}
