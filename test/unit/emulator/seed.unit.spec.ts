import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { DEMO_TENANT_SEED, defaultSeedPath } from '../../harness/emulator/default-seed';
import { SeedError, loadSeed } from '../../harness/emulator/seed';
import { Tenant } from '../../harness/emulator/tenant';

const CONTOSO = DEMO_TENANT_SEED;
const FABRIKAM = path.resolve(__dirname, '../../fixtures/seeds/fabrikam.json');
const minimal = () => ({
  tenant: { id: 't1', displayName: 'T', domains: ['t.onmicrosoft.com'] },
  applications: [{ appId: 'a1', clientSecret: 's', grantedApplicationPermissions: [] }],
  users: [
    {
      id: 'u1',
      userPrincipalName: 'u1@t.onmicrosoft.com',
      lastPasswordChangeDateTime: 'now-P1D',
      signInActivity: { lastSignInDateTime: 'now-PT5H' },
    },
  ],
});

describe('emulator: seed loading', () => {
  const now = new Date('2025-06-02T10:00:00.000Z');

  it('loads contoso and the second test tenant', () => {
    const contoso = loadSeed(CONTOSO, now);
    assert.equal(contoso.tenant.displayName, 'Contoso');
    assert.equal(contoso.users.length, 25);
    const fabrikam = loadSeed(FABRIKAM, now);
    assert.equal(fabrikam.tenant.id, '2f3c8c1e-1111-4222-8333-444455556666');
    assert.deepEqual(fabrikam.administrativeUnits, [], 'missing collections are empty');
  });

  it('resolves relative *DateTime values at any depth, once, at load', () => {
    const seed = loadSeed(minimal(), now);
    assert.equal(seed.users[0]?.lastPasswordChangeDateTime, '2025-06-01T10:00:00.000Z');
    assert.deepEqual(seed.users[0]?.signInActivity, { lastSignInDateTime: '2025-06-02T05:00:00.000Z' });
    const contoso = loadSeed(CONTOSO, now);
    const allan = contoso.authenticationMethods['9a361f36-42dc-551c-8137-ab5de83b9422']?.find((m) => m.startDateTime);
    assert.equal(allan?.startDateTime, '2025-06-03T10:00:00.000Z');
    assert.equal(
      contoso.roleEligibilitySchedules[0]?.scheduleInfo &&
        (contoso.roleEligibilitySchedules[0].scheduleInfo as { startDateTime: string }).startDateTime,
      '2025-05-03T10:00:00.000Z',
    );
  });

  it('copies a seed object instead of changing it', () => {
    const source = minimal();
    loadSeed(source, now);
    assert.equal(source.users[0]?.lastPasswordChangeDateTime, 'now-P1D');
  });

  it('names the file or entry at fault', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'seed-test-'));
    const broken = path.join(dir, 'broken.json');
    writeFileSync(broken, '{ "tenant": ');
    const cases: Array<[string | object, RegExp]> = [
      [path.join(dir, 'missing.json'), /^tenant seed not found: .*missing\.json$/],
      [broken, /^tenant seed is not valid JSON .*broken\.json$/],
      [[], /must be one JSON object/],
      [{ ...minimal(), tenant: undefined }, /^tenant must be an object/],
      [{ ...minimal(), applications: [] }, /^applications must list at least one application/],
      [{ ...minimal(), applications: [{ appId: 'a' }] }, /^applications\[0\]\.clientSecret must be a non-empty string/],
      [{ ...minimal(), users: [{ id: 'x' }] }, /^users\[0\]\.userPrincipalName must be a non-empty string/],
      [
        {
          ...minimal(),
          users: [
            { id: 'x', userPrincipalName: 'a@b' },
            { id: 'X', userPrincipalName: 'c@d' },
          ],
        },
        /^users\[1\]\.id repeats the id X/,
      ],
      [
        { ...minimal(), users: [{ id: 'x', userPrincipalName: 'a@b', lastPasswordChangeDateTime: 'now-20M' }] },
        /^users\[0\]\.lastPasswordChangeDateTime has a relative time that cannot be read/,
      ],
      [{ ...minimal(), groups: [{ id: 'g', members: 'u1' }] }, /^groups\[0\]\.members must be an array of strings/],
      [
        { ...minimal(), authenticationMethods: { u1: [{ id: 'm' }] } },
        /^authenticationMethods\.u1\[0\]\.@odata\.type must be a non-empty string/,
      ],
    ];
    for (const [source, message] of cases) {
      assert.throws(
        () => loadSeed(source, now),
        (e: unknown) => e instanceof SeedError && message.test(e.message),
        String(message),
      );
    }
  });

  it('finds the default seed inside the repository, or $TENANT_SEED', () => {
    assert.equal(defaultSeedPath({}), path.resolve(__dirname, '../../fixtures/seeds/contoso.json'));
    assert.equal(
      defaultSeedPath({}, path.resolve(__dirname, '../../../dist/src/emulator')),
      path.resolve(__dirname, '../../fixtures/seeds/contoso.json'),
    );
    assert.equal(defaultSeedPath({ TENANT_SEED: 'x/other.json' }), path.resolve('x/other.json'));
  });
});

