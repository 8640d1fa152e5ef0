// /readyz: storage answers, a Graph token can be had and carries the permissions TAP Desk needs
// (read from the token's `roles` claim), and Graph answers. The token check also lists each capability
// (domain/capabilities.ts) with the tenant's licences.
import type { TokenCredential } from '@azure/identity';
import type { Directory, Stores } from '../app/ports';
import type { ReadinessCheck } from './server';
import { GRAPH_SCOPE } from '../graph/client';
import { rolesOfToken } from '../graph/token-roles';
import { PERMISSIONS, capabilityReport, missingOptional, missingRequired } from '../domain/capabilities';

/** Application permissions TAP Desk needs, with an accepted broader alternative where Graph has one. */
export const REQUIRED_PERMISSIONS: ReadonlyArray<{ name: string; alternatives: readonly string[] }> = PERMISSIONS.filter((p) => p.required);

/** Permissions whose absence only degrades a feature (diagnosis, risk display, AU-scoped approvers). */
export const OPTIONAL_PERMISSIONS: readonly string[] = PERMISSIONS.filter((p) => !p.required).map((p) => p.name);

export { rolesOfToken };

export function missingPermissions(roles: string[]): string[] {
  return missingRequired(roles);
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
        const degraded = missingOptional(roles);
        // Each capability as ok / degraded / off, with the reason and the fix (the same as the `health` command).
        const licences = await deps.directory.licences().catch(() => ({ p1: null, p2: null }));
        const capabilities = capabilityReport(roles, licences);
        return missing.length === 0
          ? { ok: true, ...(degraded.length ? { detail: `without ${degraded.join(', ')} some checks say "couldn't check"` } : {}), licences, capabilities }
          : { ok: false, detail: 'missing Graph application permissions', missing, licences, capabilities };
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
