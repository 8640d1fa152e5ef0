// The hand-over of a pass, whatever order Teams delivers a turn's card updates and its invoke
// response in: the pass stays on the approver's screen until they press "Handed over" (or a few
// minutes pass), and then every copy of the request says "Issued", for everyone.
import assert from 'node:assert/strict';
import { startStack, type Stack } from '../../support/stack';
import { actionsOf, type Persona, textOf } from '../../support/teams-client';
import { type Delivery, TeamsScreens, messageKey } from '../../support/teams-screens';
import type { Sent } from '../../support/connector';
import { passIn } from './journey';
import { assertNoPassLeaks } from '../../support/leaks';
import { HANDOVER_MINUTES } from '../../../src/domain/request';

interface Scene {
  screens: TeamsScreens;
  requestId: string;
  /** Alex's chat message that shows his request's status. */
  alexCard: string;
  /** The approval card in the approvals channel. */
  channelCard: string;
}

/** Alex asks for a pass for himself; the approval card lands in the channel. */
async function filed(stack: Stack): Promise<Scene> {
  const { client, people, connector } = stack;
  const screens = new TeamsScreens(client, connector);
  await client.say(people.alexw!, 'I lost my phone');
  const alexCard = await screens.messageWhere(
    (card) => textOf(card).includes('Ask for a Temporary Access Pass') && actionsOf(card).some((a) => a.verb === 'request.submit'),
  );
  const { answer } = await screens.click(people.alexw!, alexCard, 'request.submit', {
    reason: 'lost-device',
    lifetime: '60',
    oneTime: 'true',
  });
  const requestId = /(TAP-\d+)/.exec(JSON.stringify(answer.body))?.[1];
  assert.ok(requestId, JSON.stringify(answer.body));
  const channelCard = await screens.messageWhere(
    (card, sent) => sent.conversationId.startsWith('19:approvals') && textOf(card).includes(`${requestId} · Pass`),
  );
  return { screens, requestId, alexCard, channelCard };
}

function sees(scene: Scene, who: Persona, message: string): string {
  return textOf(scene.screens.seenBy(who, message));
}

/** The hand-over time passes with nobody pressing "Handed over": the sweeper runs, and its updates reach the screens. */
async function sweptAfterHandoverTime(stack: Stack, screens: TeamsScreens): Promise<Sent[]> {
  stack.clock.advance(HANDOVER_MINUTES + 1);
  await stack.bot.sweepNow();
  await stack.connector.quiet(150, 3000).catch(() => undefined);
  return screens.deliverUpdates();
}

