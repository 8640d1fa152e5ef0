// Issue 21 items 1-3 with two bot processes on one Azurite and one emulator: a pass issued on one instance is
// taken back on the OTHER one (which never held the approver's token) by the people entitled to, each with their
// own delegated token: the holder ("This wasn't me", which also ends their sessions), a help-desk agent (revoke,
// "also end their sessions"), and for an orphaned pass (create ambiguous, its instance gone) whoever may issue.
// The emulator's request log is the witness: every DELETE and revokeSignInSessions is delegated, none by the app.
import assert from 'node:assert/strict';
import { startStack, type Stack } from '../../support/stack';
import { cardOf, clickSigned, loginRequestOf, textOf, type TeamsClient } from '../../support/teams-client';
import { fileRequest, passIn } from './journey';
import { delegatedStackOptions, withTeamsSso } from '../../support/delegated';

const approveData = (requestId: string) => ({ requestId, verification: 'call-back' });
type Entry = ReturnType<Stack['emulator']['stats']>['log'][number];

function writes(stack: Stack, from: number): Entry[] {
  return stack.emulator
    .stats()
    .log.slice(from)
    .filter((e) => (e.method === 'DELETE' && /temporaryAccessPassMethods/.test(e.path)) || /revokeSignInSessions/.test(e.path));
}

describe('taking a pass back from the instance that did not issue it, with the rights of whoever is entitled', function () {
  this.timeout(180_000);
  let stack: Stack;
  let other: TeamsClient;

  before(async () => {
    const options = delegatedStackOptions();
    stack = await startStack({ ...options, env: { ...options.env, RATE_LIMIT_PER_TARGET: '50', RATE_LIMIT_PER_REQUESTER: '50' } });
    withTeamsSso(stack);
    const child = await stack.startChild();
    other = child.client;
    other.ssoTokens = stack.client.ssoTokens;
  });
  after(async () => {
    await stack?.close();
  });

  it('"This wasn\'t me" on the other instance: Christie\'s own token deletes her pass and ends her sessions; the help desk hears it', async () => {
    const { client, people } = stack;
    const requestId = await fileRequest(client, people.christiec!, { reason: 'new-device' });
    assert.ok(
      passIn(cardOf((await clickSigned(client, people.meganb!, 'approval.approve', approveData(requestId), { where: 'channel' })).final)),
    );
    const from = stack.emulator.stats().log.length;
    const click = await clickSigned(other, people.christiec!, 'pass.not-me', { requestId });
    assert.ok(click.signedIn, 'Christie signs in (the other instance holds no token for anyone)');
    const text = textOf(cardOf(click.final));
    assert.match(text, /pass has been deleted/);
    assert.match(text, /sessions were ended/);
    const done = writes(stack, from);
    assert.deepEqual(
      done.map((e) => [e.method, e.status, e.token, e.userId]),
      [
        ['DELETE', 204, 'delegated', people.christiec!.id],
        ['POST', 200, 'delegated', people.christiec!.id],
      ],
    );
    assert.match(done[1]!.path, new RegExp(`/users/${people.christiec!.id}/revokeSignInSessions`, 'i'));
    await stack.connector.waitFor(
      (s) =>
        /ALERT: Christie Cline says they did not ask/.test(String(s.activity.text)) && /has been deleted/.test(String(s.activity.text)),
    );
  });

  it('a help-desk revoke on the other instance: a card; its Revoke button signs Adele in; her token deletes and ends the sessions', async () => {
    const { client, people } = stack;
    const requestId = await fileRequest(client, people.alexw!, { reason: 'new-device' });
    assert.ok(
      passIn(cardOf((await clickSigned(client, people.meganb!, 'approval.approve', approveData(requestId), { where: 'channel' })).final)),
    );
    const count = stack.connector.sent.length;
    assert.equal((await other.say(people.adelev!, `revoke ${people.alexw!.upn}`)).status, 200);
    const card = await stack.connector.waitFor(
      (s) => stack.connector.sent.indexOf(s) >= count && textOf(s.activity).includes('Revoke the pass of Alex Wilber'),
    );
    assert.ok(JSON.stringify(card.activity).includes('"revoke.confirm"'), 'the card carries the Revoke button');
    const from = stack.emulator.stats().log.length;
    const click = await clickSigned(
      other,
      people.adelev!,
      'revoke.confirm',
      { targetId: people.alexw!.id, endSessions: 'true' },
      { where: 'channel' },
    );
    assert.ok(click.signedIn);
    const text = textOf(cardOf(click.final));
    assert.match(text, /Pass revoked/);
    assert.match(text, /sessions were ended/);
    assert.deepEqual(
      writes(stack, from).map((e) => [e.method, e.status, e.token, e.userId]),
      [
        ['DELETE', 204, 'delegated', people.adelev!.id],
        ['POST', 200, 'delegated', people.adelev!.id],
      ],
    );
  });

  it('"Remove my pass" once a passkey is set up, on the other instance: Grady signs in and his own token deletes it; no sessions ended, no alert', async () => {
    const { client, people, emulator, connector } = stack;
    const grady = people.gradya!;
    const requestId = await fileRequest(client, grady, { reason: 'new-device' });
    assert.ok(
      passIn(cardOf((await clickSigned(client, people.meganb!, 'approval.approve', approveData(requestId), { where: 'channel' })).final)),
    );
    emulator.useTap(grady.id);
    emulator.registerMethod(grady.id, { '@odata.type': '#microsoft.graph.fido2AuthenticationMethod', displayName: 'YubiKey 5' });
    await stack.bot.sweepNow();
    await connector.waitFor((s) => /remove your pass now/.test(textOf(s.activity)) && JSON.stringify(s.activity).includes(requestId));
    const from = stack.emulator.stats().log.length;
    const sentBefore = connector.sent.length;
    const click = await clickSigned(other, grady, 'pass.remove-own', { requestId });
    assert.ok(click.signedIn, 'Grady signs in (the other instance holds no token for him)');
    assert.match(textOf(cardOf(click.final)), /Your Temporary Access Pass is removed and no longer works/);
    assert.deepEqual(
      writes(stack, from).map((e) => [e.method, e.status, e.token, e.userId]),
      [['DELETE', 204, 'delegated', grady.id]],
    );
    await connector.quiet();
    assert.ok(!connector.sent.slice(sentBefore).some((s) => /ALERT/.test(textOf(s.activity))), 'the end of the job is not an alert');
  });

  it("an agent the live check refuses gets the refusal, not a sign-in, on the card's button too", async () => {
    const { people } = stack;
    const answer = await other.click(
      people.meganb!,
      'revoke.confirm',
      { targetId: people.isaiahl!.id, endSessions: 'true' },
      { where: 'channel' },
    );
    assert.match(textOf(cardOf(answer)), /Privileged Authentication Administrator|no Temporary Access Pass/);
  });

  it("nothing was deleted or ended with the app's own token", () => {
    const byApp = stack.emulator
      .stats()
      .log.filter(
        (e) =>
          e.token === 'application' &&
          ((e.method === 'DELETE' && /temporaryAccessPassMethods/.test(e.path)) || /revokeSignInSessions/.test(e.path)),
      );
    assert.deepEqual(byApp, []);
  });
});

