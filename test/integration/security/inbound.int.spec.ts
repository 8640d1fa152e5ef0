// SECURITY.md cases 13–15: forged or unauthenticated HTTP, other channels and tenants, and
// malformed input. With an app id configured every activity's Bot Framework JWT is checked
// (against a local issuer that signs like the real one); a bad one is 401 and no turn runs.
import assert from 'node:assert/strict';
import { startStack, type Stack } from '../../support/stack';
import { startBfIssuer, type BfIssuer } from '../../support/bf-issuer';
import { cardOf, textOf } from '../../support/teams-client';
import { exportAuditCsv } from '../../support/file-consent';

const APP_ID = '0b7a2c52-6d0b-4b3f-9a8e-2f1d7c0e5a11';

/** A small deterministic generator, so a failing fuzz case can be replayed. */
function seeded(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state * 1664525 + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

describe('inbound requests', function () {
  this.timeout(120_000);
  let issuer: BfIssuer;
  let stack: Stack;

  before(async () => {
    issuer = await startBfIssuer(APP_ID);
    stack = await startStack({
      env: { ...issuer.env(), TAPDESK_MODE: 'production', HOST: '127.0.0.1' },
      clientHeaders: (serviceUrl) => ({ authorization: `Bearer ${issuer.sign({ serviceUrl })}` }),
    });
  });
  after(async () => {
    await stack?.close();
    await issuer?.close();
  });

  it('a properly signed activity is served (the bot replies through an authenticated connector call)', async () => {
    const { client, people, connector } = stack;
    assert.equal((await client.say(people.alexw!, 'help')).status, 200);
    await connector.waitFor((s) => textOf(s.activity).includes('Request a pass'));
  });

  it('13. unauthenticated, bad signature, wrong audience or issuer, expired → 401 and no turn', async () => {
    const { client, people, connector } = stack;
    const serviceUrl = connector.url;
    const cases: Array<[string, Record<string, string>]> = [
      ['no token', { authorization: '' }],
      ['not a JWT', { authorization: 'Bearer nonsense' }],
      ['bad signature', { authorization: `Bearer ${issuer.sign({ serviceUrl, foreignKey: true })}` }],
      ['unknown key id', { authorization: `Bearer ${issuer.sign({ serviceUrl, foreignKey: true, keyId: 'other' })}` }],
      ['wrong audience', { authorization: `Bearer ${issuer.sign({ serviceUrl, audience: '11111111-1111-1111-1111-111111111111' })}` }],
      ['wrong issuer', { authorization: `Bearer ${issuer.sign({ serviceUrl, issuer: 'https://evil.example' })}` }],
      ['expired', { authorization: `Bearer ${issuer.sign({ serviceUrl, expiresInSeconds: -600 })}` }],
      ['serviceUrl claim for another connector', { authorization: `Bearer ${issuer.sign({ serviceUrl: 'https://other.example/' })}` }],
    ];
    for (const [name, headers] of cases) {
      const sentBefore = connector.sent.length;
      const answer = await client.post(client.activity(people.alexw!, 'personal', { type: 'message', text: 'help' }), headers);
      assert.equal(answer.status, 401, `${name}: expected 401, got ${answer.status} ${JSON.stringify(answer.body)}`);
      assert.equal(answer.body, null, `${name}: a 401 carries no detail`);
      await new Promise((r) => setTimeout(r, 100));
      assert.equal(connector.sent.length, sentBefore, `${name}: no turn ran`);
    }
    // An approval click with a forged token reaches nothing either.
    const forged = await client.post(
      client.activity(people.adelev!, 'channel', {
        type: 'invoke',
        name: 'adaptiveCard/action',
        value: { action: { type: 'Action.Execute', verb: 'approval.approve', data: { requestId: 'TAP-0001', verification: 'call-back' } } },
      }),
      { authorization: `Bearer ${issuer.sign({ serviceUrl, foreignKey: true })}` },
    );
    assert.equal(forged.status, 401);
  });

  it('14. another channel or a foreign tenant is refused, and the refusal is audited', async () => {
    const { client, people, connector } = stack;
    const before = connector.sent.length;
    // The signing key is endorsed for msteams only, so another channel fails authentication itself.
    const otherChannel = await client.post({
      ...client.activity(people.alexw!, 'personal', { type: 'message', text: 'help' }),
      channelId: 'webchat',
    });
    assert.equal(otherChannel.status, 401);
    const foreign = client.activity(people.alexw!, 'personal', {
      type: 'invoke',
      name: 'adaptiveCard/action',
      value: { action: { type: 'Action.Execute', verb: 'help', data: {} } },
    });
    (foreign.channelData as { tenant: { id: string } }).tenant.id = '99999999-9999-9999-9999-999999999999';
    (foreign.conversation as { tenantId: string }).tenantId = '99999999-9999-9999-9999-999999999999';
    const refused = await client.post(foreign);
    assert.equal(refused.status, 403);
    await new Promise((r) => setTimeout(r, 100));
    assert.equal(connector.sent.length, before, 'nothing is said to other channels or tenants');
    // The help desk can see the refusals in the audit (as the service desk's Megan).
    const csv = await exportAuditCsv(client, connector, people.meganb!);
    assert.match(csv, /activity\.refused,.*tenant\.foreign/);
  });

  it('15. oversized and malformed bodies, and activities without aadObjectId: 413/400, and the next request is served', async () => {
    const { client, people } = stack;
    const post = (body: string) =>
      fetch(`${stack.bot.url}/api/messages`, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
    assert.equal((await post('x'.repeat(300_000))).status, 413);
    assert.equal((await post('{"type":')).status, 400);
    const noAad = client.activity(people.alexw!, 'personal', { type: 'message', text: 'help' });
    (noAad.from as Record<string, unknown>).aadObjectId = undefined;
    assert.equal((await client.post(noAad)).status, 400);
    assert.equal(cardOf(await client.click(people.alexw!, 'help', {})).type, 'AdaptiveCard');
  });

  it('15. a seeded fuzz of 2,000 malformed activities never crashes the bot', async () => {
    const { client, people } = stack;
    const random = seeded(20261122);
    const pick = <T>(items: T[]): T => items[Math.floor(random() * items.length)] as T;
    const junk = (): unknown =>
      pick<unknown>([
        null,
        0,
        -1,
        1e308,
        '',
        'x'.repeat(Math.floor(random() * 5000)),
        [],
        {},
        { a: { b: [1, { c: null }] } },
        true,
        '\u0000\uffff',
        '${x}',
        '<script>',
        'TAP-0001',
      ]);
    const fields = [
      'type',
      'channelId',
      'serviceUrl',
      'conversation',
      'from',
      'recipient',
      'text',
      'value',
      'name',
      'channelData',
      'replyToId',
      'attachments',
    ];
    const statuses = new Map<number, number>();
    const rejections: unknown[] = [];
    const onRejection = (reason: unknown) => rejections.push(reason);
    process.on('unhandledRejection', onRejection);
    for (let i = 0; i < 2000; i += 1) {
      const base = client.activity(people.alexw!, pick(['personal', 'channel'] as const), {
        type: pick(['message', 'invoke', 'conversationUpdate', 'event', 'typing']),
        name: pick(['adaptiveCard/action', 'composeExtension/query', undefined]),
        text: pick(['help', 'request', 'status TAP-0001', 'cancel TAP-1', 'approvals here', undefined]),
        value: {
          action: {
            type: 'Action.Execute',
            verb: pick(['approval.approve', 'request.submit', 'pass.reveal', 'x']),
            data: { requestId: pick(['TAP-0001', 'TAP-X', 42, null]) },
          },
        },
      });
      const mutations = 1 + Math.floor(random() * 3);
      for (let m = 0; m < mutations; m += 1) {
        const field = pick(fields);
        if (random() < 0.5) (base as Record<string, unknown>)[field] = junk();
        else if (base[field] && typeof base[field] === 'object')
          (base[field] as Record<string, unknown>)[pick(['id', 'aadObjectId', 'tenantId', 'action', 'tenant'])] = junk();
      }
      const answer = await client.post(base);
      statuses.set(answer.status, (statuses.get(answer.status) ?? 0) + 1);
      assert.ok(answer.status < 500 || answer.status === 501, `case ${i}: ${answer.status} for ${JSON.stringify(base).slice(0, 300)}`);
    }
    process.off('unhandledRejection', onRejection);
    assert.deepEqual(rejections, [], 'no unhandled rejection');
    assert.equal((await fetch(`${stack.bot.url}/healthz`)).status, 200);
    assert.equal(cardOf(await client.click(people.alexw!, 'help', {})).type, 'AdaptiveCard');
    assert.ok((statuses.get(400) ?? 0) > 100, `expected many 400s: ${JSON.stringify([...statuses])}`);
  });
});
