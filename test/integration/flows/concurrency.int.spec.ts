// SECURITY cases 11–12: two approvers clicking at once on two bot processes sharing one Azurite
// get exactly one Graph create; a replay shows the outcome and writes nothing.
import assert from 'node:assert/strict';
import { startStack, type Stack } from '../../support/stack';
import { cardOf, textOf } from '../../support/teams-client';
import { assertNoPassLeaks } from '../../support/leaks';
import { approve, fileRequest, passIn, tapCreates } from './journey';

describe('two bot instances, one store', function () {
  this.timeout(90_000);
  let stack: Stack;

  before(async () => {
    stack = await startStack({ childBots: 1, env: { RATE_LIMIT_PER_REQUESTER: '100', RATE_LIMIT_PER_TARGET: '100' } });
  });
  after(async () => {
    await stack?.close();
  });

  it('simultaneous approvals on two processes create exactly one pass, shown once', async () => {
    const { client, people } = stack;
    const other = stack.children[0]!.client;
    for (let round = 0; round < 5; round += 1) {
      const requestId = await fileRequest(client, people.alexw!, { reason: 'new-device' });
      const before = tapCreates(stack);
      const [a, b] = await Promise.all([approve(client, people.meganb!, requestId), approve(other, people.adelev!, requestId)]);
      const shown = [cardOf(a), cardOf(b)].map(passIn).filter(Boolean);
      assert.equal(shown.length, 1, `exactly one approver sees the pass (round ${round})`);
      assert.equal(tapCreates(stack), before + 1, `exactly one create (round ${round})`);
    }
  });

  it('a request filed on one instance is approved on the other', async () => {
    const { people } = stack;
    const other = stack.children[0]!.client;
    const requestId = await fileRequest(other, people.gradya!);
    const answer = cardOf(await approve(stack.client, people.meganb!, requestId));
    assert.ok(passIn(answer), textOf(answer));
  });

  it('no pass value reached a log, the store or a sent activity', async () => {
    const result = await assertNoPassLeaks(stack);
    assert.ok(result.passes >= 6);
  });
});