describe('"This wasn\'t me" without consent to end sessions: the pass goes, the sessions step degrades alone', function () {
  this.timeout(90_000);
  let stack: Stack;

  before(async () => {
    stack = await startStack(delegatedStackOptions({ sessionsConsented: false }));
    withTeamsSso(stack);
  });
  after(async () => {
    await stack?.close();
  });

  it('the card and the help desk say plainly: removed, sessions not ended because consent is missing', async () => {
    const { client, people } = stack;
    const requestId = await fileRequest(client, people.christiec!, { reason: 'new-device' });
    assert.ok(
      passIn(cardOf((await clickSigned(client, people.meganb!, 'approval.approve', approveData(requestId), { where: 'channel' })).final)),
    );
    const click = await clickSigned(client, people.christiec!, 'pass.not-me', { requestId });
    const text = textOf(cardOf(click.final));
    assert.match(text, /pass has been deleted/);
    assert.match(text, /sessions were NOT ended: .*consent/);
    await stack.connector.waitFor(
      (s) => /ALERT: Christie Cline/.test(String(s.activity.text)) && /NOT ended/.test(String(s.activity.text)),
    );
    const sessions = stack.emulator.stats().log.filter((e) => /revokeSignInSessions/.test(e.path));
    assert.deepEqual(
      sessions.map((e) => [e.status, e.userId]),
      [[403, people.christiec!.id]],
    );
  });
});

describe('an orphaned pass (create ambiguous, the instance that held the token gone) is posted and removed by whoever may', function () {
  this.timeout(120_000);
  let stack: Stack;

  before(async () => {
    stack = await startStack(delegatedStackOptions());
    withTeamsSso(stack);
  });
  after(async () => {
    await stack?.close();
  });

  it('the card reaches the approvals channel once; a clicker without the rights is refused without a prompt; Adele removes it with her token', async () => {
    const { client, people } = stack;
    const child = await stack.startChild();
    child.client.ssoTokens = client.ssoTokens;
    const requestId = await fileRequest(client, people.alexw!, { reason: 'new-device' });
    // The create is applied but its answer lost, and Graph then refuses deletes for a while: the approving
    // instance cannot settle it, and it is gone before its sweeper tries again.
    stack.emulator.faults.set({
      rules: [
        { method: 'POST', path: 'temporaryAccessPassMethods$', kind: 'drop-after-write', times: 1 },
        { method: 'DELETE', path: 'temporaryAccessPassMethods/', kind: 'status503', times: 100 },
      ],
    });
    const approved = await clickSigned(child.client, people.meganb!, 'approval.approve', approveData(requestId), { where: 'channel' });
    assert.equal(passIn(cardOf(approved.final)), null);
    child.process.kill('SIGKILL');
    stack.emulator.faults.clear();
    assert.equal(stack.emulator.issuedPassValues().length, 1, 'the pass exists in Entra');

    const count = stack.connector.sent.length;
    await stack.bot.sweepNow();
    await stack.bot.sweepNow();
    const orphanCards = stack.connector.sent.slice(count).filter((s) => textOf(s.activity).includes('may exist that nobody holds'));
    assert.equal(orphanCards.length, 1, 'posted once');
    assert.ok(JSON.stringify(orphanCards[0]!.activity).includes('"pass.remove-orphan"'));

    const refused = await client.click(people.christiec!, 'pass.remove-orphan', { requestId }, { where: 'channel' });
    assert.equal(loginRequestOf(refused), null, 'no sign-in for someone who may not remove it');
    assert.match(textOf(cardOf(refused)), /you have none|Leave this to an authorised admin/);

    const from = stack.emulator.stats().log.length;
    const click = await clickSigned(client, people.adelev!, 'pass.remove-orphan', { requestId }, { where: 'channel' });
    assert.ok(click.signedIn);
    assert.match(textOf(cardOf(click.final)), /Removed by Adele Vance/);
    assert.deepEqual(
      writes(stack, from).map((e) => [e.method, e.status, e.token, e.userId]),
      [['DELETE', 204, 'delegated', people.adelev!.id]],
    );
    const status = cardOf(await client.click(people.alexw!, 'request.refresh', { requestId }));
    assert.doesNotMatch(textOf(status), /Being issued/);
  });
});
