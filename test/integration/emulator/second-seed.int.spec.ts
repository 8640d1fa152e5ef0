// Any seed in the seed format works, not just contoso: test/fixtures/seeds/fabrikam.json is another
// tenant (own id, domains, applications) with a stricter TAP policy: one-time passes only, 10–60
// minutes, 12 characters, and only the "TAP users" group (with a nested group) in scope.
import assert from 'node:assert/strict';
import path from 'node:path';
import type { Emulator } from '../../harness/emulator';
import { createGraphClient } from '../../../src/graph/client';
import { type GraphCall, TEST_SEEDS, graphCaller, requestToken, startTestEmulator } from '../../support/emulator';

/* eslint-disable @typescript-eslint/no-explicit-any -- Graph JSON */
const FABRIKAM = path.join(TEST_SEEDS, 'fabrikam.json');
const TENANT = '2f3c8c1e-1111-4222-8333-444455556666';
const KIM = 'bbbbbbbb-0000-4000-8000-000000000001';
const RAVI = 'bbbbbbbb-0000-4000-8000-000000000002';
const OSKAR = 'bbbbbbbb-0000-4000-8000-000000000003';
const NARROW_APP = { id: 'aaaaaaaa-0000-4000-8000-000000000002', secret: 'narrow-test-secret' };
const taps = (user: string) => `/users/${user}/authentication/temporaryAccessPassMethods`;

describe('a second tenant seed (Fabrikam)', function () {
  this.timeout(30_000);
  let emulator: Emulator;
  let call: GraphCall;

  before(async () => {
    emulator = await startTestEmulator({ seed: FABRIKAM });
    call = await graphCaller(emulator);
  });
  after(async () => {
    await emulator?.close();
  });

  it('issues tokens for its own tenant (id or domain) and applications only', async () => {
    assert.equal(emulator.tenantId, TENANT);
    assert.equal(emulator.clientId, 'aaaaaaaa-0000-4000-8000-000000000001');
    assert.equal((await requestToken(emulator, undefined, undefined, 'fabrikam.example')).status, 200);
    const contoso = await requestToken(emulator, undefined, undefined, '510a7fe1-50f4-5852-90b4-23956de2d650');
    assert.deepEqual([contoso.status, contoso.body.error_codes], [400, [90002]]);
    const contosoApp = await requestToken(emulator, 'cdee8871-46ba-582c-b71d-34b3cf75d53a', 'demo-only-not-a-secret');
    assert.deepEqual(contosoApp.body.error_codes, [700016]);
    assert.match(contosoApp.body.error_description, /in the directory 'Fabrikam'/);
  });

  it('the production client reads its users; an app without User.Read.All gets 403 Authorization_RequestDenied', async () => {
    const options = { tenantId: TENANT, authorityHost: emulator.authorityHost, graphBaseUrl: emulator.graphUrl };
    const { client } = createGraphClient({ ...options, clientId: emulator.clientId, clientSecret: emulator.clientSecret });
    assert.equal((await client.api('/users/kim@fabrikam.example').get()).displayName, 'Kim Akers');
    assert.equal((await client.api(`/users/${RAVI}/manager`).select('id').get()).id, KIM);
    const narrow = createGraphClient({ ...options, clientId: NARROW_APP.id, clientSecret: NARROW_APP.secret });
    await assert.rejects(
      () => narrow.client.api('/users/kim@fabrikam.example').get(),
      (error: any) =>
        error.statusCode === 403 &&
        error.code === 'Authorization_RequestDenied' &&
        error.message === 'Insufficient privileges to complete the operation.',
    );
    const signIns = await narrow.client.api('/auditLogs/signIns').filter(`userId eq '${RAVI}'`).get();
    assert.equal(signIns.value[0].status.errorCode, 50126);
  });

  it('serves its stricter TAP policy', async () => {
    const { body } = await call('GET', '/policies/authenticationMethodsPolicy/authenticationMethodConfigurations/TemporaryAccessPass');
    assert.deepEqual(
      [body.isUsableOnce, body.minimumLifetimeInMinutes, body.maximumLifetimeInMinutes, body.defaultLifetimeInMinutes, body.defaultLength],
      [true, 10, 60, 30, 12],
    );
  });

  it('creates one-time passes of 12 characters with its defaults, and refuses multi-use ones', async () => {
    const created = await call('POST', taps(RAVI), {});
    assert.equal(created.status, 201, 'Ravi is in scope through a nested group');
    assert.deepEqual([created.body.isUsableOnce, created.body.lifetimeInMinutes, created.body.temporaryAccessPass.length], [true, 30, 12]);
    const multiUse = await call('POST', taps(RAVI), { isUsableOnce: false });
    assert.deepEqual([multiUse.status, multiUse.body.error.code], [400, 'badRequest']);
    assert.match(multiUse.body.error.message, /Multi-use Temporary Access Pass is not allowed/);
  });

  it('applies its lifetime range (10–60) and its group scope', async () => {
    for (const [lifetime, status] of [
      [9, 400],
      [10, 201],
      [60, 201],
      [61, 400],
    ] as const) {
      const answer = await call('POST', taps(KIM), { lifetimeInMinutes: lifetime });
      assert.equal(answer.status, status, String(lifetime));
      if (status === 400)
        assert.equal(answer.body.error.message, 'Invalid LifetimeInMinutes specified. The valid range between 10 and 60.');
    }
    const oskar = await call('POST', taps(OSKAR), {});
    assert.deepEqual(
      [oskar.status, oskar.body.error.message],
      [
        400,
        'Converged UserCredentialPolicy does not allow creating or updating this authentication method. AuthMethodType [TemporaryAccessPass].',
      ],
    );
  });

  it('a multi-use pass seeded under a one-time policy reads DisabledByPolicy', async () => {
    const fresh = await startTestEmulator({ seed: FABRIKAM });
    try {
      const freshCall = await graphCaller(fresh);
      const [kim] = (await freshCall('GET', taps(KIM))).body.value;
      assert.deepEqual([kim.isUsableOnce, kim.isUsable, kim.methodUsabilityReason], [false, false, 'DisabledByPolicy']);
      const owned = await freshCall('GET', `/users/${KIM}/ownedObjects`);
      assert.deepEqual(
        owned.body.value.map((g: any) => g.displayName),
        ['TAP users'],
      );
    } finally {
      await fresh.close();
    }
  });
});
