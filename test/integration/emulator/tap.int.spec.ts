// Temporary Access Passes on contoso, as Entra handles them: usability computed at read time, create
// rules (policy scope, lifetime range, guests, restricted units), one pass per user, delete, the
// permissions Graph accepts, and pass values kept out of every log.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import type { Emulator } from '../../harness/emulator';
import { CONTOSO, type GraphCall, graphCaller, startTestEmulator } from '../../support/emulator';
import { PEOPLE } from './contoso-people';

/* eslint-disable @typescript-eslint/no-explicit-any -- Graph JSON */
const taps = (user: string) => `/users/${user}/authentication/temporaryAccessPassMethods`;
const CONVERGED =
  'Converged UserCredentialPolicy does not allow creating or updating this authentication method. AuthMethodType [TemporaryAccessPass].';

function contosoWith(change: (seed: any) => void): object {
  const seed = JSON.parse(readFileSync(CONTOSO, 'utf8'));
  change(seed);
  return seed;
}

describe('emulated Graph: Temporary Access Passes', function () {
  this.timeout(30_000);
  let emulator: Emulator;
  let call: GraphCall;
  const logLines: object[] = [];

  before(async () => {
    emulator = await startTestEmulator({ log: (line) => logLines.push(line) });
    call = await graphCaller(emulator);
  });
  after(async () => {
    await emulator?.close();
  });

  describe('reading', () => {
    const only = async (user: string) => {
      const { status, body } = await call('GET', taps(user));
      assert.equal(status, 200);
      assert.equal(body.value.length, 1, 'at most one pass per user');
      return body.value[0];
    };

    it('Lidia holds a usable one-time pass; reads never show the value', async () => {
      const lidia = await only(PEOPLE.lidiah);
      assert.deepEqual(
        [lidia.isUsable, lidia.methodUsabilityReason, lidia.isUsableOnce, lidia.temporaryAccessPass],
        [true, 'EnabledByPolicy', true, null],
      );
      assert.equal(lidia['@odata.type'], undefined, 'list items are typed by the URL');
      assert.equal(lidia.lastUsedDateTime, undefined, 'v1.0 has no lastUsedDateTime');
      const one = await call('GET', `${taps('LIDIAH@contoso.com')}/${lidia.id}`);
      assert.equal(one.body['@odata.type'], '#microsoft.graph.temporaryAccessPassAuthenticationMethod');
      assert.equal(one.body.temporaryAccessPass, null);
    });

    it('Ben: Expired; Enrico: OneTimeUsed; Allan: NotYetValid', async () => {
      assert.deepEqual(
        [
          (await only(PEOPLE.benw)).methodUsabilityReason,
          (await only(PEOPLE.enricoc)).methodUsabilityReason,
          (await only(PEOPLE.alland)).methodUsabilityReason,
        ],
        ['Expired', 'OneTimeUsed', 'NotYetValid'],
      );
      assert.equal((await only(PEOPLE.enricoc)).isUsable, false);
    });

    it('beta shows when a pass was used (the seed’s ★lastUsedDateTime)', async () => {
      const { body } = await call('GET', `${emulator.baseUrl}/beta${taps(PEOPLE.enricoc)}`);
      assert.match(body.value[0].lastUsedDateTime, /^\d{4}-/);
    });

    it('the methods list includes the pass with its computed usability; Christie has nothing', async () => {
      const { body } = await call('GET', `/users/${PEOPLE.enricoc}/authentication/methods`);
      const tap = body.value.find((m: any) => m['@odata.type'] === '#microsoft.graph.temporaryAccessPassAuthenticationMethod');
      assert.equal(tap.methodUsabilityReason, 'OneTimeUsed');
      assert.equal(tap.lastUsedDateTime, undefined, 'emulator-only keys stay hidden');
      const password = body.value.find((m: any) => m['@odata.type'] === '#microsoft.graph.passwordAuthenticationMethod');
      assert.equal(password.password, null);
      assert.deepEqual((await call('GET', `/users/${PEOPLE.christiec}/authentication/methods`)).body.value, []);
      assert.deepEqual((await call('GET', taps(PEOPLE.christiec))).body.value, []);
    });

    it('an unknown user or pass is 404', async () => {
      assert.equal((await call('GET', taps('nobody@contoso.com'))).status, 404);
      assert.equal((await call('GET', `${taps(PEOPLE.lidiah)}/00000000-0000-0000-0000-000000000000`)).status, 404);
    });
  });

  describe('creating', () => {
    it('201 with a fresh pass of the policy length, defaults from the policy, usable now', async () => {
      const before = emulator.stats().tapCreates;
      const { status, body } = await call('POST', taps(PEOPLE.alexw), {});
      assert.equal(status, 201);
      assert.match(body.temporaryAccessPass, /^(?=.*[a-z])(?=.*[A-Z])(?=.*\d)(?=.*[^A-Za-z\d]).{8}$/);
      assert.deepEqual(
        [body.lifetimeInMinutes, body.isUsableOnce, body.isUsable, body.methodUsabilityReason],
        [60, false, true, 'EnabledByPolicy'],
      );
      assert.equal(body.startDateTime, body.createdDateTime);
      assert.ok(Math.abs(Date.parse(body.createdDateTime) - Date.now()) < 5000);
      assert.equal(
        body['@odata.context'],
        `https://graph.microsoft.com/v1.0/$metadata#users('${PEOPLE.alexw}')/authentication/temporaryAccessPassMethods/$entity`,
      );
      assert.ok(emulator.issuedPassValues().includes(body.temporaryAccessPass));
      assert.equal(emulator.stats().tapCreates, before + 1);
      const read = await call('GET', `${taps(PEOPLE.alexw)}/${body.id}`);
      assert.equal(read.body.temporaryAccessPass, null);
    });

    it('a new pass replaces the old one; other methods stay', async () => {
      const first = (await call('POST', taps('alexw@contoso.com'), { lifetimeInMinutes: 120, isUsableOnce: true })).body;
      const second = (await call('POST', taps('alexw@contoso.com'), { lifetimeInMinutes: 480 })).body;
      assert.notEqual(first.temporaryAccessPass, second.temporaryAccessPass);
      const list = (await call('GET', taps(PEOPLE.alexw))).body.value;
      assert.deepEqual(
        list.map((t: any) => [t.id, t.lifetimeInMinutes]),
        [[second.id, 480]],
      );
      const methods = (await call('GET', `/users/${PEOPLE.alexw}/authentication/methods`)).body.value;
      assert.equal(methods.length, 3, 'password, Authenticator and the new pass');
    });

    it('honours startDateTime (NotYetValid until then) and the lifetime range 60–480', async () => {
      const start = new Date(Date.now() + 2 * 3_600_000).toISOString();
      const later = await call('POST', taps(PEOPLE.gradya), { startDateTime: start, lifetimeInMinutes: 60, isUsableOnce: true });
      assert.deepEqual(
        [later.status, later.body.startDateTime, later.body.methodUsabilityReason, later.body.isUsable],
        [201, start, 'NotYetValid', false],
      );
      for (const lifetime of [59, 481, 10]) {
        const refused = await call('POST', taps(PEOPLE.gradya), { lifetimeInMinutes: lifetime });
        assert.equal(refused.status, 400, String(lifetime));
        assert.deepEqual(refused.body.error.code, 'badRequest');
        assert.equal(refused.body.error.message, 'Invalid LifetimeInMinutes specified. The valid range between 60 and 480.');
        assert.equal(refused.body.error.innerError.message, refused.body.error.message);
      }
    });

    it('refuses a start in the past as Graph does (400 badRequest), beyond a few seconds of clock skew', async () => {
      const methodsBefore = (await call('GET', taps(PEOPLE.gradya))).body.value;
      const past = new Date(Date.now() - 3 * 60_000).toISOString();
      const refused = await call('POST', taps(PEOPLE.gradya), { startDateTime: past, lifetimeInMinutes: 60, isUsableOnce: true });
      assert.deepEqual(
        [refused.status, refused.body.error.code, refused.body.error.message],
        [400, 'badRequest', 'Invalid StartDateTime specified. It can not be a time in the past.'],
      );
      assert.deepEqual((await call('GET', taps(PEOPLE.gradya))).body.value, methodsBefore, 'nothing was created or replaced');
      const justNow = new Date(Date.now() - 5_000).toISOString();
      const skewed = await call('POST', taps(PEOPLE.gradya), { startDateTime: justNow, lifetimeInMinutes: 60, isUsableOnce: true });
      assert.equal(skewed.status, 201, 'a start seconds ago is clock skew, not the past');
    });

    it('refuses Pradeep (excluded by the policy) and Emily (external guest); Cameron (internal guest) and Diego (disabled) get one', async () => {
      const pradeep = await call('POST', taps(PEOPLE.pradeepg), {});
      assert.deepEqual([pradeep.status, pradeep.body.error.code, pradeep.body.error.message], [400, 'badRequest', CONVERGED]);
      const emily = await call('POST', taps(encodeURIComponent('emily_fabrikam.com#EXT#@contoso.onmicrosoft.com')), {});
      assert.deepEqual([emily.status, emily.body.error.message], [400, 'Temporary Access Pass cannot be added to an external guest user.']);
      assert.equal((await call('POST', taps(PEOPLE.cameronw), {})).status, 201);
      // Graph lets an admin give a disabled account a pass; sign-in still fails (50057).
      assert.equal((await call('POST', taps(PEOPLE.diegos), {})).status, 201);
    });

    it('Nestor (restricted-management unit) cannot be managed by an application: 403', async () => {
      for (const [method, url] of [
        ['POST', taps(PEOPLE.nestorw)],
        ['DELETE', `${taps(PEOPLE.nestorw)}/00000000-0000-0000-0000-000000000000`],
      ] as const) {
        const { status, body } = await call(method, url, method === 'POST' ? {} : undefined);
        assert.deepEqual(
          [status, body.error.code, body.error.message],
          [403, 'Authorization_RequestDenied', 'Insufficient privileges to complete the operation.'],
        );
      }
      assert.equal((await call('GET', taps(PEOPLE.nestorw))).status, 200, 'reading is not managing');
    });

    it('refuses an unknown user (404) and malformed bodies (400)', async () => {
      assert.equal((await call('POST', taps('nobody@contoso.com'), {})).status, 404);
      for (const body of [
        { lifetimeInMinutes: '60' },
        { isUsableOnce: 'yes' },
        { startDateTime: 'tomorrow' },
        { temporaryAccessPass: 'chosen' },
        [1],
      ]) {
        const answer = await call('POST', taps(PEOPLE.lynner), body);
        assert.deepEqual([answer.status, answer.body.error.code], [400, 'BadRequest'], JSON.stringify(body));
      }
      const notJson = await fetch(`${emulator.graphUrl}${taps(PEOPLE.lynner)}`, {
        method: 'POST',
        headers: { authorization: await tokenHeader() },
        body: '{',
      });
      assert.equal(notJson.status, 400);
    });
  });

  describe('deleting', () => {
    it('204, then the pass is gone (404 on a second delete)', async () => {
      const created = (await call('POST', taps(PEOPLE.lynner), {})).body;
      const before = emulator.stats().tapDeletes;
      const deleted = await call('DELETE', `${taps(PEOPLE.lynner)}/${created.id}`);
      assert.deepEqual([deleted.status, deleted.body], [204, null]);
      assert.deepEqual((await call('GET', taps(PEOPLE.lynner))).body.value, []);
      assert.equal((await call('DELETE', `${taps(PEOPLE.lynner)}/${created.id}`)).status, 404);
      assert.equal(emulator.stats().tapDeletes, before + 1);
    });
  });

  describe('pass values', () => {
    it('never reach the request log, the log callback or the stats endpoint', async () => {
      const created = (await call('POST', taps(PEOPLE.meganb), {})).body.temporaryAccessPass as string;
      const stats = await (await fetch(`${emulator.baseUrl}/_emulator/stats`)).text();
      for (const value of emulator.issuedPassValues()) {
        assert.ok(!JSON.stringify(emulator.stats()).includes(value));
        assert.ok(!JSON.stringify(logLines).includes(value));
        assert.ok(!stats.includes(value));
      }
      assert.ok(emulator.issuedPassValues().includes(created));
      assert.equal((await fetch(`${emulator.baseUrl}/_emulator/issued-passes`)).status, 404, 'not served unless asked for at start');
    });
  });

  async function tokenHeader(): Promise<string> {
    const response = await fetch(emulator.tokenUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        grant_type: 'client_credentials',
        client_id: emulator.clientId,
        client_secret: emulator.clientSecret,
        scope: 'https://graph.microsoft.com/.default',
      }),
    });
    return `Bearer ${((await response.json()) as any).access_token as string}`;
  }
});

