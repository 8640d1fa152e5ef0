// Tenant variants of the demo tenant for tests: its Entra ID tier (the seed's `subscribedSkus`) and the
// Graph application permissions granted to the bot's app. Written as copies to a temp folder; the demo
// seed itself is never changed.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { CONTOSO_SEED } from './stack';

export type VariantTier = 'Free' | 'P1' | 'P2';

/** What infra/README.md calls required: request, approval and issuance must work with only these. */
export const REQUIRED_ONLY = [
  'User.Read.All',
  'GroupMember.Read.All',
  'RoleManagement.Read.Directory',
  'RoleEligibilitySchedule.Read.Directory',
  'Policy.Read.AuthenticationMethod',
  'UserAuthMethod-TAP.ReadWrite.All',
];

/** Every permission infra/README.md lists (the demo tenant grants these). */
export const ALL_PERMISSIONS = [
  ...REQUIRED_ONLY,
  'UserAuthenticationMethod.Read.All',
  'AdministrativeUnit.Read.All',
  'PrivilegedEligibilitySchedule.Read.AzureADGroup',
  'Policy.Read.ConditionalAccess',
  'AuditLog.Read.All',
  'IdentityRiskyUser.Read.All',
];

/** Graph subscribedSku objects as a tenant of each tier lists them (service plan names from Microsoft's licensing reference). */
export function skusFor(tier: VariantTier): object[] {
  const plan = (servicePlanName: string, servicePlanId: string) => ({
    servicePlanId,
    servicePlanName,
    provisioningStatus: 'Success',
    appliesTo: 'User',
  });
  const exchange = plan('EXCHANGE_S_STANDARD', '9aaf7827-d63c-4b61-89c3-182f06f82e5c');
  const sku = (skuPartNumber: string, skuId: string, plans: object[]) => ({
    id: `510a7fe1-50f4-5852-90b4-23956de2d650_${skuId}`,
    accountId: '510a7fe1-50f4-5852-90b4-23956de2d650',
    appliesTo: 'User',
    capabilityStatus: 'Enabled',
    consumedUnits: 20,
    skuId,
    skuPartNumber,
    prepaidUnits: { enabled: 25, suspended: 0, warning: 0, lockedOut: 0 },
    servicePlans: plans,
  });
  const o365 = sku('O365_BUSINESS_ESSENTIALS', '3b555118-da6a-4418-894f-7df1e2096870', [exchange]);
  if (tier === 'Free') return [o365];
  if (tier === 'P1')
    return [
      o365,
      sku('AAD_PREMIUM', '078d2b04-f1bd-4111-bbd4-b4b1b354cef4', [plan('AAD_PREMIUM', '41781fb2-bc02-4b7c-bd55-b576c07bb09d')]),
    ];
  return [
    o365,
    sku('AAD_PREMIUM_P2', '84a661c4-e949-4bd2-a560-ed7766fcaf2b', [
      plan('AAD_PREMIUM', '41781fb2-bc02-4b7c-bd55-b576c07bb09d'),
      plan('AAD_PREMIUM_P2', 'eec0eb4f-6444-4f95-aba0-50c24d67f998'),
    ]),
  ];
}

export interface Variant {
  name: string;
  seedPath: string;
  dispose(): void;
}

/** A copy of the demo tenant with this tier and (when given) only these permissions for the bot's app. */
export function tenantVariant(tier: VariantTier, permissions?: readonly string[]): Variant {
  const seed = JSON.parse(readFileSync(CONTOSO_SEED, 'utf8')) as {
    subscribedSkus?: object[];
    applications: Array<{ grantedApplicationPermissions: string[] }>;
  };
  seed.subscribedSkus = skusFor(tier);
  if (permissions && seed.applications[0]) seed.applications[0].grantedApplicationPermissions = [...permissions];
  const dir = mkdtempSync(path.join(tmpdir(), 'tapdesk-variant-'));
  const seedPath = path.join(dir, 'tenant.json');
  writeFileSync(seedPath, JSON.stringify(seed));
  return {
    name: `${tier}${permissions ? ', required permissions only' : ', all permissions'}`,
    seedPath,
    dispose: () => rmSync(dir, { recursive: true, force: true }),
  };
}
