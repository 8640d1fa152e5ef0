// $batch (20 max, dependsOn → 424, per-request status, each inner request through the same router)
// and fault injection (latency, 429 + Retry-After, 503, drop-after-write, timeout, the TAP write
// bucket), set in-process and over HTTP, with the stats and request log they leave.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import type { Emulator } from '../../harness/emulator';
import { CONTOSO, type GraphCall, graphCaller, requestToken, startTestEmulator } from '../../support/emulator';
import { PEOPLE } from './contoso-people';

/* eslint-disable @typescript-eslint/no-explicit-any -- Graph JSON */
const taps = (user: string) => `/users/${user}/authentication/temporaryAccessPassMethods`;
const JSON_HEADERS = { 'Content-Type': 'application/json' };
const byId = (body: any): Record<string, any> => Object.fromEntries(body.responses.map((r: any) => [r.id, r]));
const ISSUABLE = [
  PEOPLE.alexw,
  PEOPLE.meganb,
  PEOPLE.adelev,
  PEOPLE.leeg,
  PEOPLE.pattif,
  PEOPLE.jonis,
  PEOPLE.gradya,
  PEOPLE.lynner,
  PEOPLE.henriettam,
  PEOPLE.diegos,
  PEOPLE.irvins,
  PEOPLE.miriamg,
];

describe('emulated Graph: $batch', function () {
  this.timeout(30_000);
  let emulator: Emulator;
  let call: GraphCall;

  before(async () => {
    const seed = JSON.parse(readFileSync(CONTOSO, 'utf8'));
    seed.applications.push({
      appId: '00000000-0000-4000-8000-0000000000b1',
      clientSecret: 'users-only',
      grantedApplicationPermissions: ['User.Read.All'],
    });
    emulator = await startTestEmulator({ seed });
    call = await graphCaller(emulator);
  });
  after(async () => {
    await emulator?.close();
  });

  it('takes at most 20 requests with unique ids (case-insensitive)', async () => {
    const reads = (n: number) =>
      Array.from({ length: n }, (_, i) => ({ id: `r${i}`, method: 'GET', url: `/users/${ISSUABLE[i % ISSUABLE.length]}?$select=id` }));
    const twenty = await call('POST', '/$batch', { requests: reads(20) });
    assert.equal(twenty.status, 200);
    assert.equal(twenty.body.responses.length, 20);
    assert.ok(twenty.body.responses.every((r: any) => r.status === 200));
    const tooMany = await call('POST', '/$batch', { requests: reads(21) });
    assert.deepEqual([tooMany.status, tooMany.body.error.code], [400, 'BadRequest']);
    const duplicate = await call('POST', '/$batch', {
      requests: [
        { id: 'a', method: 'GET', url: '/users' },
        { id: 'A', method: 'GET', url: '/users' },
      ],
    });
    assert.equal(duplicate.status, 400);
    assert.equal((await call('POST', '/$batch', { nope: [] })).status, 400);
  });

  it('answers each request with its own status, headers and body; a failed dependency gives 424', async () => {
    const { status, body } = await call('POST', '/$batch', {
      requests: [
        { id: 'user', method: 'GET', url: `/users/${PEOPLE.alexw}?$select=id,displayName` },
        { id: 'missing', method: 'GET', url: '/users/nobody@contoso.com' },
        { id: 'after-missing', method: 'GET', url: `/users/${PEOPLE.alexw}/manager`, dependsOn: ['missing'] },
        { id: 'chained', method: 'GET', url: `/users/${PEOPLE.alexw}`, dependsOn: ['after-missing'] },
        { id: 'create', method: 'POST', url: taps(PEOPLE.gradya), body: {}, headers: JSON_HEADERS },
        { id: 'read-created', method: 'GET', url: taps(PEOPLE.gradya), dependsOn: ['create'] },
        { id: 'restricted', method: 'POST', url: taps(PEOPLE.nestorw), body: {}, headers: JSON_HEADERS },
      ],
    });
    assert.equal(status, 200);
    const r = byId(body);
    assert.deepEqual(Object.fromEntries(Object.entries(r).map(([id, v]) => [id, v.status])), {
      user: 200,
      missing: 404,
      'after-missing': 424,
      chained: 424,
      create: 201,
      'read-created': 200,
      restricted: 403,
    });
    assert.equal(r.user.body.displayName, 'Alex Wilber');
    assert.match(r.user.headers['Content-Type'], /^application\/json/);
    assert.equal(r.missing.body.error.code, 'Request_ResourceNotFound');
    assert.equal(r['after-missing'].body.error.code, 'FailedDependency');
    assert.equal(r['read-created'].body.value[0].id, r.create.body.id, 'dependsOn runs after its dependency');
    assert.equal(r['read-created'].body.value[0].temporaryAccessPass, null);
    assert.ok(emulator.issuedPassValues().includes(r.create.body.temporaryAccessPass));
  });

  it('checks each inner request against the token’s permissions', async () => {
    const narrow = await graphCaller(emulator, '00000000-0000-4000-8000-0000000000b1', 'users-only');
    const { body } = await narrow('POST', '/$batch', {
      requests: [
        { id: '1', method: 'GET', url: `/users/${PEOPLE.alexw}` },
        { id: '2', method: 'GET', url: taps(PEOPLE.lidiah) },
      ],
    });
    assert.deepEqual(
      [byId(body)['1'].status, byId(body)['2'].status, byId(body)['2'].body.error.code],
      [200, 403, 'Authorization_RequestDenied'],
    );
    const anonymous = await fetch(`${emulator.graphUrl}/$batch`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ requests: [{ id: '1', method: 'GET', url: '/users' }] }),
    });
    assert.equal(anonymous.status, 401);
  });

  it('logs every inner request with the batch id, as the outer POST /$batch is', async () => {
    const from = emulator.stats().log.length;
    await call('POST', '/$batch', {
      requests: [
        { id: '1', method: 'GET', url: `/users/${PEOPLE.alexw}` },
        { id: '2', method: 'GET', url: '/identity/conditionalAccess/policies' },
      ],
    });
    const entries = emulator.stats().log.slice(from);
    assert.equal(entries.length, 3);
    assert.equal(new Set(entries.map((e) => e.batchId)).size, 1);
    assert.deepEqual(entries.map((e) => e.route).sort(), ['GET /identity/conditionalAccess/policies', 'GET /users/{id}', 'POST /$batch']);
  });
});

