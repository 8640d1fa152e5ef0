// What TAP Desk can do in this tenant, capability by capability, from the Graph application
// permissions its token holds (`roles` claim) and the tenant's Entra ID licences. Pure: /readyz and the
// `health` chat command both show this, and infra/README.md's permission table is kept in step with
// PERMISSIONS by a test.

/** A Graph application permission TAP Desk asks for, what it unlocks, and broader ones that also do. */
export interface PermissionNeed {
  name: string;
  alternatives: readonly string[];
  /** Required: without it requests cannot be filed, approved or issued. Otherwise only `unlocks` degrades. */
  required: boolean;
  /** The capabilities it serves. */
  unlocks: readonly CapabilityId[];
  /** For an optional one: what is lost without it, in plain words. */
  without?: string;
}

export type CapabilityId =
  | 'request-approve'
  | 'issue'
  | 'revoke'
  | 'sign-in-history'
  | 'conditional-access'
  | 'risk'
  | 'pass-follow-up'
  /** Evidence beside the approver's word, each degrading alone (feature-capabilities.ts). */
  | 'manager-check'
  | 'face-check';

export const PERMISSIONS: readonly PermissionNeed[] = [
  {
    name: 'User.Read.All',
    alternatives: ['User.ReadWrite.All', 'Directory.Read.All', 'Directory.ReadWrite.All'],
    required: true,
    unlocks: ['request-approve'],
  },
  { name: 'GroupMember.Read.All', alternatives: ['Group.Read.All', 'Directory.Read.All'], required: true, unlocks: ['request-approve'] },
  {
    name: 'AdministrativeUnit.Read.All',
    alternatives: ['AdministrativeUnit.ReadWrite.All', 'Directory.Read.All'],
    required: false,
    unlocks: ['request-approve'],
    without: 'administrative units may be unreadable, so an approver scoped to one may be refused (never wrongly allowed)',
  },
  {
    name: 'RoleManagement.Read.Directory',
    alternatives: ['RoleManagement.Read.All', 'Directory.Read.All'],
    required: true,
    unlocks: ['request-approve'],
  },
  {
    name: 'RoleEligibilitySchedule.Read.Directory',
    alternatives: ['RoleManagement.Read.Directory', 'RoleManagement.Read.All'],
    required: true,
    unlocks: ['request-approve'],
  },
  {
    name: 'PrivilegedEligibilitySchedule.Read.AzureADGroup',
    alternatives: ['PrivilegedEligibilitySchedule.ReadWrite.AzureADGroup', 'PrivilegedAccess.Read.AzureADGroup'],
    required: false,
    unlocks: ['request-approve'],
    without:
      "PIM for Groups eligibility can't be read: the approver is told so, and Entra's own rule (members and owners of role-assignable groups) still applies",
  },
  {
    name: 'Policy.Read.AuthenticationMethod',
    alternatives: ['Policy.Read.All', 'Policy.ReadWrite.AuthenticationMethod'],
    required: true,
    unlocks: ['request-approve'],
  },
  {
    name: 'Policy.Read.ConditionalAccess',
    alternatives: ['Policy.Read.All', 'Policy.ReadWrite.ConditionalAccess'],
    required: false,
    unlocks: ['conditional-access'],
    without: "diagnosis can't name the Conditional Access policy that blocked a sign-in",
  },
  {
    name: 'UserAuthenticationMethod.Read.All',
    alternatives: ['UserAuthenticationMethod.ReadWrite.All'],
    required: false,
    unlocks: ['request-approve', 'pass-follow-up'],
    without:
      "registered sign-in methods can't be read: the approval card and diagnosis say so, " +
      'and nobody is offered to remove a pass once they set up a new method',
  },
  {
    name: 'UserAuthMethod-TAP.ReadWrite.All',
    alternatives: ['UserAuthenticationMethod.ReadWrite.All'],
    required: true,
    unlocks: ['issue', 'revoke'],
  },
  {
    name: 'AuditLog.Read.All',
    alternatives: [],
    required: false,
    unlocks: ['sign-in-history'],
    without: "diagnosis can't read sign-in errors, and the approval card can't show the last sign-in",
  },
  {
    name: 'IdentityRiskyUser.Read.All',
    alternatives: ['IdentityRiskyUser.ReadWrite.All'],
    required: false,
    unlocks: ['risk'],
    without:
      "Identity Protection risk can't be checked: with REFUSE_HIGH_RISK on every approval is refused, with it off the approver is told so",
  },
];

/** How passes are created: with the app's own permission, or with the approver's delegated rights. */
export type IssuanceMode = 'application' | 'delegated';

