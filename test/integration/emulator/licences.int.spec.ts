// Licence tiers as Graph answers them (test/harness/emulator/licences.ts): a Free, P1 and P2 copy of the demo
// tenant, each read by an app holding every permission the bot uses. What each tier refuses is written
// out here per endpoint; the permission checks still come first.
import assert from 'node:assert/strict';
import type { Emulator } from '../../harness/emulator';
import { graphCaller, startTestEmulator, type GraphCall } from '../../support/emulator';
import { createGraphClient } from '../../../src/graph/client';
import { GraphDirectory } from '../../../src/graph/directory';
import { createLogger } from '../../../src/logger';
import { ALL_PERMISSIONS, REQUIRED_ONLY, tenantVariant, type Variant, type VariantTier } from '../../support/tenant-variants';
import { PEOPLE, UNITS } from './contoso-people';

/* eslint-disable @typescript-eslint/no-explicit-any -- Graph JSON */
const NON_PREMIUM = {
  status: 403,
  code: 'Authentication_RequestFromNonPremiumTenantOrB2CTenant',
  message: "Neither tenant is B2C or tenant doesn't have premium license",
};
const PIM = { status: 400, code: 'AadPremiumLicenseRequired' };

const READS: Record<string, string> = {
  signInActivity: `/users/${PEOPLE.alexw}?$select=id,signInActivity`,
  signIns: `/auditLogs/signIns?$filter=userId eq '${PEOPLE.miriamg}'`,
  conditionalAccess: '/identity/conditionalAccess/policies',
  riskyUser: `/identityProtection/riskyUsers/${PEOPLE.irvins}`,
  riskyUsers: '/identityProtection/riskyUsers',
  eligibility: `/roleManagement/directory/roleEligibilitySchedules?$filter=principalId eq '${PEOPLE.henriettam}'`,
  assignmentInstances: '/roleManagement/directory/roleAssignmentScheduleInstances',
  roleAssignments: `/roleManagement/directory/roleAssignments?$filter=principalId eq '${PEOPLE.meganb}'`,
  user: `/users/${PEOPLE.alexw}?$select=id,displayName`,
  unit: `/directory/administrativeUnits/${UNITS.executive}`,
};

type Expected = 'ok' | 'p1' | 'p2';
const EXPECTED: Record<VariantTier, Record<string, Expected>> = {
  Free: {
    signInActivity: 'p1',
    signIns: 'p1',
    conditionalAccess: 'p1',
    riskyUser: 'p1',
    riskyUsers: 'p1',
    eligibility: 'p2',
    assignmentInstances: 'p2',
    roleAssignments: 'ok',
    user: 'ok',
    unit: 'ok',
  },
  P1: {
    signInActivity: 'ok',
    signIns: 'ok',
    conditionalAccess: 'ok',
    riskyUser: 'p1',
    riskyUsers: 'p1',
    eligibility: 'p2',
    assignmentInstances: 'p2',
    roleAssignments: 'ok',
    user: 'ok',
    unit: 'ok',
  },
  P2: {
    signInActivity: 'ok',
    signIns: 'ok',
    conditionalAccess: 'ok',
    riskyUser: 'ok',
    riskyUsers: 'ok',
    eligibility: 'ok',
    assignmentInstances: 'ok',
    roleAssignments: 'ok',
    user: 'ok',
    unit: 'ok',
  },
};

for (const tier of ['Free', 'P1', 'P2'] as const) {
  describe(`licence tier ${tier} (emulated Graph)`, function () {
    this.timeout(30_000);
    let variant: Variant;
    let emulator: Emulator;
    let call: GraphCall;

    before(async () => {
      // Organization.Read.All only to list /subscribedSkus here; the bot does not need it.
      variant = tenantVariant(tier, [...ALL_PERMISSIONS, 'Organization.Read.All']);
      emulator = await startTestEmulator({ seed: variant.seedPath });
      call = await graphCaller(emulator);
    });
    after(async () => {
      await emulator?.close();
      variant?.dispose();
    });

    for (const [read, expected] of Object.entries(EXPECTED[tier])) {
      it(`${read}: ${expected === 'ok' ? 'answers' : expected === 'p1' ? '403, no premium licence' : '400 AadPremiumLicenseRequired'}`, async () => {
        const reply = await call('GET', READS[read] as string);
        if (expected === 'ok') return assert.equal(reply.status, 200, JSON.stringify(reply.body));
        const want = expected === 'p1' ? NON_PREMIUM : PIM;
        assert.equal(reply.status, want.status);
        assert.equal(reply.body.error.code, want.code);
        if ('message' in want) assert.equal(reply.body.error.message, want.message);
        else assert.match(reply.body.error.message, /Microsoft Entra ID P2/);
        assert.ok(reply.body.error.innerError['request-id']);
      });
    }

    it('lists the subscribed SKUs that make the tier', async () => {
      const reply = await call('GET', '/subscribedSkus');
      assert.equal(reply.status, 200);
      const plans = reply.body.value.flatMap((s: any) => s.servicePlans.map((p: any) => p.servicePlanName));
      assert.equal(plans.includes('AAD_PREMIUM_P2'), tier === 'P2');
      assert.equal(plans.includes('AAD_PREMIUM'), tier !== 'Free');
    });

    it(`restricted-management units ${tier === 'Free' ? 'do not exist (Free)' : 'exist'}`, async () => {
      const reply = await call('GET', `/directory/administrativeUnits/${UNITS.executive}`);
      assert.equal(reply.body.isMemberManagementRestricted, tier !== 'Free');
      const create = await call('POST', `/users/${PEOPLE.nestorw}/authentication/temporaryAccessPassMethods`, { lifetimeInMinutes: 60 });
      assert.equal(create.status, tier === 'Free' ? 201 : 403);
    });
  });
}

