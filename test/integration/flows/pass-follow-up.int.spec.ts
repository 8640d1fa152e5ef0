// Issue 21, item 4: once its job is done, the pass goes. Alex's pass is issued; he signs in with it
// and registers a passkey (the emulator plays Entra); two bot instances on one store sweep at the same
// moment and he is offered removal exactly once, in his 1:1 chat; one click removes the pass (the
// emulator's log is the witness) without alerting the help desk; the cards and the help desk's status
// say "used, a passkey registered at …, pass removed". A restarted instance sends nothing again.
import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import { startStack, type Stack } from '../../support/stack';
import { cardOf, textOf, actionsOf } from '../../support/teams-client';
import type { Sent } from '../../support/connector';
import { loadConfig } from '../../../src/config';
import { createLogger } from '../../../src/logger';
import { startTapDesk, type RunningApp } from '../../../src/main';
import { approve, fileRequest, passIn } from './journey';

const OFFER = /remove your pass now/;

/** Another bot instance on the same storage, emulator and connector (a scale-out, or the process after a restart). */
function anotherInstance(stack: Stack): Promise<RunningApp> {
  const sink = new Writable({ write: (_chunk, _encoding, done) => done() });
  return startTapDesk(loadConfig(stack.env), {
    clock: stack.clock,
    logger: createLogger({ level: 'silent', destination: sink }),
    sweepSeconds: 0,
  });
}

function tapDeletesOf(stack: Stack, userId: string): number {
  const deletes = stack.emulator.stats().log.filter((e) => e.method === 'DELETE' && e.path.includes('temporaryAccessPassMethods'));
  return deletes.filter((e) => e.path.includes(userId) && e.status === 204).length;
}

describe('once its job is done, the pass goes', function () {
  this.timeout(90_000);
  let stack: Stack;
  let second: RunningApp;

  before(async () => {
    stack = await startStack({ env: { RATE_LIMIT_PER_REQUESTER: '100', RATE_LIMIT_PER_TARGET: '100' } });
    second = await anotherInstance(stack);
  });
  after(async () => {
    await second?.stop();
    await stack?.close();
  });

  const offersTo = (conversationPart: string): Sent[] =>
    stack.connector.sent.filter(
      (s) => s.method === 'POST' && s.conversationId.includes(conversationPart) && OFFER.test(textOf(s.activity)),
    );

  it('no new method since the pass: nobody is offered anything (the Authenticator from months ago does not count)', async () => {
    const { client, people } = stack;
    const requestId = await fileRequest(client, people.gradya!);
    assert.ok(passIn(cardOf(await approve(client, people.meganb!, requestId))));
    await Promise.all([stack.bot.sweepNow(), second.sweepNow()]);
    await stack.connector.quiet();
    assert.deepEqual(offersTo(people.gradya!.id), []);
  });

  it('a passkey registered after the pass: offered once across two instances; one click removes it; cards and status say so', async () => {
    const { client, people, connector, emulator } = stack;
    const alex = people.alexw!;
    const requestId = await fileRequest(client, alex);
    assert.ok(passIn(cardOf(await approve(client, people.meganb!, requestId))));
    // Alex signs in with the pass and sets up a passkey (what the pass was for).
    emulator.useTap(alex.id);
    emulator.registerMethod(alex.id, { '@odata.type': '#microsoft.graph.fido2AuthenticationMethod', displayName: 'YubiKey 5' });

    await Promise.all([stack.bot.sweepNow(), second.sweepNow()]);
    // The offer goes through the outbox: wait for it to land, then for anything else the sweeps sent.
    await connector.waitFor((s) => s.method === 'POST' && s.conversationId.includes(alex.id) && OFFER.test(textOf(s.activity)), 10_000);
    await connector.quiet();
    const offers = offersTo(alex.id);
    assert.equal(offers.length, 1, 'offered exactly once, by one of the two instances');
    const offer = offers[0]!.activity;
    assert.match(textOf(offer), /You've set up a passkey \(YubiKey 5\) — remove your pass now/);
    assert.deepEqual(
      actionsOf(offer).map((a) => a.verb),
      ['pass.remove-own'],
    );
    // The request's cards (Alex's status card) now say the pass was used and a passkey registered; still live.
    const noted = await connector.waitFor(
      (s) => s.method === 'PUT' && /passkey \(YubiKey 5\) registered at .*pass still live/.test(textOf(s.activity)),
    );
    assert.match(textOf(noted.activity), /used, a passkey/);

    // A restarted instance sweeps: nothing is sent again.
    const restarted = await anotherInstance(stack);
    try {
      await restarted.sweepNow();
    } finally {
      await restarted.stop();
    }
    await stack.bot.sweepNow();
    await connector.quiet();
    assert.equal(offersTo(alex.id).length, 1, 'not offered again after a restart');

    // One click: the pass is deleted (emulator witness), no alert to the help desk.
    const deletes = tapDeletesOf(stack, alex.id);
    const sentBefore = connector.sent.length;
    const answer = cardOf(await client.click(alex, 'pass.remove-own', { requestId }));
    assert.match(textOf(answer), /Your Temporary Access Pass is removed and no longer works/);
    assert.equal(tapDeletesOf(stack, alex.id), deletes + 1, 'Graph deleted the pass');
    const passes = stack.emulator.stats().log.filter((e) => e.method === 'DELETE' && e.path.includes(alex.id));
    assert.ok(passes.length > 0);
    const removed = await connector.waitFor(
      (s) => connector.sent.indexOf(s) >= sentBefore && s.method === 'PUT' && textOf(s.activity).includes('pass removed by Alex Wilber'),
    );
    assert.match(textOf(removed.activity), /used, a passkey \(YubiKey 5\) registered at [^,]+, pass removed by Alex Wilber at /);
    assert.ok(
      !connector.sent.slice(sentBefore).some((s) => /ALERT/.test(textOf(s.activity))),
      'the help desk is not alerted: this is the end of the job',
    );

    // The help desk's status view says it too.
    const count = connector.sent.length;
    await client.say(people.meganb!, `status ${alex.upn}`);
    const status = await connector.waitFor((s) => connector.sent.indexOf(s) >= count && textOf(s.activity).includes(requestId));
    assert.match(
      textOf(status.activity),
      new RegExp(`${requestId}[^\\n]*used, a passkey \\(YubiKey 5\\) registered at [^\\n]*pass removed`),
    );

    // A second click: nothing left to remove, nothing deleted.
    const again = cardOf(await client.click(alex, 'pass.remove-own', { requestId }));
    assert.match(textOf(again), /no longer exists/);
    assert.equal(tapDeletesOf(stack, alex.id), deletes + 1);
  });

  it('only the person the pass is for can remove it from the offer', async () => {
    const { client, people } = stack;
    const requestId = await fileRequest(client, people.christiec!, { reason: 'onboarding' });
    assert.ok(passIn(cardOf(await approve(client, people.meganb!, requestId))));
    const deletes = tapDeletesOf(stack, people.christiec!.id);
    const answer = textOf(cardOf(await client.click(people.alexw!, 'pass.remove-own', { requestId })));
    assert.match(answer, /There is no request/);
    assert.equal(tapDeletesOf(stack, people.christiec!.id), deletes);
  });
});
