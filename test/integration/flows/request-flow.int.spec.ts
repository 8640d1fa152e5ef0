// Journeys 1–3 over HTTP: Bot Framework activities into /api/messages, the emulated contoso tenant,
// real Azurite, and a local connector that records what the bot posts.
import assert from 'node:assert/strict';
import { startStack, type Stack } from '../../support/stack';
import { actionsOf, cardOf, textOf } from '../../support/teams-client';
import { approve, fileRequest, passIn, review, submitRequest, tapCreates } from './journey';
import { assertNoPassLeaks } from '../../support/leaks';
import { TeamsScreens } from '../../support/teams-screens';

describe('request → approval → issuance → hand-over', function () {
  this.timeout(60_000);
  let stack: Stack;

  before(async () => {
    stack = await startStack();
  });
  after(async () => {
    await stack?.close();
  });

  it('Alex asks for himself, Megan approves on a verified call and sees the pass once', async () => {
    const { client, people, connector } = stack;
    const hello = await client.say(people.alexw!, 'I lost my phone');
    assert.equal(hello.status, 200);
    const form = await connector.waitFor((s) => textOf(s.activity).includes('Ask for a Temporary Access Pass'));
    assert.ok(actionsOf(form.activity).some((a) => a.verb === 'request.submit'));

    const before = tapCreates(stack);
    const status = await submitRequest(client, people.alexw!);
    const requestId = /(TAP-\d+)/.exec(textOf(status))?.[1];
    assert.ok(requestId, textOf(status));
    assert.match(textOf(status), /Waiting for approval/);

    const posted = await connector.waitFor(
      (s) => s.method === 'POST' && textOf(s.activity).includes(`${requestId} · Pass for Alex Wilber`),
    );
    assert.match(posted.conversationId, /^19:approvals/);
    assert.ok(
      actionsOf(posted.activity).some((a) => a.verb === 'approval.refresh'),
      'channel copy offers review',
    );
    assert.ok(!actionsOf(posted.activity).some((a) => a.verb === 'approval.approve'), 'channel copy is read-only');

    const reviewed = cardOf(await review(client, people.meganb!, requestId));
    assert.ok(
      actionsOf(reviewed).some((a) => a.verb === 'approval.approve'),
      textOf(reviewed),
    );
    assert.match(textOf(reviewed), /Authenticator|microsoftAuthenticator/);

    const answer = cardOf(await approve(client, people.meganb!, requestId));
    const pass = passIn(answer);
    assert.ok(pass && pass.length >= 8, `expected the pass, got ${textOf(answer)}`);
    assert.equal(tapCreates(stack), before + 1);
    assert.match(textOf(answer), /only time the pass is shown/);

    // Alex's card says who is handing the pass over; the channel card Megan clicked is left alone.
    const handing = await connector.waitFor((s) => s.method === 'PUT' && textOf(s.activity).includes('Being issued by Megan Bowen'));
    assert.ok(!JSON.stringify(handing.activity).includes(pass));
    assert.ok(
      !connector.sent.some((s) => s.method === 'PUT' && s.activityId === posted.activityId),
      'the approval card is not updated while the pass is on screen',
    );

    // A replayed approve never shows the pass again, nor replaces Megan's card (where the pass is): a message answer.
    const replay = (await approve(client, people.meganb!, requestId)).body as { type?: string; value?: unknown };
    assert.equal(replay.type, 'application/vnd.microsoft.activity.message');
    assert.ok(!JSON.stringify(replay).includes(pass));
    assert.equal(tapCreates(stack), before + 1, 'a replayed approve writes nothing');
    // Anyone else still sees the card saying who is handing it over.
    assert.match(textOf(cardOf(await approve(client, people.adelev!, requestId))), /Being issued by Megan Bowen/);

    const done = cardOf(await client.click(people.meganb!, 'pass.handed-over', { requestId }, { where: 'channel' }));
    assert.equal(passIn(done), null);
    assert.match(textOf(done), /Issued by Megan Bowen/);
    const updated = await connector.waitFor(
      (s) => s.method === 'PUT' && s.activityId === posted.activityId && textOf(s.activity).includes('Issued by Megan Bowen'),
    );
    assert.ok(!JSON.stringify(updated.activity).includes(pass));

    const mine = cardOf(await client.click(people.alexw!, 'request.refresh', { requestId }));
    assert.match(textOf(mine), /Issued/);
  });

  it('a manager asks for a direct report (Alex for Christie)', async () => {
    const { client, people } = stack;
    const requestId = await fileRequest(client, people.alexw!, { target: 'christiec@contoso.com', reason: 'onboarding' });
    const answer = cardOf(await approve(client, people.meganb!, requestId));
    assert.ok(passIn(answer), textOf(answer));
  });

  it('an ordinary member cannot ask for someone who is not their report', async () => {
    const { client, people } = stack;
    const card = await submitRequest(client, people.alexw!, { target: 'gradya@contoso.com' });
    assert.match(textOf(card), /cannot go ahead/);
    assert.match(textOf(card), /direct reports|service desk/i);
  });

  it('Isaiah (Exchange Administrator) is refused to Megan and approved by Adele', async () => {
    const { client, people } = stack;
    const requestId = await fileRequest(client, people.isaiahl!);
    const reviewed = cardOf(await review(client, people.meganb!, requestId));
    assert.ok(!actionsOf(reviewed).some((a) => a.verb === 'approval.approve'));
    assert.match(textOf(reviewed), /Privileged Authentication Administrator/);
    const before = tapCreates(stack);
    const forced = cardOf(await approve(client, people.meganb!, requestId));
    assert.equal(passIn(forced), null);
    assert.match(textOf(forced), /Privileged Authentication Administrator/);
    assert.equal(tapCreates(stack), before, 'a refused approval never reaches Graph');
    assert.ok(passIn(cardOf(await approve(client, people.adelev!, requestId))));
  });

  it('Joni (scoped to Munich) approves Grady but not Alex', async () => {
    const { client, people } = stack;
    const grady = await fileRequest(client, people.gradya!);
    assert.ok(passIn(cardOf(await approve(client, people.jonis!, grady))));
    const alex = await fileRequest(client, people.alexw!, { reason: 'new-device' });
    const refused = cardOf(await approve(client, people.jonis!, alex));
    assert.equal(passIn(refused), null);
    assert.match(textOf(refused), /administrative unit/);
  });

  it('Henrietta (PIM-eligible) cannot approve; Patti (role through a group) can', async () => {
    const { client, people } = stack;
    const requestId = await fileRequest(client, people.lynner!);
    const refused = cardOf(await approve(client, people.henriettam!, requestId));
    assert.equal(passIn(refused), null);
    assert.match(textOf(refused), /Privileged Identity Management|not active/);
    assert.ok(passIn(cardOf(await approve(client, people.pattif!, requestId))));
  });

  const refusals: Array<[string, string, RegExp]> = [
    ['emily_fabrikam.com#EXT#@contoso.onmicrosoft.com', 'Emily (external guest)', /external guest/],
    ['diegos@contoso.com', 'Diego (disabled)', /disabled/],
    ['pradeepg@contoso.com', 'Pradeep (excluded from the policy)', /excluded/],
    ['nestorw@contoso.com', 'Nestor (restricted administrative unit)', /restricted-management administrative unit/],
    ['irvins@contoso.com', 'Irvin (high risk)', /high risk/],
  ];
  for (const [upn, who, reason] of refusals) {
    it(`${who} is refused with the reason, before anyone approves`, async () => {
      const { client, people } = stack;
      const before = tapCreates(stack);
      const card = await submitRequest(client, people.meganb!, { target: upn });
      assert.match(textOf(card), /cannot go ahead/);
      assert.match(textOf(card), reason);
      assert.equal(tapCreates(stack), before);
    });
  }

  it("Lidia's live pass is reported to the approver", async () => {
    const { client, people } = stack;
    const requestId = await fileRequest(client, people.lidiah!);
    const reviewed = cardOf(await review(client, people.meganb!, requestId));
    assert.match(textOf(reviewed), /already ha(s|ve) a pass|replaces it/);
  });

  it('a lifetime outside the policy is refused with the bounds, keeping what was typed', async () => {
    const { client, people } = stack;
    const card = await submitRequest(client, people.alexw!, { lifetime: '600', reasonText: 'keep me' });
    assert.match(textOf(card), /between 60 and 480 minutes/);
    assert.match(JSON.stringify(card), /keep me/);
  });

  it('a start that passed before approval is not sent to Graph: the pass starts now, and the card says so', async () => {
    const { client, people, connector } = stack;
    // Three minutes ago: still accepted at filing (a form stays open a while), passed by the approval.
    const asked = new Date(stack.clock.now().getTime() - 3 * 60_000);
    const hhmm = asked.toISOString().slice(11, 16);
    const requestId = await fileRequest(client, people.lynner!, { startDate: asked.toISOString().slice(0, 10), startTime: hhmm });
    const before = tapCreates(stack);
    const answer = cardOf(await approve(client, people.meganb!, requestId));
    assert.ok(passIn(answer), `expected the pass, got ${textOf(answer)}`);
    assert.equal(tapCreates(stack), before + 1);
    const updated = await connector.waitFor(
      (s) => s.method === 'PUT' && textOf(s.activity).includes(requestId) && textOf(s.activity).includes('Issued'),
    );
    assert.match(textOf(updated.activity), new RegExp(`starts now instead of .*${hhmm} UTC, which had passed`));
  });

  it('Megan denies with a reason; the request is closed', async () => {
    const { client, people } = stack;
    const requestId = await fileRequest(client, people.cameronw!);
    const denied = cardOf(
      await client.click(
        people.meganb!,
        'approval.deny',
        { requestId, denyReason: 'Could not reach them on the known number' },
        { where: 'channel' },
      ),
    );
    assert.match(textOf(denied), /Denied by Megan Bowen/);
    const again = cardOf(await approve(client, people.meganb!, requestId));
    assert.equal(passIn(again), null);
  });

  it('a status card posted while Graph creates the pass shows "Being issued" whenever Teams shows it again', async () => {
    // Saying "status" stores nothing: the card asks Teams for itself afresh (refresh) each time it is shown.
    const { client, people, connector, emulator } = stack;
    const alex = people.alexw!;
    const requestId = await fileRequest(client, alex);
    const screens = new TeamsScreens(client, connector);
    const chat = client.conversation(alex, 'personal').id;
    emulator.faults.set({ latencyMs: 400 });
    try {
      const approving = approve(client, people.meganb!, requestId);
      // After the facts batch (≈400 ms), while the create (another ≈400 ms) is in flight.
      await new Promise((resolve) => setTimeout(resolve, 550));
      const count = connector.sent.length;
      assert.equal((await client.say(alex, `status ${requestId}`)).status, 200);
      const posted = await screens.messageWhere(
        (card, s) => connector.sent.indexOf(s) >= count && s.conversationId === chat && textOf(card).includes(requestId),
      );
      const card = screens.seenBy(alex, posted) as { refresh?: { action?: { verb?: string; data?: unknown }; userIds?: string[] } };
      assert.doesNotMatch(textOf(card), /Issued/, 'the card was posted before the pass existed');
      assert.equal(card.refresh?.action?.verb, 'request.refresh');
      assert.deepEqual(card.refresh?.action?.data, { requestId });
      assert.deepEqual(card.refresh?.userIds, [`29:${alex.id}`]);
      const answer = cardOf(await approving);
      assert.ok(passIn(answer), textOf(answer));
      const shown = await screens.rerender(alex, posted, 'personal');
      assert.match(textOf(shown), /Being issued by Megan Bowen/);
      assert.equal(passIn(shown ?? {}), null);
    } finally {
      emulator.faults.set({ latencyMs: 0 });
    }
  });

  it('saying "status" again and again adds nothing a change has to update', async () => {
    const { client, people, connector } = stack;
    const grady = people.gradya!;
    const requestId = await fileRequest(client, grady);
    const chat = client.conversation(grady, 'personal').id;
    const first = connector.sent.length;
    for (let i = 0; i < 5; i += 1) assert.equal((await client.say(grady, `status ${requestId}`)).status, 200);
    const posts = connector.sent.slice(first).filter((s) => s.method === 'POST' && s.conversationId === chat);
    assert.equal(posts.length, 5);
    const before = connector.sent.length;
    assert.equal((await client.say(grady, `cancel ${requestId}`)).status, 200);
    await connector.quiet(150, 3000).catch(() => undefined);
    const updated = connector.sent
      .slice(before)
      .filter((s) => s.method === 'PUT')
      .map((s) => s.activityId);
    assert.ok(
      !posts.some((p) => updated.includes(p.activityId) && p.conversationId === chat),
      `no status post is updated: ${JSON.stringify(updated)}`,
    );
    assert.ok(updated.length <= 2, `only the approval card and the form Grady sent: ${JSON.stringify(updated)}`);
  });

  it("the help desk's status card of someone else's request stays readable when Teams shows it again", async () => {
    const { client, people, connector } = stack;
    const megan = people.meganb!;
    const requestId = await fileRequest(client, people.lynner!);
    const screens = new TeamsScreens(client, connector);
    const chat = client.conversation(megan, 'personal').id;
    assert.equal((await client.say(megan, `status ${requestId}`)).status, 200);
    const posted = await screens.messageWhere((card, s) => s.conversationId === chat && textOf(card).includes(`${requestId} · Temporary`));
    const stored = screens.seenBy(megan, posted) as { refresh?: { userIds?: string[] } };
    assert.deepEqual(stored.refresh?.userIds, [`29:${megan.id}`], 'Teams asks for it afresh when it shows it to Megan');
    const shown = await screens.rerender(megan, posted, 'personal');
    assert.match(textOf(shown), /Waiting for approval/);
    assert.match(textOf(shown), /Lynne Robbins/);
    // Someone outside the help desk, re-sending the same refresh, learns nothing about it.
    const stranger = cardOf(await client.click(people.christiec!, 'request.refresh', { requestId }, { trigger: 'automatic' }));
    assert.doesNotMatch(textOf(stranger), /Lynne Robbins/);
    assert.match(textOf(stranger), /Only the service desk and authorised admins can look at other people/);
  });

  it("REFUSE_HIGH_RISK on and the risk read fails in the approval's batch: refused with the reason, nothing created; approved once it reads", async () => {
    const { client, people, emulator } = stack;
    const requestId = await fileRequest(client, people.gradya!, { reason: 'locked-out' });
    const before = tapCreates(stack);
    emulator.faults.set({ rules: [{ method: 'GET', path: '^/identityProtection/riskyUsers/', kind: 'status503' }] });
    try {
      const refused = cardOf(await approve(client, people.meganb!, requestId));
      assert.equal(passIn(refused), null);
      assert.match(textOf(refused), /Identity Protection risk could not be read just now, so no pass is issued/);
      assert.equal(tapCreates(stack), before, 'nothing created while the risk is unreadable');
    } finally {
      emulator.faults.clear();
    }
    assert.ok(passIn(cardOf(await approve(client, people.meganb!, requestId))));
    assert.equal(tapCreates(stack), before + 1);
  });

  it('no pass value reached a log, the store or a sent activity', async () => {
    const result = await assertNoPassLeaks(stack);
    assert.ok(result.passes >= 5, `expected several passes to search for, got ${result.passes}`);
  });
});
