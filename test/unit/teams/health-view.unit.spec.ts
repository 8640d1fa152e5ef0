// The `health` text: one line per capability with its state, reason and fix; the summary and tone follow the worst state.
import assert from 'node:assert/strict';
import { capabilityReport } from '../../../src/domain/capabilities';
import { healthView } from '../../../src/teams/views/health-views';
import { parseCommand } from '../../../src/teams/commands';

const REQUIRED = [
  'User.Read.All',
  'GroupMember.Read.All',
  'RoleManagement.Read.Directory',
  'RoleEligibilitySchedule.Read.Directory',
  'Policy.Read.AuthenticationMethod',
  'UserAuthenticationMethod.Read.All',
  'UserAuthMethod-TAP.ReadWrite.All',
];
const ALL = [
  ...REQUIRED,
  'AdministrativeUnit.Read.All',
  'PrivilegedEligibilitySchedule.Read.AzureADGroup',
  'Policy.Read.ConditionalAccess',
  'AuditLog.Read.All',
  'IdentityRiskyUser.Read.All',
];

describe('health view', () => {
  it('"health" is a command', () => {
    assert.deepEqual(parseCommand('Health'), { name: 'health', argument: '' });
  });

  it('all ok in a P2 tenant with every permission', () => {
    const view = healthView(capabilityReport(ALL, { p1: true, p2: true }), { p1: true, p2: true });
    assert.equal(view.tone, 'good');
    assert.equal(view.body, 'Everything works. Licence: Microsoft Entra ID P2.');
    assert.equal(view.details.length, 7);
    assert.ok(
      view.details.every((d) => /: ok\.$/.test(d)),
      view.details.join('\n'),
    );
    assert.equal(view.nextStep, '');
  });

  it('a Free tenant: the licence-bound checks degraded, with the reason and the licence that fixes them', () => {
    const view = healthView(capabilityReport(ALL, { p1: false, p2: false }), { p1: false, p2: false });
    assert.equal(view.tone, 'warning');
    assert.match(
      view.body,
      /^Passes can be requested, approved and issued\. Some checks can't run: Sign-in history .*Licence: Microsoft Entra ID Free/,
    );
    const risk = view.details.find((d) => d.startsWith('Identity Protection risk')) ?? '';
    assert.match(risk, /: degraded \(Identity Protection risk needs Microsoft Entra ID P2\)\. Fix: a Microsoft Entra ID P2 licence/);
    assert.match(view.details[0] ?? '', /^Request and approve: ok \(no Microsoft Entra ID P2, so no PIM/);
  });

  it('the TAP write permission missing: issuing is off, said first', () => {
    const roles = ALL.filter((p) => p !== 'UserAuthMethod-TAP.ReadWrite.All');
    const view = healthView(capabilityReport(roles, { p1: true, p2: true }), { p1: true, p2: true });
    assert.equal(view.tone, 'attention');
    assert.match(view.body, /^Some of TAP Desk cannot work: Issue passes, Revoke passes\./);
    assert.match(
      view.details.find((d) => d.startsWith('Issue passes')) ?? '',
      /off \(the UserAuthMethod-TAP\.ReadWrite\.All permission is not granted\)\. Fix: grant the UserAuthMethod-TAP\.ReadWrite\.All/,
    );
    assert.match(view.nextStep, /grant-graph-permissions\.sh/);
  });
});
