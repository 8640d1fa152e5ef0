// Issue 24: Teams throttles the Bot Connector (per conversation 7/s, 60 per 30 s, 1,800 an hour; 50/s
// per app) and now and then answers 412/502/504. With the harness connector doing that, 200 requests
// filed and approved at once in one approvals channel, on two bot processes sharing one storage:
// every approval card is posted exactly once, every copy ends up showing the final state, and no
// invoke answer takes longer than 5 s (the outbox sends later; the turn never waits on the throttle).
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startStack, type Stack } from '../../support/stack';
import { cardOf, textOf, type Persona, type TeamsClient } from '../../support/teams-client';
import type { Sent } from '../../support/connector';
import { benchTenant } from '../../bench/support/seed';
import { approve, fileRequest, passIn } from './journey';

const REQUESTS = 200;
const INVOKE_LIMIT_MS = 5_000;
/**
 * People arrive 20 a second: far beyond what Teams lets into one channel (7/s, then 2/s on average),
 * within what two bot processes on this machine answer. (All 200 in the same instant would measure
 * the machine: 24 turns at a time per process, on cores shared with Azurite, the emulator and this test.)
 */
const ARRIVALS_PER_SECOND = 20;

function cardText(sent: Sent): string {
  return textOf(sent.activity.attachments ?? []);
}

describe('a throttling Bot Connector: 200 requests in one approvals channel', function () {
  // 400+ operations in one channel at 60 per 30 s is more than three minutes of sending.
  this.timeout(600_000);
  // The 5 s bound is measured on a machine whose two cores also run Azurite, the emulator and this test: a
  // burst of other work on it (measured: 12 s under a load average of 10) fails it, so it gets one more go.
  // Quiet, the slowest answer is 3-4 s.
  this.retries(1);
  let stack: Stack;
  let hires: Persona[];

  before(async () => {
    const tenant = benchTenant(REQUESTS);
    hires = tenant.newHires;
    const seedPath = path.join(mkdtempSync(path.join(tmpdir(), 'tapdesk-throttle-')), 'seed.json');
    writeFileSync(seedPath, JSON.stringify(tenant.seed));
    stack = await startStack({
      seed: seedPath,
      connector: { throttle: { faultRate: 0.03, seed: 24 } },
      env: { RATE_LIMIT_PER_REQUESTER: '1000', RATE_LIMIT_PER_TARGET: '1000' },
    });
    await stack.startChild();
  });
  after(async () => {
    await stack?.close();
  });

  it('posts every card once, updates every copy, and answers every invoke within 5 s', async () => {
    const { people, connector } = stack;
    const clients: TeamsClient[] = [stack.client, stack.children[0]!.client];
    const approvers = [people.meganb!, people.adelev!];
    const slowest = { ms: 0, what: '' };
    const timed = async <T>(what: string, action: () => Promise<T>): Promise<T> => {
      const t0 = performance.now();
      const result = await action();
      const ms = performance.now() - t0;
      if (ms > slowest.ms) Object.assign(slowest, { ms, what });
      return result;
    };
    const ids = await Promise.all(
      hires.map(async (hire, i) => {
        await new Promise((resolve) => setTimeout(resolve, (i * 1000) / ARRIVALS_PER_SECOND));
        const requestId = await timed('file', () => fileRequest(clients[i % 2]!, hire));
        const answer = cardOf(await timed('approve', () => approve(clients[(i + 1) % 2]!, approvers[i % 2]!, requestId)));
        assert.ok(passIn(answer), `${requestId} shows its pass: ${textOf(answer).slice(0, 300)}`);
        const done = await timed('hand over', () =>
          clients[i % 2]!.click(approvers[i % 2]!, 'pass.handed-over', { requestId }, { where: 'channel' }),
        );
        assert.equal(done.status, 200);
        return requestId;
      }),
    );
    assert.ok(slowest.ms <= INVOKE_LIMIT_MS, `slowest invoke answer: ${slowest.what} in ${Math.round(slowest.ms)} ms`);

    // The outbox empties: everything throttled or refused was sent in the end.
    const deadline = Date.now() + 480_000;
    while ((await stack.bot.outboxPending()) > 0) {
      assert.ok(Date.now() < deadline, `the outbox still holds ${await stack.bot.outboxPending()} entries`);
      await new Promise((resolve) => setTimeout(resolve, 1000));
    }
    assert.ok(connector.stats.throttled > 0, 'the connector throttled (429) at least once');
    assert.ok(connector.stats.faults > 0, 'the connector answered 412/502/504 at least once');

    const channelPosts = connector.sent.filter((s) => s.method === 'POST' && s.conversationId.startsWith('19:approvals'));
    for (const requestId of ids) {
      const posts = channelPosts.filter((s) => cardText(s).includes(requestId));
      assert.equal(posts.length, 1, `${requestId}: one approval card in the channel, got ${posts.length}`);
    }
    // Every card (the channel's and each requester's) shows the final state in its last update.
    const last = new Map<string, Sent>();
    for (const s of connector.sent) if (s.method === 'PUT') last.set(`${s.conversationId}|${s.activityId}`, s);
    const approvalIds = new Set(channelPosts.map((s) => s.activityId));
    for (const posted of channelPosts) {
      const update = last.get(`${posted.conversationId}|${posted.activityId}`);
      assert.ok(update, `the approval card ${posted.activityId} (${cardText(posted).slice(0, 40)}) was updated`);
      assert.match(cardText(update), /Issued/, `approval card ${posted.activityId}: ${cardText(update).slice(0, 200)}`);
    }
    const statusCards = [...last.values()].filter((s) => !approvalIds.has(s.activityId) && !s.conversationId.startsWith('19:approvals'));
    assert.ok(statusCards.length >= REQUESTS, `every requester's status card was updated (${statusCards.length})`);
    for (const card of statusCards) assert.match(cardText(card), /Issued/, cardText(card).slice(0, 200));
    const { posts, puts, throttled, faults } = connector.stats;
    console.log(
      `      connector: ${posts} posts, ${puts} updates, ${throttled} × 429, ${faults} × 412/502/504; slowest invoke ${Math.round(slowest.ms)} ms (${slowest.what})`,
    );
  });
});