describe('licence tiers and permissions', function () {
  this.timeout(30_000);
  it('a missing permission is refused before the licence is looked at', async () => {
    const variant = tenantVariant('Free', ['User.Read.All', 'RoleManagement.Read.Directory']);
    const emulator = await startTestEmulator({ seed: variant.seedPath });
    try {
      const call = await graphCaller(emulator);
      for (const url of [READS.signInActivity, READS.signIns, READS.riskyUser, READS.conditionalAccess, '/subscribedSkus']) {
        const reply = await call('GET', url as string);
        assert.deepEqual([reply.status, reply.body.error.code], [403, 'Authorization_RequestDenied'], url);
      }
      // RoleManagement.Read.Directory covers eligibility reads: the licence answers.
      assert.equal((await call('GET', READS.eligibility as string)).body.error.code, 'AadPremiumLicenseRequired');
    } finally {
      await emulator.close();
      variant.dispose();
    }
  });

  it('a seed without subscribedSkus is P2: every feature answers', async () => {
    const emulator = await startTestEmulator();
    try {
      const call = await graphCaller(emulator);
      for (const url of [READS.signInActivity, READS.eligibility, READS.riskyUser])
        assert.equal((await call('GET', url as string)).status, 200, url);
    } finally {
      await emulator.close();
    }
  });
});

describe("TAP Desk's reading of the tier (GraphDirectory.licences) against each variant", function () {
  this.timeout(60_000);
  const cases: Array<{ tier: VariantTier; permissions: string[]; expected: { p1: boolean | null; p2: boolean | null }; how: string }> = [
    { tier: 'P2', permissions: ALL_PERMISSIONS, expected: { p1: true, p2: true }, how: 'probes: PIM answers' },
    {
      tier: 'P1',
      permissions: ALL_PERMISSIONS,
      expected: { p1: true, p2: false },
      how: 'probes: PIM refused for the licence, sign-in log answers',
    },
    { tier: 'Free', permissions: ALL_PERMISSIONS, expected: { p1: false, p2: false }, how: 'probes: both refused for the licence' },
    {
      tier: 'Free',
      permissions: REQUIRED_ONLY,
      expected: { p1: null, p2: false },
      how: 'probes: the sign-in log refused for the permission tells nothing about P1',
    },
    { tier: 'P1', permissions: [...REQUIRED_ONLY, 'Organization.Read.All'], expected: { p1: true, p2: false }, how: '/subscribedSkus' },
    { tier: 'Free', permissions: [...REQUIRED_ONLY, 'Organization.Read.All'], expected: { p1: false, p2: false }, how: '/subscribedSkus' },
  ];
  for (const { tier, permissions, expected, how } of cases) {
    it(`${tier}, ${permissions.length} permissions: ${JSON.stringify(expected)} (${how})`, async () => {
      const variant = tenantVariant(tier, permissions);
      const emulator = await startTestEmulator({ seed: variant.seedPath });
      try {
        const { client } = createGraphClient({
          tenantId: emulator.tenantId,
          authorityHost: emulator.authorityHost,
          graphBaseUrl: emulator.graphUrl,
          clientId: emulator.clientId,
          clientSecret: emulator.clientSecret,
        });
        const directory = new GraphDirectory(client, {
          policyCacheSeconds: 0,
          clock: { now: () => new Date() },
          logger: createLogger({ level: 'silent' }),
        });
        assert.deepEqual(await directory.licences(), expected);
        const usedSkus = emulator.stats().log.some((l) => l.path === '/subscribedSkus' && l.status === 200);
        assert.equal(usedSkus, how === '/subscribedSkus');
      } finally {
        await emulator.close();
        variant.dispose();
      }
    });
  }
});