describe('emulator: tenant model', () => {
  const tenant = new Tenant(loadSeed(CONTOSO));
  const PATTI = 'e0129833-b550-59bd-a39c-be3043c847b2';
  const AUTH_ADMIN = 'c4e39bd9-1100-46d3-8c65-fb160da0071f';

  it('finds users by id or UPN, case-insensitively', () => {
    assert.equal(tenant.user('ALEXW@contoso.com')?.id, 'e6b86ab2-975a-5fd3-8c34-ba702a39c097');
    assert.equal(tenant.user('E6B86AB2-975A-5FD3-8C34-BA702A39C097')?.displayName, 'Alex Wilber');
    assert.equal(tenant.user('nobody@contoso.com'), undefined);
    assert.ok(tenant.isNamed('CONTOSO.com') && tenant.isNamed('510a7fe1-50f4-5852-90b4-23956de2d650') && !tenant.isNamed('fabrikam.com'));
  });

  it('holds roles directly, or through role-assignable groups only transitively', () => {
    assert.deepEqual(tenant.tenantRoles(PATTI, false), []);
    assert.deepEqual(tenant.tenantRoles(PATTI, true), [AUTH_ADMIN]);
    // Joni's Authentication Administrator is scoped to the Munich unit: not a tenant role.
    assert.deepEqual(tenant.tenantRoles('071912e5-be93-5f99-b733-bcb272e2e1b2', true), []);
  });

  it('knows restricted management and the TAP policy scope', () => {
    assert.equal(tenant.isManagementRestricted(tenant.user('nestorw@contoso.com')!), true);
    assert.equal(tenant.isManagementRestricted(tenant.user('gradya@contoso.com')!), false);
    assert.equal(tenant.tapPolicyAppliesTo(tenant.user('pradeepg@contoso.com')!.id), false);
    assert.equal(tenant.tapPolicyAppliesTo(tenant.user('alexw@contoso.com')!.id), true);
  });

  it('follows nested groups', () => {
    const nested = new Tenant(
      loadSeed({
        ...{ tenant: { id: 't', domains: [] }, applications: [{ appId: 'a', clientSecret: 's' }] },
        users: [{ id: 'u', userPrincipalName: 'u@t' }],
        groups: [
          { id: 'inner', members: ['u'] },
          { id: 'outer', members: ['inner'] },
          { id: 'loop', members: ['outer', 'loop'] },
        ],
      }),
    );
    assert.deepEqual(
      nested.directGroups('u').map((g) => g.id),
      ['inner'],
    );
    assert.deepEqual(
      nested
        .groupsOf('U')
        .map((g) => g.id)
        .sort(),
      ['inner', 'loop', 'outer'],
    );
  });
});
