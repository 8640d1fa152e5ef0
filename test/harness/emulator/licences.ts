// The tenant's Entra ID tier, from the seed's `subscribedSkus` (Graph's subscribedSku shape), and the
// refusals Graph gives a tenant without the licence a feature needs. A service plan AAD_PREMIUM_P2
// makes the tenant P2 (P1 features included), AAD_PREMIUM makes it P1, neither leaves it Free; a seed
// without `subscribedSkus` is P2, so older tenant files keep every feature.
//
// Which answer for which gap:
// - No P1: the user property `signInActivity` and `/auditLogs/signIns` answer 403
//   `Authentication_RequestFromNonPremiumTenantOrB2CTenant`, "Neither tenant is B2C or tenant doesn't have
//   premium license" (documented by Microsoft's docs team in
//   https://github.com/microsoftgraph/microsoft-graph-docs/issues/12772 and
//   https://github.com/MicrosoftDocs/azure-docs/pull/77948; bodies quoted in
//   https://github.com/microsoftgraph/microsoft-graph-docs/issues/14118).
// - No P1, Conditional Access policies: Conditional Access needs P1, but Microsoft does not document the
//   list's answer in a tenant without it. We use the same 403 licence refusal as the other P1 reads, the
//   closest documented one.
// - No P2: Privileged Identity Management lists (role and group eligibility/assignment schedules) answer
//   400 `AadPremiumLicenseRequired`. The code is PIM's (it is what the Graph PowerShell and Azure CLI
//   surface); the message text is not documented, so ours says what is missing in Entra's words.
// - No P2, Identity Protection `riskyUsers`: "Using the riskyUsers API requires a Microsoft Entra ID P2
//   license" (https://learn.microsoft.com/graph/api/riskyuser-get). Unlicensed tenants get a 403 that
//   callers report as indistinguishable from a permission gap
//   (https://github.com/microsoft/zerotrustassessment/issues/1022); the code is undocumented, so we
//   answer with the documented licence refusal above, the closest one.
// - No P1, restricted-management administrative units: Entra cannot create one without P1 (an
//   administrative unit feature that needs P1 for its administrators), so a Free tenant has none: the
//   seed's flag is ignored (see `withoutRestrictedUnits`).
import { GraphError } from './errors';
import { type JsonObject } from './json';

export type Tier = 'Free' | 'P1' | 'P2';
export type Licence = 'P1' | 'P2';

const RANK: Record<Tier, number> = { Free: 0, P1: 1, P2: 2 };

const isObject = (v: unknown): v is JsonObject => typeof v === 'object' && v !== null && !Array.isArray(v);

/** A plan counts when its SKU is not suspended/deleted and the plan itself is provisioned (or pending). */
function activePlans(skus: readonly unknown[]): string[] {
  const plans: string[] = [];
  for (const sku of skus) {
    if (!isObject(sku)) continue;
    const status = typeof sku.capabilityStatus === 'string' ? sku.capabilityStatus : 'Enabled';
    if (status !== 'Enabled' && status !== 'Warning') continue;
    for (const plan of Array.isArray(sku.servicePlans) ? sku.servicePlans : []) {
      if (!isObject(plan) || typeof plan.servicePlanName !== 'string') continue;
      const provisioning = typeof plan.provisioningStatus === 'string' ? plan.provisioningStatus : 'Success';
      if (provisioning === 'Success' || provisioning === 'PendingActivation' || provisioning === 'PendingProvisioning')
        plans.push(plan.servicePlanName.toUpperCase());
    }
  }
  return plans;
}

/** `null` (no `subscribedSkus` in the seed) is P2. */
export function tierOf(subscribedSkus: readonly unknown[] | null): Tier {
  if (subscribedSkus === null) return 'P2';
  const plans = activePlans(subscribedSkus);
  if (plans.includes('AAD_PREMIUM_P2')) return 'P2';
  if (plans.includes('AAD_PREMIUM')) return 'P1';
  return 'Free';
}

export function tierHas(tier: Tier, licence: Licence): boolean {
  return RANK[tier] >= RANK[licence];
}

export const NON_PREMIUM_CODE = 'Authentication_RequestFromNonPremiumTenantOrB2CTenant';
export const PIM_LICENCE_CODE = 'AadPremiumLicenseRequired';

/** The refusal for a read the tenant's tier does not cover. */
export function licenceError(licence: Licence, area: 'pim' | 'other' = 'other'): GraphError {
  if (licence === 'P2' && area === 'pim') {
    return new GraphError(
      400,
      PIM_LICENCE_CODE,
      'The tenant needs a Microsoft Entra ID P2 or Microsoft Entra ID Governance license to use Privileged Identity Management.',
    );
  }
  return new GraphError(403, NON_PREMIUM_CODE, "Neither tenant is B2C or tenant doesn't have premium license");
}

/**
 * Endpoints (route templates) a tier gates as a whole. Kept here rather than on each route so a PIM or
 * Identity Protection route added later is gated by adding its template to this table.
 */
export const LICENSED_ROUTES: ReadonlyArray<{ template: string; licence: Licence; area: 'pim' | 'other' }> = [
  { template: '/auditLogs/signIns', licence: 'P1', area: 'other' },
  { template: '/identity/conditionalAccess/policies', licence: 'P1', area: 'other' },
  { template: '/identity/conditionalAccess/policies/{id}', licence: 'P1', area: 'other' },
  { template: '/identityProtection/riskyUsers', licence: 'P2', area: 'other' },
  { template: '/identityProtection/riskyUsers/{id}', licence: 'P2', area: 'other' },
  ...[
    '/roleManagement/directory/roleEligibilitySchedules',
    '/roleManagement/directory/roleEligibilityScheduleInstances',
    '/roleManagement/directory/roleAssignmentSchedules',
    '/roleManagement/directory/roleAssignmentScheduleInstances',
    '/identityGovernance/privilegedAccess/group/eligibilitySchedules',
    '/identityGovernance/privilegedAccess/group/eligibilityScheduleInstances',
    '/identityGovernance/privilegedAccess/group/assignmentSchedules',
    '/identityGovernance/privilegedAccess/group/assignmentScheduleInstances',
  ].map((template) => ({ template, licence: 'P2' as const, area: 'pim' as const })),
];

const BY_TEMPLATE = new Map(LICENSED_ROUTES.map((r) => [r.template.toLowerCase(), r]));

/** Throws Graph's licence refusal when the route needs more than the tenant has. */
export function checkRouteLicence(template: string, tier: Tier): void {
  const rule = BY_TEMPLATE.get(template.toLowerCase());
  if (rule && !tierHas(tier, rule.licence)) throw licenceError(rule.licence, rule.area);
}

/** `$select=signInActivity` on users needs P1 (after AuditLog.Read.All, which is checked first). */
export function checkSignInActivityLicence(tier: Tier): void {
  if (!tierHas(tier, 'P1')) throw licenceError('P1');
}

interface UnitLike extends JsonObject {
  isMemberManagementRestricted?: unknown;
}
interface UserLike extends JsonObject {
  isManagementRestricted?: unknown;
}

/** A Free tenant cannot hold a restricted-management unit: the seed's flags are turned off (copies). */
export function withoutRestrictedUnits<U extends UnitLike, P extends UserLike>(
  units: readonly U[],
  users: readonly P[],
): { units: U[]; users: P[] } {
  return {
    units: units.map((u) => (u.isMemberManagementRestricted === true ? { ...u, isMemberManagementRestricted: false } : u)),
    users: users.map((u) => (u.isManagementRestricted === true ? { ...u, isManagementRestricted: false } : u)),
  };
}