/**
 * Delegated mode: the approver's own token creates and deletes passes, so the app needs TAP *read* only
 * (status, settling an ambiguous create, the live-pass check), never write.
 */
const TAP_READ_FOR_DELEGATED: PermissionNeed = {
  name: 'UserAuthMethod-TAP.Read.All',
  alternatives: ['UserAuthenticationMethod.Read.All', 'UserAuthMethod-TAP.ReadWrite.All', 'UserAuthenticationMethod.ReadWrite.All'],
  required: true,
  unlocks: ['issue', 'revoke'],
};

/**
 * Delegated mode: the Graph scopes the SSO app registration needs admin consent for (its on-behalf-of and sign-in
 * tokens carry them). Without the optional one only that step degrades (the pass is still removed).
 */
export const DELEGATED_SCOPES: ReadonlyArray<{ name: string; required: boolean; for: string }> = [
  { name: 'UserAuthMethod-TAP.ReadWrite.All', required: true, for: "create and delete passes with the admin's or the holder's own rights" },
  { name: 'User.RevokeSessions.All', required: false, for: 'end the sign-in sessions after "This wasn\'t me" or a revoke' },
];

/** The permissions the app asks for in a mode (PERMISSIONS is application mode). */
export function permissionsFor(mode: IssuanceMode = 'application'): readonly PermissionNeed[] {
  return mode === 'delegated'
    ? PERMISSIONS.map((p) => (p.name === 'UserAuthMethod-TAP.ReadWrite.All' ? TAP_READ_FOR_DELEGATED : p))
    : PERMISSIONS;
}

/** What the tenant's licences allow; null where TAP Desk could not tell. */
export interface LicenceFacts {
  p1: boolean | null;
  p2: boolean | null;
}

/** not-configured: an optional feature nobody set up (Face Check): nothing is wrong, and it is said so. */
export type CapabilityStatus = 'ok' | 'degraded' | 'off' | 'not-configured';

export interface Capability {
  id: CapabilityId;
  name: string;
  status: CapabilityStatus;
  /** Why it is not fully ok (empty when ok), in plain words. */
  reasons: string[];
  /** What an admin does about it (empty when ok). */
  fixes: string[];
  /** Facts worth knowing that change nothing (e.g. no PIM in a tenant without P2). */
  notes: string[];
}

export const CAPABILITY_NAMES: Record<CapabilityId, string> = {
  'request-approve': 'Request and approve',
  issue: 'Issue passes',
  revoke: 'Revoke passes',
  'sign-in-history': 'Sign-in history (diagnosis, last sign-in on the card)',
  'conditional-access': 'Conditional Access (diagnosis)',
  risk: 'Identity Protection risk (card, REFUSE_HIGH_RISK, diagnosis)',
  'pass-follow-up': 'Pass follow-up (offer to remove a pass once a new sign-in method is set up)',
  'manager-check': "Manager's confirmation (manager read from the directory)",
  'face-check': 'Face Check (Verified ID)',
};

/** The licence each capability needs beyond Free, and what is lost without it. */
const LICENCES: Partial<Record<CapabilityId, { licence: 'P1' | 'P2'; without: string }>> = {
  'sign-in-history': { licence: 'P1', without: 'sign-in logs and last sign-in need Microsoft Entra ID P1' },
  'conditional-access': { licence: 'P1', without: 'Conditional Access needs Microsoft Entra ID P1' },
  risk: { licence: 'P2', without: 'Identity Protection risk needs Microsoft Entra ID P2' },
};

export function holds(roles: readonly string[], need: PermissionNeed): boolean {
  return roles.includes(need.name) || need.alternatives.some((a) => roles.includes(a));
}

/** Required permissions the token lacks (by name). */
export function missingRequired(roles: readonly string[], mode: IssuanceMode = 'application'): string[] {
  return permissionsFor(mode)
    .filter((p) => p.required && !holds(roles, p))
    .map((p) => p.name);
}

/** Optional permissions the token lacks (by name). */
export function missingOptional(roles: readonly string[], mode: IssuanceMode = 'application'): string[] {
  return permissionsFor(mode)
    .filter((p) => !p.required && !holds(roles, p))
    .map((p) => p.name);
}

function licenceHeld(licences: LicenceFacts, licence: 'P1' | 'P2'): boolean | null {
  return licence === 'P2' ? licences.p2 : licences.p2 === true ? true : licences.p1;
}

export interface ReportOptions {
  /** REFUSE_HIGH_RISK: an unreadable risk refuses the pass, so the risk permission stops approvals. */
  refuseHighRisk?: boolean;
}

