// Each capability's state from the token's permissions and the tenant's licences, written out per case.
import assert from 'node:assert/strict';
import { type Capability, capabilityReport, licencesFromSkus, missingRequired } from '../../../src/domain/capabilities';

const REQUIRED = [
  'User.Read.All',
  'GroupMember.Read.All',
  'RoleManagement.Read.Directory',
  'RoleEligibilitySchedule.Read.Directory',
  'Policy.Read.AuthenticationMethod',
  'UserAuthMethod-TAP.ReadWrite.All',
];
const ALL = [
  ...REQUIRED,
  'UserAuthenticationMethod.Read.All',
  'AdministrativeUnit.Read.All',
  'PrivilegedEligibilitySchedule.Read.AzureADGroup',
  'Policy.Read.ConditionalAccess',
  'AuditLog.Read.All',
  'IdentityRiskyUser.Read.All',
];
const P2 = { p1: true, p2: true };
const P1 = { p1: true, p2: false };
const FREE = { p1: false, p2: false };

function states(report: Capability[]): Record<string, string> {
  return Object.fromEntries(report.map((c) => [c.id, c.status]));
}
const by = (report: Capability[], id: string) => report.find((c) => c.id === id) as Capability;

describe('capabilities (health)', () => {
  it('P2 with every permission: everything ok, nothing to fix', () => {
    const report = capabilityReport(ALL, P2);
    assert.deepEqual(states(report), {
      'request-approve': 'ok',
      issue: 'ok',
      revoke: 'ok',
      'sign-in-history': 'ok',
      'conditional-access': 'ok',
      risk: 'ok',
      'pass-follow-up': 'ok',
    });
    assert.deepEqual(
      report.flatMap((c) => [...c.reasons, ...c.fixes, ...c.notes]),
      [],
    );
  });

  it('P2 with only the required permissions: request/issue/revoke ok; the optional ones degraded, each naming its permission', () => {
    const report = capabilityReport(REQUIRED, P2);
    assert.deepEqual(states(report), {
      'request-approve': 'degraded',
      issue: 'ok',
      revoke: 'ok',
      'sign-in-history': 'degraded',
      'conditional-access': 'degraded',
      risk: 'degraded',
      'pass-follow-up': 'degraded',
    });
    assert.match(by(report, 'pass-follow-up').fixes.join(), /UserAuthenticationMethod\.Read\.All/);
    assert.match(by(report, 'sign-in-history').fixes.join(), /AuditLog\.Read\.All/);
    assert.match(by(report, 'conditional-access').fixes.join(), /Policy\.Read\.ConditionalAccess/);
    assert.match(by(report, 'risk').fixes.join(), /IdentityRiskyUser\.Read\.All/);
    assert.match(by(report, 'request-approve').reasons.join(), /AdministrativeUnit\.Read\.All/);
  });

  it('P1: risk degraded for the licence; no PIM is a note, not a degradation', () => {
    const report = capabilityReport(ALL, P1);
    assert.deepEqual(states(report), {
      'request-approve': 'ok',
      issue: 'ok',
      revoke: 'ok',
      'sign-in-history': 'ok',
      'conditional-access': 'ok',
      risk: 'degraded',
      'pass-follow-up': 'ok',
    });
    assert.match(by(report, 'risk').reasons.join(), /Microsoft Entra ID P2/);
    assert.match(by(report, 'risk').fixes.join(), /P2 licence/);
    assert.match(by(report, 'request-approve').notes.join(), /no PIM/);
  });

  it('Free: sign-in history, Conditional Access and risk degraded for the licence', () => {
    const report = capabilityReport(ALL, FREE);
    assert.deepEqual(states(report), {
      'request-approve': 'ok',
      issue: 'ok',
      revoke: 'ok',
      'sign-in-history': 'degraded',
      'conditional-access': 'degraded',
      risk: 'degraded',
      'pass-follow-up': 'ok',
    });
    assert.match(by(report, 'sign-in-history').reasons.join(), /Microsoft Entra ID P1/);
    assert.match(by(report, 'conditional-access').reasons.join(), /Microsoft Entra ID P1/);
  });

  it('a required permission missing turns its capability off, and only that one', () => {
    const report = capabilityReport(
      REQUIRED.filter((p) => p !== 'UserAuthMethod-TAP.ReadWrite.All'),
      P2,
    );
    assert.equal(by(report, 'issue').status, 'off');
    assert.equal(by(report, 'revoke').status, 'off');
    assert.equal(by(report, 'request-approve').status, 'degraded'); // AdministrativeUnit.Read.All, not the TAP write
    assert.deepEqual(missingRequired(REQUIRED.filter((p) => p !== 'UserAuthMethod-TAP.ReadWrite.All')), [
      'UserAuthMethod-TAP.ReadWrite.All',
    ]);
  });

  it('a broader permission stands in for a narrower one', () => {
    const report = capabilityReport([...ALL.filter((p) => p !== 'Policy.Read.ConditionalAccess'), 'Policy.Read.All'], P2);
    assert.equal(by(report, 'conditional-access').status, 'ok');
  });

  it('licences not known: no licence degradation claimed, a note says it was not confirmed', () => {
    const report = capabilityReport(ALL, { p1: null, p2: null });
    assert.equal(by(report, 'risk').status, 'ok');
    assert.match(by(report, 'risk').notes.join(), /could not confirm/);
  });

  it('licences from subscribedSku service plans', () => {
    const sku = (plans: string[], capabilityStatus = 'Enabled') => ({
      capabilityStatus,
      servicePlans: plans.map((servicePlanName) => ({ servicePlanName, provisioningStatus: 'Success' })),
    });
    assert.deepEqual(licencesFromSkus([sku(['EXCHANGE_S_STANDARD'])]), FREE);
    assert.deepEqual(licencesFromSkus([sku(['EXCHANGE_S_STANDARD']), sku(['AAD_PREMIUM'])]), P1);
    assert.deepEqual(licencesFromSkus([sku(['AAD_PREMIUM', 'AAD_PREMIUM_P2'])]), P2);
    assert.deepEqual(licencesFromSkus([sku(['AAD_PREMIUM_P2'], 'Suspended')]), FREE);
    assert.deepEqual(licencesFromSkus([{ servicePlans: [{ servicePlanName: 'AAD_PREMIUM', provisioningStatus: 'Disabled' }] }]), FREE);
  });
});