describe('emulated Graph: fault injection and stats', function () {
  this.timeout(60_000);
  let emulator: Emulator;
  let call: GraphCall;

  beforeEach(async () => {
    emulator = await startTestEmulator({ exposeIssuedPasses: true });
    call = await graphCaller(emulator);
  });
  afterEach(async () => {
    await emulator?.close();
  });

  it('adds latency to every Graph request, and to each inner request of a batch (which run concurrently)', async () => {
    emulator.faults.set({ latencyMs: 200 });
    let started = Date.now();
    assert.equal((await call('GET', `/users/${PEOPLE.alexw}`)).status, 200);
    assert.ok(Date.now() - started >= 195, 'one request waits');
    started = Date.now();
    const requests = ISSUABLE.slice(0, 5).map((u, i) => ({ id: String(i), method: 'GET', url: `/users/${u}` }));
    await call('POST', '/$batch', { requests });
    const took = Date.now() - started;
    assert.ok(took >= 195 && took < 600, `five independent inner requests wait together (${took} ms)`);
    started = Date.now();
    await call('POST', '/$batch', { requests: [requests[0], { ...requests[1], dependsOn: ['0'] }] });
    assert.ok(Date.now() - started >= 395, 'a dependent request waits after its dependency');
  });

  it('adds the token latency to the token endpoint and the token service only, and Graph latency to Graph only', async () => {
    emulator.faults.set({ tokenLatencyMs: 200 });
    let started = Date.now();
    assert.equal((await requestToken(emulator, emulator.clientId, emulator.clientSecret)).status, 200);
    assert.ok(Date.now() - started >= 195, 'the token endpoint waits');
    started = Date.now();
    const signInUrl = await fetch(`${emulator.baseUrl}/api/botsignin/GetSignInUrl?state=e30`);
    await signInUrl.text();
    assert.ok(Date.now() - started >= 195, 'the Bot Framework token service waits');
    started = Date.now();
    assert.equal((await call('GET', `/users/${PEOPLE.alexw}`)).status, 200);
    assert.ok(Date.now() - started < 150, 'Graph does not wait for the token latency');
    emulator.faults.set({ tokenLatencyMs: 0, latencyMs: 200 });
    started = Date.now();
    assert.equal((await requestToken(emulator, emulator.clientId, emulator.clientSecret)).status, 200);
    assert.ok(Date.now() - started < 150, 'the token endpoint does not wait for the Graph latency');
  });

  it('429 with Retry-After (and the documented body), then the request goes through', async () => {
    emulator.faults.set({ rules: [{ method: 'GET', path: '^/users/[^/]+$', kind: 'status429', retryAfterSeconds: 3, times: 2 }] });
    for (let i = 0; i < 2; i += 1) {
      const throttled = await call('GET', `/users/${PEOPLE.alexw}`);
      assert.equal(throttled.status, 429);
      assert.equal(throttled.headers.get('retry-after'), '3');
      assert.deepEqual(
        [throttled.body.error.code, throttled.body.error.innerError.code, throttled.body.error.innerError.status],
        ['TooManyRequests', '429', '429'],
      );
    }
    assert.equal((await call('GET', `/users/${PEOPLE.alexw}`)).status, 200);
    assert.equal((await call('GET', `/users/${PEOPLE.alexw}/manager`)).status, 404, 'the rule matched only its path');
  });

  it('Identity Protection and Conditional Access throttle without Retry-After, as Graph does', async () => {
    emulator.faults.set({ rules: [{ kind: 'status429', path: '^/identityProtection/|^/identity/conditionalAccess/' }] });
    const risky = await call('GET', `/identityProtection/riskyUsers/${PEOPLE.irvins}`);
    assert.deepEqual([risky.status, risky.headers.get('retry-after')], [429, null]);
    const users = await call('GET', '/users?$top=1');
    assert.equal(users.status, 200);
  });

  it('503 is not applied; inside a batch faults become inner statuses', async () => {
    emulator.faults.set({ rules: [{ method: 'POST', path: 'temporaryAccessPassMethods$', kind: 'status503', times: 1 }] });
    const failed = await call('POST', taps(PEOPLE.alexw), {});
    assert.deepEqual([failed.status, failed.body.error.code], [503, 'serviceNotAvailable']);
    assert.deepEqual((await call('GET', taps(PEOPLE.alexw))).body.value, [], 'nothing was created');
    emulator.faults.set({
      rules: [
        { path: '/transitiveMemberOf$', kind: 'status429', retryAfterSeconds: 0.2 },
        { path: '/manager$', kind: 'status503' },
      ],
    });
    const { body } = await call('POST', '/$batch', {
      requests: [
        { id: 'member', method: 'GET', url: `/users/${PEOPLE.alexw}/transitiveMemberOf` },
        { id: 'manager', method: 'GET', url: `/users/${PEOPLE.christiec}/manager` },
        { id: 'user', method: 'GET', url: `/users/${PEOPLE.alexw}` },
      ],
    });
    const r = byId(body);
    assert.deepEqual([r.member.status, r.member.headers['Retry-After'], r.manager.status, r.user.status], [429, '0.2', 503, 200]);
  });

  it('drop-after-write applies the create, then closes the connection without an answer', async () => {
    emulator.faults.set({ rules: [{ method: 'POST', path: 'temporaryAccessPassMethods$', kind: 'drop-after-write', times: 1 }] });
    await assert.rejects(() => call('POST', taps(PEOPLE.alexw), {}));
    const list = (await call('GET', taps(PEOPLE.alexw))).body.value;
    assert.equal(list.length, 1, 'the write happened');
    assert.equal(emulator.stats().tapCreates, 1);
    assert.equal(emulator.issuedPassValues().length, 1);
    assert.equal((await call('POST', taps(PEOPLE.alexw), {})).status, 201, 'the rule was used up');
  });

  it('drop-after-write inside a batch drops the whole batch answer, after the write', async () => {
    emulator.faults.set({ rules: [{ method: 'POST', path: 'temporaryAccessPassMethods$', kind: 'drop-after-write', times: 1 }] });
    await assert.rejects(() =>
      call('POST', '/$batch', { requests: [{ id: '1', method: 'POST', url: taps(PEOPLE.meganb), body: {}, headers: JSON_HEADERS }] }),
    );
    assert.equal((await call('GET', taps(PEOPLE.meganb))).body.value.length, 1);
  });

  it('timeout: the client gives up, the request is in flight, and close() still ends promptly', async () => {
    emulator.faults.set({ rules: [{ method: 'GET', path: '^/users$', kind: 'timeout' }] });
    const token = (await (
      await fetch(emulator.tokenUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({
          grant_type: 'client_credentials',
          client_id: emulator.clientId,
          client_secret: emulator.clientSecret,
          scope: 'https://graph.microsoft.com/.default',
        }),
      })
    ).json()) as any;
    const hung = fetch(`${emulator.graphUrl}/users`, {
      headers: { authorization: `Bearer ${token.access_token}` },
      signal: AbortSignal.timeout(300),
    });
    await assert.rejects(hung, /aborted|timeout/i);
    assert.deepEqual(
      emulator.stats().inFlight.map((r) => `${r.method} ${r.path}`),
      ['GET /users'],
    );
    const pending = fetch(`${emulator.graphUrl}/users`, { headers: { authorization: `Bearer ${token.access_token}` } }).catch(
      () => 'closed',
    );
    const started = Date.now();
    await emulator.close();
    assert.equal(await pending, 'closed');
    assert.ok(Date.now() - started < 2000);
  });

  it('tapWriteRatePerSecond: excess creates get 429 with Retry-After; waiting that long lets the next through', async () => {
    emulator.faults.set({ tapWriteRatePerSecond: 5 });
    const answers = await Promise.all(Array.from({ length: 12 }, (_, i) => call('POST', taps(ISSUABLE[i] as string), {})));
    const created = answers.filter((a) => a.status === 201).length;
    const throttled = answers.filter((a) => a.status === 429);
    assert.ok(created >= 5 && created <= 6, `about one second's worth went through (${created})`);
    assert.equal(created + throttled.length, 12);
    const retryAfter = Number(throttled[0]!.headers.get('retry-after'));
    assert.ok(retryAfter > 0 && retryAfter <= 0.2, `Retry-After ${retryAfter}`);
    await new Promise((resolve) => setTimeout(resolve, retryAfter * 1000 + 20));
    assert.equal((await call('POST', taps(PEOPLE.alexw), {})).status, 201);
    assert.equal((await call('GET', `/users/${PEOPLE.alexw}`)).status, 200, 'reads are not limited');
  });

  it('faults and stats over HTTP; issued passes only when exposed', async () => {
    const control = (method: string, what: string, body?: unknown) =>
      fetch(`${emulator.baseUrl}/_emulator/${what}`, {
        method,
        headers: { 'content-type': 'application/json' },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
    const set = await control('POST', 'faults', { rules: [{ method: 'GET', path: '^/users/', kind: 'status503', times: 1 }] });
    assert.equal(set.status, 200);
    assert.equal((await call('GET', `/users/${PEOPLE.alexw}`)).status, 503);
    assert.equal((await call('GET', `/users/${PEOPLE.alexw}`)).status, 200);
    const invalid = await control('POST', 'faults', { rules: [{ kind: 'explode' }] });
    assert.equal(invalid.status, 400);
    assert.match(((await invalid.json()) as any).error.message, /kind must be one of/);
    await control('POST', 'faults', { latencyMs: 50 });
    assert.deepEqual(((await (await control('GET', 'faults')).json()) as any).latencyMs, 50);
    assert.equal((await control('DELETE', 'faults')).status, 204);
    assert.deepEqual(emulator.faults.current(), { rules: [] });

    const created = (await call('POST', taps(PEOPLE.alexw), {})).body.temporaryAccessPass;
    const stats = (await (await control('GET', 'stats')).json()) as any;
    assert.equal(stats.tapCreates, 1);
    assert.equal(stats.byRoute['POST /users/{id}/authentication/temporaryAccessPassMethods'], 1);
    assert.equal(stats.requests, 3, 'two reads and the create');
    assert.equal(stats.log.length, stats.requests);
    assert.deepEqual((await (await control('GET', 'issued-passes')).json()) as any, [created]);
    assert.equal((await control('DELETE', 'stats')).status, 204);
    assert.equal(emulator.stats().requests, 0);
  });

  it('counts requests per route, statuses, tokens and the highest concurrency', async () => {
    emulator.faults.set({ latencyMs: 100 });
    await Promise.all(Array.from({ length: 30 }, (_, i) => call('GET', `/users/${ISSUABLE[i % ISSUABLE.length]}`)));
    await call('GET', '/users/nobody@contoso.com');
    const stats = emulator.stats();
    assert.equal(stats.byRoute['GET /users/{id}'], 31);
    assert.equal(stats.byStatus['404'], 1);
    assert.ok(stats.maxConcurrency >= 20, `max concurrency ${stats.maxConcurrency}`);
    assert.ok(stats.tokensIssued >= 1);
    const entry = stats.log.at(-1)!;
    assert.deepEqual([entry.method, entry.path, entry.route, entry.status], ['GET', '/users/nobody@contoso.com', 'GET /users/{id}', 404]);
    assert.ok(entry.end - entry.start >= 95);
    assert.deepEqual(stats.inFlight, []);
  });

  it('serves 1,000 TAP creates at 50 concurrent requests in a few seconds', async () => {
    const started = Date.now();
    let next = 0;
    const worker = async () => {
      while (next < 1000) {
        const i = next++;
        const answer = await call('POST', taps(ISSUABLE[i % ISSUABLE.length] as string), {});
        assert.equal(answer.status, 201);
      }
    };
    await Promise.all(Array.from({ length: 50 }, worker));
    const took = Date.now() - started;
    assert.equal(emulator.stats().tapCreates, 1000);
    assert.equal(new Set(emulator.issuedPassValues()).size, 1000);
    assert.ok(took < 15_000, `took ${took} ms`);
  });
});
