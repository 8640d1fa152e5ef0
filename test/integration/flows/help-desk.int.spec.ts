// Journey 5: the help desk at work — status, pending, revoke, cancel, audit, export, expiry,
// reminders and notices — and the refusals ordinary users get for questions about others.
import assert from 'node:assert/strict';
import { startStack, type Stack } from '../../support/stack';
import { actionsOf, cardOf, textOf } from '../../support/teams-client';
import { approve, fileRequest, passIn } from './journey';

describe('the help desk in chat', function () {
  this.timeout(90_000);
  let stack: Stack;

  before(async () => {
    stack = await startStack({ env: { RATE_LIMIT_PER_REQUESTER: '50', RATE_LIMIT_PER_TARGET: '50' } });
  });
  after(async () => {
    await stack?.close();
  });

  /** Says something and answers the next card the bot posts in reply, in the asker's own chat (notices to others may land meanwhile). */
  async function ask(alias: string, text: string): Promise<Record<string, unknown>> {
    const count = stack.connector.sent.length;
    const answer = await stack.client.say(stack.people[alias]!, text);
    assert.equal(answer.status, 200);
    const chat = stack.client.conversation(stack.people[alias]!, 'personal').id;
    const sent = await stack.connector.waitFor(
      (s) => stack.connector.sent.indexOf(s) >= count && s.conversationId === chat && Array.isArray(s.activity.attachments),
    );
    return sent.activity;
  }

  it('status for Lidia shows her live one-time pass and its expiry, never a value', async () => {
    const card = await ask('meganb', 'status lidiah@contoso.com');
    const text = textOf(card);
    assert.match(text, /Lidia Holloway/);
    assert.match(text, /Usable now, one-time, expires in (39|40|41) min/);
    assert.doesNotMatch(JSON.stringify(card), /temporaryAccessPass"/);
  });

  it('a name that matches several people asks which one', async () => {
    const card = await ask('meganb', 'status a');
    assert.match(textOf(card), /Several people match "a"/);
    assert.ok(actionsOf(card).some((a) => a.verb === 'status.pick'));
    const picked = cardOf(await stack.client.click(stack.people.meganb!, 'status.pick', { userId: stack.people.alexw!.id }));
    assert.match(textOf(picked), /Alex Wilber/);
  });

  it('ordinary users may ask about themselves only, and are told why', async () => {
    for (const text of ['status meganb@contoso.com', 'pending', 'audit lidiah@contoso.com', 'export audit']) {
      const card = await ask('alexw', text);
      assert.match(textOf(card), /Only the service desk and authorised admins/, text);
    }
    const revoke = await ask('alexw', 'revoke lidiah@contoso.com');
    assert.match(textOf(revoke), /revoking a pass needs an active Authentication Administrator/);
  });

  it('pending lists open requests with age and who may approve, with a button to open each', async () => {
    const requestId = await fileRequest(stack.client, stack.people.isaiahl!);
    const card = await ask('meganb', 'pending');
    assert.match(textOf(card), new RegExp(`${requestId} · Isaiah Langer`));
    assert.match(textOf(card), /needs Privileged Authentication Administrator/);
    assert.ok(actionsOf(card).some((a) => a.verb === 'approval.refresh'));
  });

  it('the requester cancels while pending; then nobody can approve it', async () => {
    const requestId = await fileRequest(stack.client, stack.people.gradya!);
    const cancelled = await ask('gradya', `cancel ${requestId}`);
    assert.match(textOf(cancelled), /Cancelled/);
    assert.equal(passIn(cardOf(await approve(stack.client, stack.people.adelev!, requestId))), null);
  });

  it('revoke deletes the pass in Graph, follows the issuing role rules, and is audited', async () => {
    const refused = await ask('meganb', 'revoke isaiahl@contoso.com');
    assert.match(textOf(refused), /Privileged Authentication Administrator/);
    const requestId = await fileRequest(stack.client, stack.people.debrab!);
    assert.ok(passIn(cardOf(await approve(stack.client, stack.people.meganb!, requestId))));
    const deletes = stack.emulator.stats().tapDeletes;
    const revoked = await ask('meganb', 'revoke debrab@contoso.com');
    assert.match(textOf(revoked), /Pass revoked/);
    assert.equal(stack.emulator.stats().tapDeletes, deletes + 1);
    const audit = await ask('meganb', 'audit debrab@contoso.com');
    assert.match(textOf(audit), /pass\.revoked by Megan Bowen/);
    assert.match(textOf(audit), /pass\.issued/);
  });

  it("the target is told of a new pass and can say it wasn't them: revoked, approvers alerted", async () => {
    await stack.client.say(stack.people.enricoc!, 'hello'); // Enrico has a chat with the bot
    const requestId = await fileRequest(stack.client, stack.people.meganb!, { target: stack.people.enricoc!.upn });
    assert.ok(passIn(cardOf(await approve(stack.client, stack.people.adelev!, requestId))));
    const enrico = stack.people.enricoc!.id;
    const notice = await stack.connector.waitFor(
      (s) => s.conversationId.includes(enrico) && textOf(s.activity).includes('was issued for your account'),
    );
    assert.ok(actionsOf(notice.activity).some((a) => a.verb === 'pass.not-me'));
    const answer = cardOf(await stack.client.click(stack.people.enricoc!, 'pass.not-me', { requestId }));
    assert.match(textOf(answer), /deleted and no longer works/);
    await stack.connector.waitFor((s) => /ALERT: Enrico Cattaneo says they did not ask/.test(String(s.activity.text)));
  });

  it('a pending request expires after the TTL, once, with a reminder at half time', async () => {
    const requestId = await fileRequest(stack.client, stack.people.miriamg!);
    stack.clock.advance(16);
    await stack.bot.sweepNow();
    await stack.connector.waitFor((s) => String(s.activity.text ?? '').startsWith(`Reminder: ${requestId}`));
    stack.clock.advance(15);
    const [first, second] = await Promise.all([stack.bot.sweepNow(), stack.bot.sweepNow()]);
    const expiredCount = [first, second].reduce((n: number, r) => n + ((r as { expired: number }).expired ?? 0), 0);
    assert.ok(expiredCount >= 1);
    const updated = await stack.connector.waitFor(
      (s) => s.method === 'PUT' && textOf(s.activity).includes(requestId) && textOf(s.activity).includes('Expired'),
    );
    assert.ok(updated);
    const audit = await ask('meganb', `audit ${requestId}`);
    assert.equal((textOf(audit).match(/request\.expired/g) ?? []).length, 1, 'one expiry event');
  });
});
