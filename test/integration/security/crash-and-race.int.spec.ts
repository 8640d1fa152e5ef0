// Issue 4 acceptance: 200 rounds of simultaneous approvals on two bot processes sharing one Azurite
// give exactly 200 creates; and a bot killed (SIGKILL) between Graph's create and the store update
// leaves a request that the next instance settles by reading Graph — never pending, never shown twice.
import assert from 'node:assert/strict';
import { startStack, type Stack } from '../../support/stack';
import { cardOf, textOf } from '../../support/teams-client';
import { createStores } from '../../../src/store/create-stores';
import { approve, fileRequest, passIn, tapCreates } from '../flows/journey';

describe('races and crashes across processes', function () {
  this.timeout(240_000);
  let stack: Stack;

  before(async () => {
    stack = await startStack({ childBots: 1, env: { RATE_LIMIT_PER_REQUESTER: '1000', RATE_LIMIT_PER_TARGET: '1000', LOG_LEVEL: 'warn' } });
  });
  after(async () => {
    await stack?.close();
  });

  it('200 rounds of simultaneous Approve on two processes: 200 issued, exactly 200 creates', async () => {
    const { client, people } = stack;
    const other = stack.children[0]!.client;
    const before = tapCreates(stack);
    let shownTotal = 0;
    for (let round = 0; round < 200; round += 1) {
      const requestId = await fileRequest(round % 2 ? other : client, people.alexw!, { reason: 'new-device' });
      const [a, b] = await Promise.all([approve(client, people.meganb!, requestId), approve(other, people.adelev!, requestId)]);
      const shown = [cardOf(a), cardOf(b)].map(passIn).filter(Boolean).length;
      assert.equal(shown, 1, `round ${round}: the pass is shown exactly once`);
      shownTotal += shown;
    }
    assert.equal(shownTotal, 200);
    assert.equal(tapCreates(stack) - before, 200);
  });

  it('a bot killed between the create and the store update: the next instance settles it by reading Graph', async () => {
    const { people, emulator } = stack;
    const victim = await stack.startChild();
    const requestId = await fileRequest(victim.client, people.debrab!, { reason: 'locked-out' });
    const stores = await createStores({
      connectionString: stack.storageConnectionString,
      accountUrl: null,
      tablePrefix: stack.env.STORAGE_TABLE_PREFIX as string,
    });
    emulator.faults.set({ latencyMs: 2000 });
    const creates = tapCreates(stack);
    const clicked = approve(victim.client, people.adelev!, requestId).catch(() => null);
    const deadline = Date.now() + 20_000;
    // Kill the bot while Graph is holding its create (2 s of latency): the write lands, the answer never does.
    while (!emulator.stats().inFlight.some((r) => r.method === 'POST' && r.path.endsWith('/temporaryAccessPassMethods'))) {
      if (Date.now() > deadline) throw new Error('the create never reached Graph');
      await new Promise((r) => setTimeout(r, 10));
    }
    victim.process.kill('SIGKILL');
    assert.equal(await clicked, null, 'the approver got no answer from the dead bot');
    while (tapCreates(stack) === creates) {
      if (Date.now() > deadline) throw new Error('Graph never received the create');
      await new Promise((r) => setTimeout(r, 20));
    }
    emulator.faults.clear();
    assert.equal((await stores.requests.get(requestId))?.value.status, 'issuing', 'left mid-issue by the crash');

    // Another instance sweeps once the create can no longer be running.
    stack.clock.advance(2);
    await stack.bot.sweepNow();
    stack.clock.reset();
    const settled = (await stores.requests.get(requestId))!.value;
    assert.equal(settled.status, 'failed');
    assert.equal(settled.status === 'failed' && settled.failure.code, 'issue.response-lost');
    const tapDeleted = emulator.stats().log.some((l) => l.method === 'DELETE' && l.path.includes(people.debrab!.id) && l.status === 204);
    assert.ok(tapDeleted, 'the pass nobody saw was deleted');

    // Approving again issues once, and the replay never shows it twice.
    const again = cardOf(await approve(stack.client, people.adelev!, requestId));
    assert.ok(passIn(again), textOf(again));
    const replay = (await approve(stack.client, people.adelev!, requestId)).body as { type?: string };
    assert.equal(replay.type, 'application/vnd.microsoft.activity.message', 'the replay leaves the card with the pass alone');
  });
});
