// The facts batch settles each read by what it declared (src/graph/directory.ts `settle`): required reads
// stop the decision, optional ones become one unknown fact naming the missing permission or licence, and
// a licence-gated feature that does not exist without its licence (PIM) is a known none.
import assert from 'node:assert/strict';
import { type FactRead, settle } from '../../../src/graph/directory';
import { DirectoryError } from '../../../src/app/kernel/ports';
import type { GraphResponse } from '../../../src/graph/graph-http';
import { toTargetFacts, okPart, unavailable } from '../../../src/graph/facts-mapper';

const graphError = (status: number, code: string): GraphResponse => ({ status, headers: {}, body: { error: { code, message: code } } });
const ok = (body: unknown): GraphResponse => ({ status: 200, headers: {}, body });
const DENIED = graphError(403, 'Authorization_RequestDenied');
const NO_P1 = graphError(403, 'Authentication_RequestFromNonPremiumTenantOrB2CTenant');
const NO_P2 = graphError(400, 'AadPremiumLicenseRequired');

const READS: FactRead[] = [
  { id: 'user', method: 'GET', url: '/users/x', required: 'read the user' },
  {
    id: 'eligible',
    method: 'GET',
    url: '/roleManagement/directory/roleEligibilitySchedules',
    required: 'read the roles',
    noneWithoutLicence: true,
    needs: { licence: 'P2' },
  },
  { id: 'signins', method: 'GET', url: '/auditLogs/signIns', needs: { permission: 'AuditLog.Read.All', licence: 'P1' } },
  {
    id: 'risk',
    method: 'GET',
    url: '/identityProtection/riskyUsers/x',
    needs: { permission: 'IdentityRiskyUser.Read.All', licence: 'P2' },
  },
];

describe('facts batch: each read settled by what it needs', () => {
  it('no P2: PIM eligibility is a known empty list, risk is unknown for the P2 licence', () => {
    const parts = settle(
      READS,
      new Map([
        ['user', ok({ id: 'x' })],
        ['eligible', NO_P2],
        ['signins', ok({ value: [] })],
        ['risk', NO_P1],
      ]),
    );
    assert.deepEqual(parts.get('eligible'), okPart({ value: [] }));
    assert.deepEqual(unavailable(parts.get('risk')!), { known: false, reason: 'licence', need: 'Microsoft Entra ID P2' });
  });

  it('no P1: the sign-in log is unknown for the P1 licence; a missing permission names the permission', () => {
    const parts = settle(
      READS,
      new Map([
        ['user', ok({ id: 'x' })],
        ['eligible', ok({ value: [] })],
        ['signins', NO_P1],
        ['risk', DENIED],
      ]),
    );
    assert.deepEqual(unavailable(parts.get('signins')!), { known: false, reason: 'licence', need: 'Microsoft Entra ID P1' });
    assert.deepEqual(unavailable(parts.get('risk')!), { known: false, reason: 'permission', need: 'IdentityRiskyUser.Read.All' });
  });

  it('a required read that fails stops the decision with its reason, even for a licence-gated read refused on permission', () => {
    assert.throws(
      () => settle(READS, new Map([['user', DENIED]])),
      (e: unknown) => e instanceof DirectoryError && e.kind === 'permission' && /read the user/.test(e.message),
    );
    assert.throws(
      () =>
        settle(
          READS,
          new Map([
            ['user', ok({ id: 'x' })],
            ['eligible', DENIED],
          ]),
        ),
      (e: unknown) => e instanceof DirectoryError && e.kind === 'permission' && /read the roles/.test(e.message),
    );
    assert.throws(
      () =>
        settle(
          READS,
          new Map([
            ['user', ok({ id: 'x' })],
            ['eligible', graphError(503, 'serviceNotAvailable')],
          ]),
        ),
      (e: unknown) => e instanceof DirectoryError && e.kind === 'unavailable',
    );
  });

  it('an optional read Graph did not answer is unknown, without a need', () => {
    const parts = settle(
      READS,
      new Map([
        ['user', ok({ id: 'x' })],
        ['eligible', ok({ value: [] })],
      ]),
    );
    assert.deepEqual(unavailable(parts.get('signins')!), { known: false, reason: 'unavailable' });
  });

  it('signInActivity read apart: unknown with its need, and the user still known', () => {
    const empty = okPart({ value: [] });
    const facts = toTargetFacts({
      user: { id: 'X', userPrincipalName: 'x@contoso.com', displayName: 'X', accountEnabled: true },
      signInActivity: {
        ok: false,
        status: 403,
        code: 'Authentication_RequestFromNonPremiumTenantOrB2CTenant',
        need: 'Microsoft Entra ID P1',
      },
      transitiveMemberOf: empty,
      administrativeUnits: empty,
      groupEligibilitySchedules: empty,
      ownedObjects: empty,
      roleAssignments: empty,
      roleEligibilitySchedules: empty,
      methods: empty,
      riskyUser: empty,
      manager: empty,
    });
    assert.deepEqual(facts.signInActivity, { known: false, reason: 'licence', need: 'Microsoft Entra ID P1' });
    assert.equal(facts.user.displayName, 'X');
    assert.equal(facts.user.lastSignInDateTime, null);
    const read = toTargetFacts({
      ...{
        user: { id: 'x' },
        transitiveMemberOf: empty,
        administrativeUnits: empty,
        groupEligibilitySchedules: empty,
        ownedObjects: empty,
        roleAssignments: empty,
        roleEligibilitySchedules: empty,
        methods: empty,
        riskyUser: empty,
        manager: empty,
      },
      signInActivity: okPart({
        id: 'x',
        signInActivity: { lastSignInDateTime: '2026-11-30T10:00:00Z', lastSuccessfulSignInDateTime: '2026-11-30T10:00:00Z' },
      }),
    });
    assert.deepEqual(read.signInActivity, {
      known: true,
      value: { lastSignInDateTime: '2026-11-30T10:00:00Z', lastSuccessfulSignInDateTime: '2026-11-30T10:00:00Z' },
    });
    assert.equal(read.user.lastSignInDateTime, '2026-11-30T10:00:00Z');
  });
});