function capability(
  id: CapabilityId,
  roles: readonly string[],
  licences: LicenceFacts,
  mode: IssuanceMode,
  options: ReportOptions,
): Capability {
  const reasons: string[] = [];
  const fixes: string[] = [];
  let status: CapabilityStatus = 'ok';
  for (const need of permissionsFor(mode).filter((p) => p.unlocks.includes(id) && !holds(roles, p))) {
    reasons.push(`the ${need.name} permission is not granted${need.without ? `: ${need.without}` : ''}`);
    fixes.push(`grant the ${need.name} application permission (infra/grant-graph-permissions.sh)`);
    status = need.required ? 'off' : status === 'off' ? 'off' : 'degraded';
  }
  const licensed = LICENCES[id];
  if (licensed && licenceHeld(licences, licensed.licence) === false) {
    reasons.push(licensed.without);
    fixes.push(`a Microsoft Entra ID ${licensed.licence} licence for the organisation turns it on`);
    if (status === 'ok') status = 'degraded';
  }
  // REFUSE_HIGH_RISK fails closed (eligibility.ts): without the risk permission every approval is refused.
  const riskNeed = permissionsFor(mode).find((p) => p.unlocks.includes('risk'));
  if (options.refuseHighRisk && riskNeed && !holds(roles, riskNeed) && (id === 'risk' || id === 'request-approve')) {
    status = 'off';
    reasons.push(`REFUSE_HIGH_RISK is on and ${riskNeed.name} is not granted, so every approval is refused (risk unreadable)`);
    fixes.push(`grant ${riskNeed.name}, or set REFUSE_HIGH_RISK=false to approve without the risk check`);
  }
  const notes: string[] = [];
  // Not a degradation: a tenant without P2 has no PIM, so nobody is merely eligible for a role.
  if (id === 'request-approve' && licences.p2 === false) notes.push('no Microsoft Entra ID P2, so no PIM: only active roles count');
  if ((id === 'issue' || id === 'revoke') && mode === 'delegated')
    notes.push(
      "delegated issuance: each admin's own Entra rights create and delete the pass (delegated UserAuthMethod-TAP.ReadWrite.All, admin consent)",
    );
  if (id === 'revoke' && mode === 'delegated') {
    notes.push('"This wasn\'t me": the holder deletes their own pass with their own sign-in (no role needed for oneself)');
    notes.push(
      'ending sessions after it or a revoke needs delegated User.RevokeSessions.All (admin consent); ' +
        'without it only that step is skipped, and the card says so',
    );
  }
  if (licensed && licenceHeld(licences, licensed.licence) === null)
    notes.push(`could not confirm the Microsoft Entra ID ${licensed.licence} licence`);
  return { id, name: CAPABILITY_NAMES[id], status, reasons, fixes, notes };
}

/** Every capability, in the order people think of them. */
export function capabilityReport(
  roles: readonly string[],
  licences: LicenceFacts,
  mode: IssuanceMode = 'application',
  options: ReportOptions = {},
): Capability[] {
  const ids: CapabilityId[] = ['request-approve', 'issue', 'revoke', 'sign-in-history', 'conditional-access', 'risk', 'pass-follow-up'];
  return ids.map((id) => capability(id, roles, licences, mode, options));
}

/**
 * The tier from Graph `subscribedSku` service plans: AAD_PREMIUM_P2 → P2 (P1 included), AAD_PREMIUM → P1.
 * Plans of suspended or deleted SKUs, and plans not provisioned, do not count.
 */
export function licencesFromSkus(skus: ReadonlyArray<{ capabilityStatus?: unknown; servicePlans?: unknown }>): LicenceFacts {
  const plans = new Set<string>();
  for (const sku of skus) {
    const status = typeof sku.capabilityStatus === 'string' ? sku.capabilityStatus : 'Enabled';
    if (status !== 'Enabled' && status !== 'Warning') continue;
    for (const plan of Array.isArray(sku.servicePlans) ? (sku.servicePlans as Array<Record<string, unknown>>) : []) {
      const provisioning = typeof plan?.provisioningStatus === 'string' ? plan.provisioningStatus : 'Success';
      if (typeof plan?.servicePlanName === 'string' && ['Success', 'PendingActivation', 'PendingProvisioning'].includes(provisioning))
        plans.add(plan.servicePlanName.toUpperCase());
    }
  }
  const p2 = plans.has('AAD_PREMIUM_P2');
  return { p1: p2 || plans.has('AAD_PREMIUM'), p2 };
}
