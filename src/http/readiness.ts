// /readyz: storage answers, a Graph token can be had and carries the permissions TAP Desk needs
// (read from the token's `roles` claim), and Graph answers. The token check also lists each capability
// (domain/capabilities.ts) with the tenant's licences, and says which issuance mode runs: in delegated
// mode the app needs no TAP *write* permission (the approver's own rights create the pass), only TAP
// read, and holding the write permission anyway is reported as needless privilege.
import type { TokenCredential } from '@azure/identity';
import type { Directory, Stores, VerifiedIdService } from '../app/kernel/ports';
import { featureCapabilities } from '../domain/feature-capabilities';
import { faceCheckReadiness } from '../app/diagnosis/health';
import type { ReadinessCheck } from './server';
import { GRAPH_SCOPE } from '../graph/client';
import { rolesOfToken } from '../graph/token-roles';
import { DELEGATED_SCOPES, PERMISSIONS, capabilityReport, missingOptional, missingRequired } from '../domain/capabilities';
import type { PassIssuance } from '../config';

/** Application permissions TAP Desk needs, with an accepted broader alternative where Graph has one. */
export const REQUIRED_PERMISSIONS: ReadonlyArray<{ name: string; alternatives: readonly string[] }> = PERMISSIONS.filter((p) => p.required);

const TAP_WRITE = ['UserAuthMethod-TAP.ReadWrite.All', 'UserAuthenticationMethod.ReadWrite.All'];

/** Permissions whose absence only degrades a feature (diagnosis, risk display, AU-scoped approvers). */
export const OPTIONAL_PERMISSIONS: readonly string[] = PERMISSIONS.filter((p) => !p.required).map((p) => p.name);

export { rolesOfToken };

export function missingPermissions(roles: string[], issuance: PassIssuance = 'application'): string[] {
  return missingRequired(roles, issuance);
}

export function createReadinessChecks(deps: {
  stores: Stores;
  credential: TokenCredential;
  directory: Directory;
  issuance?: PassIssuance;
  refuseHighRisk?: boolean;
  /** Face Check's adapter, null when not configured. */
  verifiedId?: VerifiedIdService | null;
}): ReadinessCheck[] {
  const issuance = deps.issuance ?? 'application';
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
        const missing = missingPermissions(roles, issuance);
        const degraded = missingOptional(roles, issuance);
        const needless = issuance === 'delegated' ? TAP_WRITE.filter((p) => roles.includes(p)) : [];
        const notes = [
          ...(degraded.length ? [`without ${degraded.join(', ')} some checks say "couldn't check"`] : []),
          ...(needless.length ? [`delegated mode does not need ${needless.join(', ')}: remove it`] : []),
        ];
        // Each capability as ok / degraded / off, with the reason and the fix (the same as the `health` command).
        const licences = await deps.directory.licences().catch(() => ({ p1: null, p2: null }));
        const capabilities = capabilityReport(roles, licences, issuance, { refuseHighRisk: deps.refuseHighRisk ?? false });
        // The manager read and Face Check are listed too; they degrade alone (their own checks below never fail readiness).
        capabilities.push(...featureCapabilities(roles, await faceCheckReadiness(deps.verifiedId)));
        return missing.length === 0
          ? { ok: true, ...(notes.length ? { detail: notes.join('; ') } : {}), licences, capabilities }
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
    {
      // Optional and alone: not configured or failing, it is reported here and in `health`, and TAP Desk stays ready.
      name: 'face-check',
      async run() {
        const readiness = await faceCheckReadiness(deps.verifiedId);
        if (!readiness.configured) return { ok: true, degradesAlone: true, detail: 'not configured' };
        return readiness.ok
          ? { ok: true, degradesAlone: true, detail: 'ready' }
          : { ok: true, degradesAlone: true, status: 'off', detail: readiness.reason };
      },
    },
    {
      name: 'issuance',
      async run() {
        if (issuance !== 'delegated') {
          return {
            ok: true,
            detail: "application: passes are created with TAP Desk's own UserAuthMethod-TAP.ReadWrite.All (delegated is recommended)",
          };
        }
        // The scopes the SSO app registration needs admin consent for; the app cannot read its own grants, so listed.
        const scopes = DELEGATED_SCOPES.map((s) => `${s.name} (${s.required ? 'required' : 'optional'}: ${s.for})`);
        const detail =
          "delegated: passes are created with the approver's own Entra rights (Teams SSO, on-behalf-of); " +
          `the SSO app needs delegated ${scopes.join('; ')}`;
        return { ok: true, detail, delegatedScopes: DELEGATED_SCOPES };
      },
    },
  ];
}