describe('emulated Graph: TAP permissions and policy changes', function () {
  this.timeout(30_000);
  const apps = [
    {
      appId: '00000000-0000-4000-8000-0000000000a1',
      clientSecret: 'tap-read',
      grantedApplicationPermissions: ['UserAuthMethod-TAP.Read.All'],
    },
    {
      appId: '00000000-0000-4000-8000-0000000000a2',
      clientSecret: 'methods-write',
      grantedApplicationPermissions: ['UserAuthenticationMethod.ReadWrite.All'],
    },
    { appId: '00000000-0000-4000-8000-0000000000a3', clientSecret: 'users-only', grantedApplicationPermissions: ['User.Read.All'] },
  ];

  it('accepts the permissions Graph accepts for each TAP call, and refuses the others with 403', async () => {
    const emulator = await startTestEmulator({ seed: contosoWith((s) => s.applications.push(...apps)) });
    try {
      const [read, write, users] = await Promise.all(apps.map((a) => graphCaller(emulator, a.appId, a.clientSecret)));
      assert.equal((await read!('GET', taps(PEOPLE.lidiah))).status, 200);
      assert.equal((await read!('POST', taps(PEOPLE.alexw), {})).status, 403);
      assert.equal(
        (await read!('GET', `/users/${PEOPLE.alexw}/authentication/methods`)).status,
        403,
        'all methods need UserAuthenticationMethod.*',
      );
      assert.equal((await write!('POST', taps(PEOPLE.alexw), {})).status, 201);
      assert.equal((await write!('GET', `/users/${PEOPLE.alexw}/authentication/methods`)).status, 200);
      const denied = await users!('GET', taps(PEOPLE.lidiah));
      assert.deepEqual([denied.status, denied.body.error.code], [403, 'Authorization_RequestDenied']);
      assert.equal((await users!('GET', `/users/${PEOPLE.alexw}`)).status, 200);
      assert.equal(
        (await users!('GET', `/users/${PEOPLE.alexw}?$select=signInActivity`)).status,
        403,
        'signInActivity needs AuditLog.Read.All',
      );
    } finally {
      await emulator.close();
    }
  });

  it('a disabled policy refuses every create and disables existing passes', async () => {
    const emulator = await startTestEmulator({
      seed: contosoWith((s) => (s.authenticationMethodsPolicy.authenticationMethodConfigurations[0].state = 'disabled')),
    });
    try {
      const call = await graphCaller(emulator);
      const created = await call('POST', taps(PEOPLE.alexw), {});
      assert.deepEqual([created.status, created.body.error.message], [400, CONVERGED]);
      const lidia = (await call('GET', taps(PEOPLE.lidiah))).body.value[0];
      assert.deepEqual([lidia.isUsable, lidia.methodUsabilityReason], [false, 'DisabledByPolicy']);
      assert.equal(
        (await call('GET', '/policies/authenticationMethodsPolicy/authenticationMethodConfigurations/TEMPORARYACCESSPASS')).body.state,
        'disabled',
      );
    } finally {
      await emulator.close();
    }
  });
});
