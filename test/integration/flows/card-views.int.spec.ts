// What real Teams does with our cards that the Playground hides: the approval message re-rendered
// (each person's own view through the card's refresh), Deny with no verification answer, typed text
// shown as typed, channel posts with a summary and the approvers' tag, the welcome only when TAP Desk
// itself is added, a private channel answered, and the pending list in pages.
import assert from 'node:assert/strict';
import { startStack, type Stack } from '../../support/stack';
import { actionsOf, cardOf, type Persona, textOf } from '../../support/teams-client';
import { TeamsScreens, messageKey } from '../../support/teams-screens';
import { fileRequest, passIn, review } from './journey';
import { assertNoPassLeaks } from '../../support/leaks';
import { createStores } from '../../../src/store/create-stores';
import type { CardRef } from '../../../src/teams/conversations';

const TAG = { id: 'MjQzMmYzYjgtM2Y0Zi00ZDBlLWI3YWEtYmM5Zjc4YmUwNzRi', name: 'TAP approvers' };

describe('cards as Teams shows them', function () {
  this.timeout(90_000);
  let stack: Stack;

  before(async () => {
    stack = await startStack({
      env: { APPROVERS_TAG_ID: TAG.id, APPROVERS_TAG_NAME: TAG.name, RATE_LIMIT_PER_REQUESTER: '40', RATE_LIMIT_PER_TARGET: '40' },
    });
  });
  after(async () => {
    await stack?.close();
  });

  async function channelPostOf(requestId: string) {
    return stack.connector.waitFor(
      (s) =>
        s.method === 'POST' && s.conversationId.startsWith('19:approvals') && JSON.stringify(s.activity).includes(`${requestId} · Pass`),
    );
  }

  describe('user-specific views of the approval card (refresh)', () => {
    let screens: TeamsScreens;
    let requestId = '';
    let channelCard = '';
    let megan: Persona;
    let adele: Persona;

    before(async () => {
      const { people, client, connector } = stack;
      megan = people.meganb!;
      adele = people.adelev!;
      // Megan and Adele have acted on approval cards before: Teams will ask the bot for their own views.
      const earlier = await fileRequest(client, people.gradya!);
      await review(client, megan, earlier);
      await review(client, adele, earlier);
      screens = new TeamsScreens(client, connector);
      requestId = await fileRequest(client, people.alexw!);
      channelCard = await screens.messageWhere((card) => textOf(card).includes(`${requestId} · Pass`));
    });

    it('the posted card asks Teams to refresh it for the approvers who acted on cards, with approval.refresh', () => {
      const card = screens.seenBy(megan, channelCard) as { refresh?: { action?: { verb?: string; data?: unknown }; userIds?: string[] } };
      assert.equal(card.refresh?.action?.verb, 'approval.refresh');
      assert.deepEqual(card.refresh?.action?.data, { requestId });
      assert.ok(
        card.refresh?.userIds?.includes(`29:${megan.id}`) && card.refresh.userIds.includes(`29:${adele.id}`),
        JSON.stringify(card.refresh),
      );
      assert.ok((card.refresh?.userIds?.length ?? 0) <= 60);
    });

    it('re-rendered before anyone decides, each approver sees the current card; someone not listed sees the stored one', async () => {
      const megansView = await screens.rerender(megan, channelCard);
      assert.match(textOf(megansView), /Waiting for approval/);
      assert.ok(
        actionsOf(megansView).some((a) => a.verb === 'approval.refresh'),
        'Review and decide',
      );
      const pattisView = await screens.rerender(stack.people.pattif!, channelCard);
      assert.deepEqual(pattisView, screens.seenBy(stack.people.pattif!, channelCard));
    });

    it('after Megan was shown the pass, a re-render shows her when, "Handed over" and "Revoke the pass", never the pass', async () => {
      await screens.click(megan, channelCard, 'approval.refresh', { requestId }, { where: 'channel' });
      await screens.click(megan, channelCard, 'approval.approve', { requestId, verification: 'call-back' }, { where: 'channel' });
      const pass = passIn(screens.seenBy(megan, channelCard) ?? {});
      assert.ok(pass, 'Megan was shown the pass');

      const megansView = await screens.rerender(megan, channelCard);
      const text = textOf(megansView);
      assert.match(text, /The pass was shown to you once at \d+ \w+ \d\d:\d\d UTC/);
      assert.ok(!JSON.stringify(megansView).includes(pass), 'the pass is never shown again');
      assert.equal(passIn(megansView ?? {}), null);
      assert.deepEqual(
        actionsOf(megansView).map((a) => a.verb),
        ['pass.handed-over', 'revoke.pick'],
      );

      const adelesView = await screens.rerender(adele, channelCard);
      assert.match(textOf(adelesView), /Being issued by Megan Bowen/);
      assert.deepEqual(actionsOf(adelesView), [], 'Adele may not hand over or revoke from here');
      assert.ok(!JSON.stringify(adelesView).includes(pass));
    });

    it('"Handed over" from the re-rendered card closes it for everyone; re-rendered again it says Issued', async () => {
      const done = await screens.click(megan, channelCard, 'pass.handed-over', { requestId }, { where: 'channel' });
      assert.ok(done.updates.some((u) => messageKey(u) === channelCard));
      for (const who of [megan, adele]) {
        const view = await screens.rerender(who, channelCard);
        assert.match(textOf(view), /Issued by Megan Bowen/, `${who.name}`);
        assert.ok(!actionsOf(view).some((a) => a.verb === 'pass.handed-over'));
      }
    });

    it('an automatic refresh for a request that does not exist says so', async () => {
      const answer = await stack.client.click(
        stack.people.alexw!,
        'approval.refresh',
        { requestId: 'TAP-99999' },
        { where: 'channel', trigger: 'automatic' },
      );
      assert.match(textOf(cardOf(answer)), /no request TAP-99999/i);
    });
  });

  describe('a message remembered twice', () => {
    it('a row from before rows were keyed per message (activity id alone) beside the new one: one update per change', async () => {
      const { client, people, connector } = stack;
      const requestId = await fileRequest(client, people.gradya!);
      const post = await channelPostOf(requestId);
      const stores = await createStores({
        connectionString: stack.storageConnectionString,
        accountUrl: null,
        tablePrefix: stack.env.STORAGE_TABLE_PREFIX as string,
      });
      const rows = await stores.kv.list<CardRef>(`card-${requestId}`);
      const row = rows.find((r) => r.value.value.activityId === post.activityId);
      assert.ok(row, `the channel card is remembered: ${JSON.stringify(rows.map((r) => r.key))}`);
      // What the code before per-message keys wrote for the same message.
      await stores.kv.put(`card-${requestId}`, post.activityId, row.value.value);
      await connector.quiet();
      const from = connector.sent.length;
      assert.equal((await client.say(people.gradya!, `cancel ${requestId}`)).status, 200);
      await connector.quiet();
      const updates = connector.sent
        .slice(from)
        .filter((s) => s.method === 'PUT' && s.conversationId === post.conversationId && s.activityId === post.activityId);
      assert.equal(updates.length, 1, 'the approval message is updated once');
      assert.match(textOf(updates[0]!.activity), /Cancelled/i);
    });
  });

  describe('Deny and the verification answer', () => {
    it('Deny goes through with no verification answer; the reason reaches the requester as typed', async () => {
      const { client, people } = stack;
      const requestId = await fileRequest(client, people.lidiah!);
      await review(client, people.meganb!, requestId);
      const reason = "Couldn't verify: *no* answer on [the HR number](https://evil.example) _twice_";
      const denied = cardOf(await client.click(people.meganb!, 'approval.deny', { requestId, denyReason: reason }, { where: 'channel' }));
      assert.ok(textOf(denied).includes(`Denied by Megan Bowen: ${reason}`), textOf(denied));
      // The card carries the reason escaped: no link, no emphasis in any client.
      const raw = JSON.stringify(denied);
      assert.ok(!raw.includes('[the HR number](https'), 'no markdown link on the card');
      assert.ok(raw.includes(String.raw`\\[the HR number\\](https://evil.example)`), raw);
    });

    it('Approve without a verification answer is still refused, with the reason', async () => {
      const { client, people } = stack;
      const requestId = await fileRequest(client, people.christiec!);
      const answer = cardOf(await client.click(people.meganb!, 'approval.approve', { requestId }, { where: 'channel' }));
      assert.match(textOf(answer), /Say how you verified it is really them/);
      assert.equal(passIn(answer), null);
    });

    it('the approval card asks for the verification without making it required (it would block Deny)', async () => {
      const { client, people } = stack;
      const requestId = await fileRequest(client, people.lynner!);
      const card = cardOf(await review(client, people.meganb!, requestId));
      const inputs: Array<Record<string, unknown>> = [];
      JSON.stringify(card, (_k, v: unknown) => {
        if (v && typeof v === 'object' && String((v as { type?: unknown }).type).startsWith('Input.'))
          inputs.push(v as Record<string, unknown>);
        return v;
      });
      const verification = inputs.find((i) => i.id === 'verification');
      assert.ok(verification, 'the verification input is there');
      assert.notEqual(verification.isRequired, true);
      assert.equal(inputs.find((i) => i.id === 'denyReason')?.isRequired, true, "Deny's own reason stays required");
    });
  });

  describe('typed text and channel posts', () => {
    it("a requester cannot put a link or emphasis on the approver's card", async () => {
      const { client, people } = stack;
      const requestId = await fileRequest(client, people.alexw!, {
        reason: 'other',
        reasonText: 'Click [here](https://evil.example) *now* ~~please~~',
      });
      const post = await channelPostOf(requestId);
      const raw = JSON.stringify(post.activity);
      assert.ok(!raw.includes('[here](https'), raw);
      assert.ok(raw.includes(String.raw`\\[here\\](https://evil.example) \\*now\\* \\~\\~please\\~\\~`), raw);
    });

    it("an approval post carries a summary and mentions the approvers' tag", async () => {
      const { client, people } = stack;
      const requestId = await fileRequest(client, people.isaiahl!);
      const post = await channelPostOf(requestId);
      const activity = post.activity as { summary?: string; text?: string; entities?: Array<Record<string, unknown>> };
      assert.match(activity.summary ?? '', new RegExp(`New request ${requestId}: a Temporary Access Pass for Isaiah Langer`));
      assert.ok(activity.text?.startsWith(`<at>${TAG.name}</at> New request ${requestId}`), activity.text);
      type Mention = { text?: string; mentioned?: { id?: string; name?: string; properties?: { type?: string } } };
      const mention = activity.entities?.find((e) => e.type === 'mention') as Mention;
      assert.equal(mention?.text, `<at>${TAG.name}</at>`);
      assert.deepEqual([mention.mentioned?.id, mention.mentioned?.name, mention.mentioned?.properties?.type], [TAG.id, TAG.name, 'tag']);
    });
  });

  describe('conversation events', () => {
    const update = (membersAdded: Array<{ id: string }>) =>
      stack.client.post({ ...stack.client.activity(stack.people.alexw!, 'channel', { type: 'conversationUpdate' }), membersAdded });

    it('the welcome card goes out when TAP Desk is added, not when someone joins the team', async () => {
      const before = stack.connector.sent.length;
      await update([{ id: '29:someone-new' }]);
      await new Promise((resolve) => setTimeout(resolve, 300));
      assert.equal(stack.connector.sent.length, before, 'nothing posted for a person joining');
      await update([{ id: '28:tapdesk' }]);
      const welcome = await stack.connector.waitFor(
        (s) => stack.connector.sent.indexOf(s) >= before && JSON.stringify(s.activity).includes('Request a pass'),
      );
      assert.equal(welcome.method, 'POST');
    });

    it('"approvals here" in a private channel says why not, and changes nothing', async () => {
      const { client, people } = stack;
      const activity = client.activity(people.meganb!, 'channel', { type: 'message', text: 'approvals here' });
      const tenantId = (activity.conversation as { tenantId: string }).tenantId;
      const answer = await client.post({
        ...activity,
        conversation: { id: '19:private-one@thread.tacv2', conversationType: 'channel', isGroup: true, tenantId },
        channelData: { ...(activity.channelData as object), channel: { id: '19:private-one@thread.tacv2', type: 'private' } },
      });
      assert.equal(answer.status, 200);
      const reply = await stack.connector.waitFor(
        (s) => s.conversationId.startsWith('19:private-one') && JSON.stringify(s.activity).includes('Not in a private channel'),
      );
      assert.match(JSON.stringify(reply.activity), /does not let bots post messages or cards in private channels/);
      // New approval cards still go to the approvals channel.
      const requestId = await fileRequest(client, people.lidiah!, { reason: 'other', reasonText: 'after the private channel' });
      assert.ok((await channelPostOf(requestId)).conversationId.startsWith('19:approvals'));
    });
  });

  describe('the pending list in pages', () => {
    const itemsOf = (card: unknown) => actionsOf(card).filter((a) => a.verb === 'approval.refresh');
    const idsOf = (card: unknown) => [...textOf(card).matchAll(/^(TAP-\d+) · /gm)].map((m) => m[1]);

    async function pendingCard(text: string): Promise<Record<string, unknown>> {
      const before = stack.connector.sent.length;
      await stack.client.say(stack.people.meganb!, text);
      const sent = await stack.connector.waitFor(
        (s) => stack.connector.sent.indexOf(s) >= before && /Waiting for approval|Only/.test(JSON.stringify(s.activity)),
      );
      return (sent.activity.attachments as Array<{ content: Record<string, unknown> }>)[0]!.content;
    }

    it('a long queue comes ten at a time, oldest first, with "Next page"; the page number is checked', async () => {
      for (let i = 0; i < 12; i += 1) await fileRequest(stack.client, stack.people.alexw!, { reason: 'other', reasonText: `queue ${i}` });
      const first = await pendingCard('pending');
      const total = Number(/Waiting for approval \((\d+)\)/.exec(textOf(first))?.[1]);
      assert.ok(total >= 12, textOf(first));
      assert.equal(itemsOf(first).length, 10);
      assert.match(textOf(first), new RegExp(`Page 1 of ${Math.ceil(total / 10)}, oldest first`));
      const next = actionsOf(first).find((a) => a.verb === 'pending.page');
      assert.ok(next, 'a "Next page" button');
      const ids1 = idsOf(first);
      assert.deepEqual(ids1, [...ids1].sort(), 'oldest first');

      const second = cardOf(await stack.client.click(stack.people.meganb!, 'pending.page', { page: 2 }));
      const ids2 = idsOf(second);
      assert.ok(ids2.length > 0 && ids2.every((id) => !ids1.includes(id)), `page 2 holds other requests: ${ids2.join(', ')}`);
      assert.ok((ids2[0] ?? '') > (ids1.at(-1) ?? ''), 'page 2 continues where page 1 ended');

      const typed = await pendingCard('pending 2');
      assert.deepEqual(idsOf(typed), ids2, '"pending 2" is the same page');
      const beyond = cardOf(await stack.client.click(stack.people.meganb!, 'pending.page', { page: 9999 }));
      assert.match(
        textOf(beyond),
        new RegExp(`Page ${Math.ceil(total / 10)} of ${Math.ceil(total / 10)}`),
        'a page past the end shows the last',
      );
      const junk = cardOf(await stack.client.click(stack.people.meganb!, 'pending.page', { page: '1; drop' }));
      assert.deepEqual(idsOf(junk), ids1, 'a page that is not a number shows the first');
    });

    it('someone outside the help desk gets no page of it', async () => {
      const answer = cardOf(await stack.client.click(stack.people.alexw!, 'pending.page', { page: 2 }));
      assert.equal(idsOf(answer).length, 0);
      assert.doesNotMatch(textOf(answer), /Waiting for approval \(/);
    });
  });

  // A nested describe, so it runs after the others (mocha runs a describe's own tests first).
  describe('afterwards', () => {
    it('no pass value reached a log, the store or a sent activity', async () => {
      const result = await assertNoPassLeaks(stack);
      assert.ok(result.passes >= 1);
    });
  });
});