describe('the pass hand-over survives any delivery order', function () {
  this.timeout(60_000);
  let stack: Stack;

  before(async () => {
    stack = await startStack();
  });
  after(async () => {
    await stack?.close();
  });
  afterEach(() => stack.clock.reset());

  for (const delivery of ['updates-first', 'response-first'] as Delivery[]) {
    it(`${delivery}: Megan keeps the pass until she hands it over; then everyone sees "Issued"`, async () => {
      const { people } = stack;
      const scene = await filed(stack);
      const { screens, requestId, channelCard, alexCard } = scene;
      const megan = people.meganb!;
      const adele = people.adelev!;
      const alex = people.alexw!;

      await screens.click(megan, channelCard, 'approval.refresh', { requestId }, { where: 'channel', delivery });
      const approved = await screens.click(
        megan,
        channelCard,
        'approval.approve',
        { requestId, verification: 'call-back' },
        { where: 'channel', delivery },
      );
      const pass = passIn(screens.seenBy(megan, channelCard) ?? {});
      assert.ok(pass, `Megan sees the pass: ${sees(scene, megan, channelCard)}`);
      assert.ok(
        !approved.updates.some((u) => messageKey(u) === channelCard),
        'the message Megan clicked is not updated while the pass is on her screen',
      );
      assert.match(sees(scene, alex, alexCard), /Being issued by Megan Bowen/, "Alex's own card says who is handing it over");
      assert.doesNotMatch(sees(scene, adele, channelCard), /Issued/, 'the shared card has not changed under anyone');

      // Adele clicks Approve on the card as it still looks to her: her own answer only.
      const late = await screens.click(
        adele,
        channelCard,
        'approval.approve',
        { requestId, verification: 'call-back' },
        { where: 'channel', delivery },
      );
      assert.match(sees(scene, adele, channelCard), /Being issued by Megan Bowen/);
      assert.equal(passIn(screens.seenBy(adele, channelCard) ?? {}), null);
      assert.deepEqual(
        late.updates.map((u) => u.activityId),
        [],
        'a late approve updates no message',
      );
      assert.equal(passIn(screens.seenBy(megan, channelCard) ?? {}), pass, 'the pass is still on Megan’s screen');

      // The sweeper before the hand-over time changes nothing.
      await stack.bot.sweepNow();
      assert.deepEqual(
        screens.deliverUpdates().filter((u) => messageKey(u) === channelCard),
        [],
      );
      assert.equal(passIn(screens.seenBy(megan, channelCard) ?? {}), pass);

      // Only Megan may say it is handed over.
      const stranger = await screens.click(adele, channelCard, 'pass.handed-over', { requestId }, { where: 'channel', delivery });
      assert.deepEqual(stranger.updates, []);
      assert.equal(passIn(screens.seenBy(megan, channelCard) ?? {}), pass);

      const done = await screens.click(megan, channelCard, 'pass.handed-over', { requestId }, { where: 'channel', delivery });
      assert.ok(
        done.updates.some((u) => messageKey(u) === channelCard),
        'the shared card is brought up to date now',
      );
      for (const who of [megan, adele, people.pattif!]) {
        assert.equal(passIn(screens.seenBy(who, channelCard) ?? {}), null);
        assert.match(sees(scene, who, channelCard), /Issued by Megan Bowen/, `${who.name} sees "Issued"`);
      }
      assert.match(sees(scene, alex, alexCard), /Issued\. Megan Bowen has the pass/);
    });
  }

  it('when Megan never presses "Handed over", the sweeper closes the hand-over after a few minutes', async () => {
    const { people } = stack;
    const scene = await filed(stack);
    const { screens, requestId, channelCard } = scene;
    const megan = people.meganb!;
    await screens.click(
      megan,
      channelCard,
      'approval.approve',
      { requestId, verification: 'call-back' },
      { where: 'channel', delivery: 'response-first' },
    );
    assert.ok(passIn(screens.seenBy(megan, channelCard) ?? {}));
    await sweptAfterHandoverTime(stack, screens);
    assert.equal(passIn(screens.seenBy(megan, channelCard) ?? {}), null);
    assert.match(sees(scene, people.adelev!, channelCard), /Issued by Megan Bowen/);
    // Pressing it late is harmless: the card without the pass.
    const late = await screens.click(megan, channelCard, 'pass.handed-over', { requestId }, { where: 'channel' });
    assert.equal(passIn(screens.seenBy(megan, channelCard) ?? {}), null);
    assert.deepEqual(late.updates, []);
  });

  it('no pass value reached a log, the store or a sent activity', async () => {
    const result = await assertNoPassLeaks(stack);
    assert.ok(result.passes >= 3, `expected passes to search for, got ${result.passes}`);
  });
});

describe('the reveal hand-over (PASS_DELIVERY=requester) survives any delivery order', function () {
  this.timeout(60_000);
  let stack: Stack;

  before(async () => {
    stack = await startStack({ env: { PASS_DELIVERY: 'requester' } });
  });
  after(async () => {
    await stack?.close();
  });

  for (const delivery of ['updates-first', 'response-first'] as Delivery[]) {
    it(`${delivery}: Alex keeps his revealed pass until he closes it`, async () => {
      const { people } = stack;
      const scene = await filed(stack);
      const { screens, requestId, channelCard, alexCard } = scene;
      const alex = people.alexw!;
      await screens.click(
        people.meganb!,
        channelCard,
        'approval.approve',
        { requestId, verification: 'call-back' },
        { where: 'channel', delivery },
      );
      assert.match(sees(scene, alex, alexCard), /Reveal my pass|reveal/i);

      const revealed = await screens.click(alex, alexCard, 'pass.reveal', { requestId }, { delivery });
      const pass = passIn(screens.seenBy(alex, alexCard) ?? {});
      assert.ok(pass, sees(scene, alex, alexCard));
      assert.ok(!revealed.updates.some((u) => messageKey(u) === alexCard), "Alex's card is not updated while his pass is on it");
      assert.match(sees(scene, people.adelev!, channelCard), /Being issued to Alex Wilber/);

      const done = await screens.click(alex, alexCard, 'pass.handed-over', { requestId }, { delivery });
      assert.ok(done.updates.some((u) => messageKey(u) === alexCard));
      assert.equal(passIn(screens.seenBy(alex, alexCard) ?? {}), null);
      assert.match(sees(scene, alex, alexCard), /Issued/);
      assert.match(sees(scene, people.adelev!, channelCard), /Issued by Alex Wilber/);
    });
  }
});

