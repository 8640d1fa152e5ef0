// What people do outside Graph, as Graph then shows it: Christie registers a passkey (a new method with
// its createdDateTime), and signs in with her one-time pass (v1.0: OneTimeUsed; beta: lastUsedDateTime).
// Driven over the control endpoints, as a test or the demo in another process would.
import assert from 'node:assert/strict';
import type { Emulator } from '../../harness/emulator';
import { type GraphCall, graphCaller, startTestEmulator } from '../../support/emulator';
import { PEOPLE } from './contoso-people';

/* eslint-disable @typescript-eslint/no-explicit-any -- Graph JSON */
describe('emulator: a person registers a method and uses their pass', function () {
  this.timeout(30_000);
  let emulator: Emulator;
  let call: GraphCall;

  before(async () => {
    emulator = await startTestEmulator();
    call = await graphCaller(emulator);
  });
  after(async () => {
    await emulator?.close();
  });

  const control = async (path: string, body?: unknown) => {
    const response = await fetch(`${emulator.baseUrl}/_emulator/${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: response.status, body: (await response.json()) as any };
  };

  it('every seeded method carries createdDateTime (the seed README documents it)', async () => {
    const { body } = await call('GET', `/users/${PEOPLE.alexw}/authentication/methods`);
    assert.ok(body.value.length >= 2);
    for (const method of body.value) assert.ok(!Number.isNaN(Date.parse(method.createdDateTime)), JSON.stringify(method));
  });

  it('a passkey registered now is listed with its createdDateTime; other types on request; junk refused', async () => {
    const before = Date.now();
    const added = await control(`users/${PEOPLE.christiec}/authentication-methods`);
    assert.equal(added.status, 201);
    assert.equal(added.body['@odata.type'], '#microsoft.graph.fido2AuthenticationMethod');
    const { body } = await call('GET', `/users/${PEOPLE.christiec}/authentication/methods`);
    const passkey = body.value.find((m: any) => m.id === added.body.id);
    assert.ok(passkey, 'listed by Graph');
    assert.ok(Date.parse(passkey.createdDateTime) >= before - 1000);
    const authenticator = { '@odata.type': '#microsoft.graph.microsoftAuthenticatorAuthenticationMethod', displayName: 'Pixel' };
    const phone = await control(`users/${PEOPLE.christiec}/authentication-methods`, authenticator);
    assert.deepEqual([phone.status, phone.body.displayName], [201, 'Pixel']);
    const tapType = { '@odata.type': '#microsoft.graph.temporaryAccessPassAuthenticationMethod' };
    const refused = await control(`users/${PEOPLE.christiec}/authentication-methods`, tapType);
    assert.equal(refused.status, 400);
    assert.equal((await control('users/nobody@contoso.com/authentication-methods')).status, 404);
  });

  it('a used one-time pass: OneTimeUsed on v1.0, lastUsedDateTime on beta; no pass, 404', async () => {
    const created = await call('POST', `/users/${PEOPLE.christiec}/authentication/temporaryAccessPassMethods`, {
      lifetimeInMinutes: 60,
      isUsableOnce: true,
    });
    assert.equal(created.status, 201);
    const used = await control(`users/${PEOPLE.christiec}/tap-used`);
    assert.equal(used.status, 200);
    assert.equal(used.body.temporaryAccessPass, undefined, 'never the value');
    const v1 = await call('GET', `/users/${PEOPLE.christiec}/authentication/temporaryAccessPassMethods/${created.body.id}`);
    assert.deepEqual([v1.body.isUsable, v1.body.methodUsabilityReason, v1.body.lastUsedDateTime], [false, 'OneTimeUsed', undefined]);
    const beta = await call(
      'GET',
      `${emulator.baseUrl}/beta/users/${PEOPLE.christiec}/authentication/temporaryAccessPassMethods/${created.body.id}`,
    );
    assert.equal(beta.body.lastUsedDateTime, used.body.lastUsedDateTime);
    assert.equal((await control(`users/${PEOPLE.alexw}/tap-used`)).status, 404);
  });
});
