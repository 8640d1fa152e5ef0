// Issue 21, items 5 and 6: a pass is never lost on screen. Teams shows the clicker whichever invoke
// answer lands last, so a second Approve from the approver whose create is in flight (double click,
// re-delivered invoke) is answered with a message that leaves their card alone, in both delivery
// orders and on either of two bot processes; and an approve arriving as a message activity (the
// Action.Submit shape) creates nothing. The emulator's request log is the witness for creates.
import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { startStack, type Stack } from '../../support/stack';
import { type BotAnswer, TeamsClient, cardOf, textOf } from '../../support/teams-client';
import { approve, fileRequest, passIn, tapCreates } from './journey';

const MESSAGE = 'application/vnd.microsoft.activity.message';

/** A Bot Connector whose card updates (PUT) each take `delayMs`, as under 429 + Retry-After. */
async function startSlowConnector(delayMs: number) {
  const done: Array<{ body: string; doneAt: number }> = [];
  let next = 1;
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      const answer = () => {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ id: `slow-${next++}` }));
        if (req.method === 'PUT') done.push({ body, doneAt: Date.now() });
      };
      if (req.method === 'PUT') setTimeout(answer, delayMs);
      else answer();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/`,
    async updated(match: (body: string) => boolean, timeoutMs: number) {
      const until = Date.now() + timeoutMs;
      for (;;) {
        const found = done.find((d) => match(d.body));
        if (found) return found;
        if (Date.now() > until) throw new Error('no card update arrived');
        await new Promise((r) => setTimeout(r, 50));
      }
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** The clicker's card as Teams shows it after these answers, in the order they landed: a message answer changes nothing. */
function screenAfter(answers: BotAnswer[]): Record<string, unknown> | null {
  let view: Record<string, unknown> | null = null;
  for (const answer of answers) {
    const body = answer.body as { type?: string } | null;
    if (body?.type !== MESSAGE) view = cardOf(answer);
  }
  return view;
}

function isMessage(answer: BotAnswer): boolean {
  const body = answer.body as { statusCode?: number; type?: string; value?: unknown } | null;
  return answer.status === 200 && body?.statusCode === 200 && body.type === MESSAGE && typeof body.value === 'string';
}

/** TAP creates that reached the emulator (429s included), from its request log. */
function createAttempts(stack: Stack): number {
  return stack.emulator.stats().log.filter((e) => e.route.startsWith('POST') && e.route.includes('temporaryAccessPassMethods')).length;
}

/** Holds the create in flight: Graph answers the first create 429 with Retry-After, the client retries after it. */
function slowNextCreate(stack: Stack, seconds = 1): void {
  stack.emulator.faults.set({
    rules: [{ method: 'POST', path: 'temporaryAccessPassMethods$', kind: 'status429', retryAfterSeconds: seconds, times: 1 }],
  });
}

async function untilCreateStarted(stack: Stack, attempts: number): Promise<void> {
  for (let i = 0; i < 200 && createAttempts(stack) <= attempts; i += 1) await new Promise((r) => setTimeout(r, 10));
  assert.ok(createAttempts(stack) > attempts, 'the first create reached Graph');
}

describe('a pass is never lost on screen', function () {
  this.timeout(90_000);
  let stack: Stack;
  let other: TeamsClient;

  before(async () => {
    stack = await startStack({ childBots: 1, env: { RATE_LIMIT_PER_REQUESTER: '100', RATE_LIMIT_PER_TARGET: '100' } });
    other = stack.children[0]!.client;
  });
  afterEach(() => stack.emulator.faults.clear());
  after(async () => {
    await stack?.close();
  });

  it('double click, the second answered first (create in flight): a message, then the pass; one pass', async () => {
    const { client, people } = stack;
    const requestId = await fileRequest(client, people.alexw!);
    const creates = tapCreates(stack);
    const attempts = createAttempts(stack);
    slowNextCreate(stack);
    const landed: BotAnswer[] = [];
    const first = approve(client, people.meganb!, requestId).then((a) => (landed.push(a), a));
    await untilCreateStarted(stack, attempts);
    const second = await approve(client, people.meganb!, requestId);
    landed.push(second);
    assert.ok(isMessage(second), `the second click is answered with a message, got ${JSON.stringify(second.body).slice(0, 200)}`);
    assert.equal(landed.length, 1, 'the second answer landed before the first');
    await first;
    const view = screenAfter(landed);
    assert.ok(view && passIn(view), "the approver's last view holds the pass");
    assert.equal(tapCreates(stack), creates + 1, 'one pass');
  });

  it('double click, the second answered after the first (re-delivered invoke): the pass stays on the card; one pass', async () => {
    const { client, people } = stack;
    const requestId = await fileRequest(client, people.gradya!);
    const creates = tapCreates(stack);
    const first = await approve(client, people.meganb!, requestId);
    assert.ok(passIn(cardOf(first)));
    const second = await approve(client, people.meganb!, requestId);
    assert.ok(isMessage(second), JSON.stringify(second.body).slice(0, 200));
    assert.ok(passIn(screenAfter([first, second])!), "the approver's last view holds the pass");
    // On the other instance too: the request row says the pass is on Megan's screen.
    const elsewhere = await approve(other, people.meganb!, requestId);
    assert.ok(isMessage(elsewhere), JSON.stringify(elsewhere.body).slice(0, 200));
    assert.equal(tapCreates(stack), creates + 1);
  });

  it('the second click lands on the other bot process while the create is in flight: the row says "issuing by Megan"', async () => {
    const { client, people } = stack;
    const requestId = await fileRequest(client, people.christiec!);
    const creates = tapCreates(stack);
    const attempts = createAttempts(stack);
    slowNextCreate(stack);
    const landed: BotAnswer[] = [];
    const first = approve(client, people.meganb!, requestId).then((a) => (landed.push(a), a));
    await untilCreateStarted(stack, attempts);
    const second = await approve(other, people.meganb!, requestId);
    landed.push(second);
    assert.ok(isMessage(second), JSON.stringify(second.body).slice(0, 200));
    await first;
    assert.ok(passIn(screenAfter(landed)!));
    assert.equal(tapCreates(stack), creates + 1);
  });

  it('another approver clicking meanwhile gets the read-only card (their screen never held the pass)', async () => {
    const { client, people } = stack;
    const requestId = await fileRequest(client, people.lynner!);
    const attempts = createAttempts(stack);
    slowNextCreate(stack, 0.5);
    const first = approve(client, people.meganb!, requestId);
    await untilCreateStarted(stack, attempts);
    const adele = cardOf(await approve(other, people.adelev!, requestId));
    assert.equal(passIn(adele), null);
    assert.ok(passIn(cardOf(await first)));
  });

  it('the pass goes back first: a slow Bot Connector (Retry-After) on another copy does not hold the answer; that copy is still updated', async () => {
    const { client, people } = stack;
    // Alex's chat is served by a Bot Connector that takes 2.5 s per card update.
    const slow = await startSlowConnector(2_500);
    try {
      const alexsTeams = new TeamsClient(stack.bot.url, slow.url, stack.emulator.tenantId);
      const requestId = await fileRequest(alexsTeams, people.alexw!, { reason: 'onboarding' });
      const started = Date.now();
      const answer = await approve(client, people.meganb!, requestId);
      const answeredIn = Date.now() - started;
      assert.ok(passIn(cardOf(answer)));
      assert.ok(answeredIn < 2_000, `the pass was answered in ${answeredIn} ms, without waiting for the other copies`);
      // Alex's status card (a copy) is still updated, after the answer, and without the pass.
      const update = await slow.updated((body) => body.includes(requestId), 10_000);
      assert.ok(update.doneAt - started >= 2_500);
      assert.ok(!update.body.includes(passIn(cardOf(answer))!));
    } finally {
      await slow.close();
    }
  });

  it('an approve sent as a message activity (Action.Submit) creates nothing and says to open the card', async () => {
    const { client, people, connector } = stack;
    const requestId = await fileRequest(client, people.alexw!, { reason: 'new-device' });
    const attempts = createAttempts(stack);
    const sentBefore = connector.sent.length;
    const answer = await client.post(
      client.activity(people.meganb!, 'channel', {
        type: 'message',
        value: { verb: 'approval.approve', requestId, verification: 'call-back' },
      }),
    );
    assert.ok(answer.status < 300, `accepted: ${answer.status}`);
    const reply = await connector.waitFor(
      (s) => connector.sent.indexOf(s) >= sentBefore && /Open the card to approve/.test(textOf(s.activity)),
    );
    assert.match(textOf(reply.activity), /nothing was issued/);
    assert.equal(createAttempts(stack), attempts, 'the emulator saw no create');
    // Still waiting: the card's own Approve works.
    assert.ok(passIn(cardOf(await approve(client, people.meganb!, requestId))));
  });

  it('a reveal sent as a message activity creates nothing either', async () => {
    const { client, people, connector } = stack;
    const attempts = createAttempts(stack);
    const sentBefore = connector.sent.length;
    await client.post(
      client.activity(people.alexw!, 'personal', { type: 'message', value: { verb: 'pass.reveal', requestId: 'TAP-0001' } }),
    );
    await connector.waitFor((s) => connector.sent.indexOf(s) >= sentBefore && /Open the card to see the pass/.test(textOf(s.activity)));
    assert.equal(createAttempts(stack), attempts);
  });
});

describe('a revealed pass is never lost on screen either (PASS_DELIVERY=requester)', function () {
  this.timeout(60_000);
  let stack: Stack;

  before(async () => {
    stack = await startStack({ env: { PASS_DELIVERY: 'requester' } });
  });
  after(async () => {
    await stack?.close();
  });

  it('Reveal twice, the second while the create is in flight: a message, then the pass; one pass', async () => {
    const { client, people } = stack;
    const requestId = await fileRequest(client, people.alexw!);
    await approve(client, people.meganb!, requestId);
    const creates = tapCreates(stack);
    const attempts = createAttempts(stack);
    slowNextCreate(stack);
    const landed: BotAnswer[] = [];
    const first = client.click(people.alexw!, 'pass.reveal', { requestId }).then((a) => (landed.push(a), a));
    await untilCreateStarted(stack, attempts);
    const second = await client.click(people.alexw!, 'pass.reveal', { requestId });
    landed.push(second);
    assert.ok(isMessage(second), JSON.stringify(second.body).slice(0, 200));
    await first;
    assert.ok(passIn(screenAfter(landed)!), "Alex's last view holds the pass");
    // Re-delivered after the answer: still a message.
    assert.ok(isMessage(await client.click(people.alexw!, 'pass.reveal', { requestId })));
    assert.equal(tapCreates(stack), creates + 1);
    stack.emulator.faults.clear();
  });
});
