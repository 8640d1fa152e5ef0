// Issue 3: the journey works the same with Graph 100 ms away and throttling now and then
// (inner 429s in the facts batch and on the create, each answered with Retry-After).
import assert from 'node:assert/strict';
import { startStack, type Stack } from '../../support/stack';
import { cardOf, textOf } from '../../support/teams-client';
import { approve, fileRequest, passIn, review, submitRequest, tapCreates } from './journey';

describe('request journey with 100 ms Graph latency and injected 429s', function () {
  this.timeout(90_000);
  let stack: Stack;

  before(async () => {
    stack = await startStack({ emulatorLatencyMs: 100 });
  });
  after(async () => {
    await stack?.close();
  });

  it('files, refuses, reviews and issues exactly once despite throttling', async () => {
    const { client, people, emulator } = stack;
    emulator.faults.set({
      latencyMs: 100,
      rules: [
        { method: 'GET', path: '^/users/[^/]+/transitiveMemberOf', kind: 'status429', retryAfterSeconds: 0.2, times: 3 },
        { method: 'POST', path: 'temporaryAccessPassMethods$', kind: 'status429', retryAfterSeconds: 0.3, times: 2 },
      ],
    });
    const refused = await submitRequest(client, people.meganb!, { target: people.diegos!.upn });
    assert.match(textOf(refused), /disabled/);
    const requestId = await fileRequest(client, people.alexw!);
    assert.ok(textOf(cardOf(await review(client, people.meganb!, requestId))).includes('How did you verify'));
    const before = tapCreates(stack);
    const first = cardOf(await approve(client, people.meganb!, requestId));
    assert.ok(passIn(first), textOf(first));
    assert.equal(tapCreates(stack), before + 1);
    const throttled = emulator.stats().log.filter((l) => l.status === 429).length;
    assert.ok(throttled >= 4, `expected the injected 429s to have been answered (${throttled})`);
    // Megan's second click while her pass is on her screen: a message answer, her card (and the pass) left alone.
    const again = (await approve(client, people.meganb!, requestId)).body as { type?: string };
    assert.equal(again.type, 'application/vnd.microsoft.activity.message');
    assert.equal(tapCreates(stack), before + 1);
  });
});
