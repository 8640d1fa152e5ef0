// /readyz: storage answers, a Graph token can be had and carries the permissions TAP Desk needs
// (read from the token's `roles` claim), and Graph answers.
import type { TokenCredential } from '@azure/identity';
import type { Directory, Stores } from '../app/ports';
import type { ReadinessCheck } from './server';
import { GRAPH_SCOPE } from '../graph/client';

/** Application permissions TAP Desk needs, with an accepted broader alternative where Graph has one. */
export const REQUIRED_PERMISSIONS: ReadonlyArray<{ name: string; alternatives: string[] }> = [
  { name: 'User.Read.All', alternatives: ['User.ReadWrite.All', 'Directory.Read.All', 'Directory.ReadWrite.All'] },
  { name: 'GroupMember.Read.All', alternatives: ['Group.Read.All', 'Directory.Read.All'] },
  { name: 'RoleManagement.Read.Directory', alternatives: ['RoleManagement.Read.All', 'Directory.Read.All'] },
  { name: 'RoleEligibilitySchedule.Read.Directory', alternatives: ['RoleManagement.Read.Directory', 'RoleManagement.Read.All'] },
  { name: 'Policy.Read.AuthenticationMethod', alternatives: ['Policy.Read.All', 'Policy.ReadWrite.AuthenticationMethod'] },
  { name: 'UserAuthenticationMethod.Read.All', alternatives: ['UserAuthenticationMethod.ReadWrite.All'] },
  { name: 'UserAuthMethod-TAP.ReadWrite.All', alternatives: ['UserAuthenticationMethod.ReadWrite.All'] },
];

/** Permissions whose absence only degrades a feature (diagnosis, risk display). */
export const OPTIONAL_PERMISSIONS = ['AuditLog.Read.All', 'IdentityRiskyUser.Read.All', 'Policy.Read.ConditionalAccess', 'AdministrativeUnit.Read.All', 'PrivilegedEligibilitySchedule.Read.AzureADGroup'];

export function rolesOfToken(token: string): string[] {
  const payload = token.split('.')[1];
  if (!payload) return [];
  try {
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as { roles?: unknown };
    return Array.isArray(claims.roles) ? claims.roles.filter((r): r is string => typeof r === 'string') : [];
  } catch {
    return [];
  }
}

export function missingPermissions(roles: string[]): string[] {
  const held = new Set(roles);
  return REQUIRED_PERMISSIONS.filter((p) => !held.has(p.name) && !p.alternatives.some((a) => held.has(a))).map((p) => p.name);
}

export function createReadinessChecks(deps: { stores: Stores; credential: TokenCredential; directory: Directory }): ReadinessCheck[] {
  return [
    {
      name: 'storage',
      async run() {
        await deps.stores.ping();
        return { ok: true };
      },
    },
    {
      name: 'graph-token',
      async run() {
        const token = await deps.credential.getToken(GRAPH_SCOPE);
        if (!token) return { ok: false, detail: 'no token' };
        const roles = rolesOfToken(token.token);
        const missing = missingPermissions(roles);
        const degraded = OPTIONAL_PERMISSIONS.filter((p) => !roles.includes(p));
        return missing.length === 0
          ? { ok: true, ...(degraded.length ? { detail: `without ${degraded.join(', ')} some checks say "couldn't check"` } : {}) }
          : { ok: false, detail: 'missing Graph application permissions', missing };
      },
    },
    {
      name: 'graph',
      async run() {
        await deps.directory.tapPolicy();
        return { ok: true };
      },
    },
  ];
}
