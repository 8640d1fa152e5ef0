// The target's manager confirms in Teams: the 1:1 card reaches the manager the directory names; only their click counts
// (checked against a live read of the manager, never card data); "Not them" holds the request and alerts the help desk.
// Two bot instances on one storage: the answer lives on the request row, so either instance sees it.
import assert from 'node:assert/strict';
import { startStack, type Stack } from '../../support/stack';
import { actionsOf, cardOf, textOf } from '../../support/teams-client';
import { approve, fileRequest, passIn, review, tapCreates } from './journey';

describe('the manager confirms it is really them', function () {
  this.timeout(90_000);
  let stack: Stack;

  before(async () => {
    stack = await startStack({ childBots: 1 });
    // Lee Gu (manager of Miriam and Patti in the demo tenant) has a chat with TAP Desk; Joni (Grady's manager) has not.
    await stack.client.say(stack.people.leeg!, 'hello');
  });
  after(async () => {
    await stack?.close();
  });

  const managerLine = (text: string) => /Manager\n(.*)/.exec(text)?.[1] ?? '';

  it("the manager gets the 1:1 card; a click by anyone else changes nothing; the manager's Confirm shows on the approval card", async () => {
    const { client, people, connector } = stack;
    const requestId = await fileRequest(client, people.meganb!, { target: 'miriamg@contoso.com' });
    const asked = await connector.waitFor((s) => textOf(s.activity).includes('Is this really Miriam Graham asking for a pass?'));
    assert.doesNotMatch(asked.conversationId, /^19:approvals/);
    assert.deepEqual(
      actionsOf(asked.activity).map((a) => a.verb),
      ['identity.confirm', 'identity.not-them'],
    );
    assert.equal(managerLine(textOf(cardOf(await review(client, people.adelev!, requestId)))), 'asked Lee Gu, no answer yet');

    // Megan (who asked) and Miriam herself press Confirm with the same card data: neither is the manager.
    for (const who of [people.meganb!, people.miriamg!]) {
      const refused = textOf(cardOf(await client.click(who, 'identity.confirm', { requestId })));
      assert.match(refused, /Only the person's manager in the directory can answer this/);
    }
    assert.equal(managerLine(textOf(cardOf(await review(client, people.adelev!, requestId)))), 'asked Lee Gu, no answer yet');

    // Lee confirms through the other instance; the first one sees it on the row.
    const child = stack.children[0]!;
    const thanks = textOf(cardOf(await child.client.click(people.leeg!, 'identity.confirm', { requestId })));
    assert.match(thanks, /you confirmed it is them/);
    assert.match(managerLine(textOf(cardOf(await review(client, people.adelev!, requestId)))), /^Confirmed by Lee Gu at /);
    const again = textOf(cardOf(await client.click(people.leeg!, 'identity.confirm', { requestId })));
    assert.match(again, /You already answered/);

    // Evidence is shown, not required (today's behaviour): the approval goes through as before.
    const before = tapCreates(stack);
    assert.ok(passIn(cardOf(await approve(client, people.adelev!, requestId))));
    assert.equal(tapCreates(stack), before + 1);
  });

  it('"Not them" holds the request and alerts the help desk: nobody can approve it, nothing is created', async () => {
    const { client, people, connector } = stack;
    const requestId = await fileRequest(client, people.meganb!, { target: 'pattif@contoso.com' });
    await connector.waitFor((s) => textOf(s.activity).includes('Is this really Patti Fernandez asking for a pass?'));
    const held = textOf(cardOf(await client.click(people.leeg!, 'identity.not-them', { requestId })));
    assert.match(held, /the request is held/);
    const alert = await connector.waitFor((s) => textOf(s.activity).includes(`says it is NOT them asking for a pass in ${requestId}`));
    assert.match(alert.conversationId, /^19:approvals/);

    const reviewed = textOf(cardOf(await review(client, people.adelev!, requestId)));
    assert.match(managerLine(reviewed), /^Lee Gu said it is NOT them .*: the request is held$/);
    assert.ok(!actionsOf(cardOf(await review(client, people.adelev!, requestId))).some((a) => a.verb === 'approval.approve'));
    const before = tapCreates(stack);
    const refused = textOf(cardOf(await approve(client, people.adelev!, requestId)));
    assert.match(refused, /said this is not them, so the request is held/);
    assert.equal(tapCreates(stack), before);
    // A held request is released only by the help desk: the manager's Confirm now changes nothing.
    assert.match(textOf(cardOf(await client.click(people.leeg!, 'identity.confirm', { requestId }))), /You already answered/);
  });

  it('the approval card says when there is no manager, or the manager has no chat with TAP Desk', async () => {
    const { client, people } = stack;
    const own = await fileRequest(client, people.alexw!);
    assert.equal(managerLine(textOf(cardOf(await review(client, people.meganb!, own)))), 'no manager in the directory');
    const grady = await fileRequest(client, people.meganb!, { target: 'gradya@contoso.com' });
    assert.equal(
      managerLine(textOf(cardOf(await review(client, people.adelev!, grady)))),
      'Joni Sherman could not be asked: they have no chat with TAP Desk yet',
    );
  });
});
