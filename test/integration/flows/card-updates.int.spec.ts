// Every copy of a request's card shows the outcome: including a status card posted while its pass
// was being created, after the card list had been read for the update (the notifier catches up).
import assert from 'node:assert/strict';
import { startStack, type Stack } from '../../support/stack';
import { cardOf, textOf } from '../../support/teams-client';
import { approve, fileRequest, passIn } from './journey';

describe('card updates around an issue', function () {
  this.timeout(60_000);
  let stack: Stack;

  before(async () => {
    stack = await startStack();
  });
  after(async () => {
    await stack?.close();
  });

  it('a status card posted while Graph creates the pass is brought up to "Issued" too', async () => {
    const { client, people, connector, emulator } = stack;
    const requestId = await fileRequest(client, people.alexw!);
    const chat = client.conversation(people.alexw!, 'personal').id;
    emulator.faults.set({ latencyMs: 400 });
    try {
      const approving = approve(client, people.meganb!, requestId);
      // After the facts batch (≈400 ms), while the create (another ≈400 ms) is in flight.
      await new Promise((resolve) => setTimeout(resolve, 550));
      const count = connector.sent.length;
      assert.equal((await client.say(people.alexw!, `status ${requestId}`)).status, 200);
      const posted = await connector.waitFor((s) => connector.sent.indexOf(s) >= count && s.method === 'POST' && s.conversationId === chat && textOf(s.activity).includes(requestId));
      assert.doesNotMatch(textOf(posted.activity), /Issued/, 'the card was posted before the pass existed');
      const answer = cardOf(await approving);
      assert.ok(passIn(answer), textOf(answer));
      const updated = await connector.waitFor((s) => s.method === 'PUT' && s.activityId === posted.activityId && textOf(s.activity).includes('Issued'));
      assert.ok(updated);
    } finally {
      emulator.faults.set({ latencyMs: 0 });
    }
  });
});
