// Issue 24: a post Teams refused is never lost. A bot process files requests while the Bot Connector
// answers every send with 412/502/504; the process is killed with its approval cards unsent. Another
// instance on the same storage sends each of them, exactly once, when Teams takes posts again.
import assert from 'node:assert/strict';
import { startStack, type Stack } from '../../support/stack';
import { textOf } from '../../support/teams-client';
import { fileRequest } from './journey';

describe('the outbox after a crash', function () {
  this.timeout(180_000);
  let stack: Stack;

  before(async () => {
    stack = await startStack({ env: { OUTBOX_DRAIN_SECONDS: '1', RATE_LIMIT_PER_REQUESTER: '100', RATE_LIMIT_PER_TARGET: '100' } });
  });
  after(async () => {
    await stack?.close();
  });

  it('approval cards refused by Teams on a killed instance are posted by the other one, once each', async () => {
    const { people, connector } = stack;
    const child = await stack.startChild();
    connector.setThrottle({ faultRate: 1, seed: 7 });
    const ids: string[] = [];
    // Only approval cards go out: nobody's manager here has a chat with TAP Desk (a manager's 1:1 card in flight when
    // the process dies would stay claimed for a minute, longer than this test waits for the outbox to empty).
    for (const who of [people.alexw!, people.gradya!, people.lynner!]) ids.push(await fileRequest(child.client, who));
    while (connector.stats.faults < 2 * ids.length) await new Promise((r) => setTimeout(r, 100));
    // Killed at any point: mid-send its claim runs out (a minute), else the entries are free already.
    child.process.kill('SIGKILL');
    assert.ok((await stack.bot.outboxPending()) >= ids.length, 'the refused posts wait in the outbox');
    connector.setThrottle(null);
    for (const id of ids) await connector.waitFor((s) => s.method === 'POST' && textOf(s.activity.attachments ?? []).includes(id), 90_000);
    const deadline = Date.now() + 30_000;
    while ((await stack.bot.outboxPending()) > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 200));
    assert.equal(await stack.bot.outboxPending(), 0);
    for (const id of ids) {
      const posts = connector.sent.filter(
        (s) => s.method === 'POST' && s.conversationId.startsWith('19:approvals') && textOf(s.activity.attachments ?? []).includes(id),
      );
      assert.equal(posts.length, 1, `${id}: one approval card`);
    }
  });
});