/**
 * The pass may land on a message TAP Desk did not post as that request's card: the pending list turned
 * into an approval card, or the help card turned into "My requests". That message must close after the
 * hand-over time like any other, so it is remembered when the pass is shown on it.
 */
describe('a pass shown on a message reached another way still closes after the hand-over time', function () {
  this.timeout(60_000);

  async function closesAfterHandover(stack: Stack, screens: TeamsScreens, holder: Persona, message: string, issued: RegExp) {
    const updates = await sweptAfterHandoverTime(stack, screens);
    assert.ok(
      updates.some((u) => messageKey(u) === message),
      'the message that showed the pass is brought up to date',
    );
    assert.equal(passIn(screens.seenBy(holder, message) ?? {}), null);
    assert.match(textOf(screens.seenBy(holder, message)), issued);
  }

  describe('approved from the pending list (PASS_DELIVERY=approver)', () => {
    let stack: Stack;
    before(async () => {
      stack = await startStack();
    });
    after(async () => {
      await stack?.close();
    });

    it('Megan opens the request from "pending" in her chat and approves there', async () => {
      const { people, client } = stack;
      const { screens, requestId } = await filed(stack);
      const megan = people.meganb!;
      await client.say(megan, 'pending');
      const chat = client.conversation(megan, 'personal').id;
      const list = await screens.messageWhere(
        (card, sent) => sent.conversationId === chat && actionsOf(card).some((a) => a.verb === 'approval.refresh'),
      );
      await screens.click(megan, list, 'approval.refresh', { requestId });
      await screens.click(megan, list, 'approval.approve', { requestId, verification: 'call-back' }, { delivery: 'response-first' });
      const pass = passIn(screens.seenBy(megan, list) ?? {});
      assert.ok(pass, textOf(screens.seenBy(megan, list)));
      await closesAfterHandover(stack, screens, megan, list, /Issued by Megan Bowen/);
    });
  });

  describe('revealed from "My requests" on the help card (PASS_DELIVERY=requester)', () => {
    let stack: Stack;
    before(async () => {
      stack = await startStack({ env: { PASS_DELIVERY: 'requester' } });
    });
    after(async () => {
      await stack?.close();
    });

    it('Alex opens "My requests" from the help card and reveals his pass there', async () => {
      const { people, client } = stack;
      const { screens, requestId, channelCard } = await filed(stack);
      const alex = people.alexw!;
      await screens.click(people.meganb!, channelCard, 'approval.approve', { requestId, verification: 'call-back' }, { where: 'channel' });
      await client.say(alex, 'help');
      const help = await screens.messageWhere((card) => actionsOf(card).some((a) => a.verb === 'status.mine'));
      await screens.click(alex, help, 'status.mine', {});
      assert.match(textOf(screens.seenBy(alex, help)), /Reveal my pass/);
      await screens.click(alex, help, 'pass.reveal', { requestId }, { delivery: 'response-first' });
      const pass = passIn(screens.seenBy(alex, help) ?? {});
      assert.ok(pass, textOf(screens.seenBy(alex, help)));
      await closesAfterHandover(stack, screens, alex, help, /Issued/);
    });

    it('no pass value reached a log, the store or a sent activity', async () => {
      const result = await assertNoPassLeaks(stack);
      assert.ok(result.passes >= 1, `expected passes to search for, got ${result.passes}`);
    });
  });
});
