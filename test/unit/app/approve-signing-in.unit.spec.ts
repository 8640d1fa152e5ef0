// The first approval with sign-in: the on-behalf-of exchange of the SSO token runs beside approve's reads
// (the facts are asked while it is under way), and approve writes nothing until it has succeeded. A refused
// exchange leaves the request pending, creates nothing and comes back as the sign-in's problem.
import assert from 'node:assert/strict';
import type { ApproverSessions, ExchangeOutcome } from '../../../src/app/kernel/ports';
import { actor, appFixture, filed, heldSession, type SeedDirectory } from '../../support/app-fixture';

const alex = actor('alexw');
const megan = actor('meganb');
const approval = { verification: 'call-back' as const, verificationNote: null };

/** Megan's session: no token until the exchange (held by the test) answers; an ok answer then holds her writer. */
function signingIn(directory: SeedDirectory) {
  const held = heldSession(megan.id, directory, null);
  let holds = false;
  let answer: (outcome: ExchangeOutcome) => void = () => undefined;
  const sessions: ApproverSessions = {
    writerFor: (id) => (holds ? held.writerFor(id) : null),
    exchange: () =>
      new Promise<ExchangeOutcome>((resolve) => {
        answer = (outcome) => {
          holds = outcome.ok;
          resolve(outcome);
        };
      }),
    adopt: () => undefined,
  };
  return { sessions, answer: (outcome: ExchangeOutcome) => answer(outcome) };
}

function setUp() {
  let session: ReturnType<typeof signingIn> | undefined;
  const app = appFixture({
    passIssuance: 'delegated',
    sessions: (directory) => {
      session = signingIn(directory);
      return session.sessions;
    },
  });
  const factsAsked: string[] = [];
  const decisionFacts = app.directory.decisionFacts.bind(app.directory);
  app.directory.decisionFacts = async (input) => {
    factsAsked.push(input.targetId);
    return decisionFacts(input);
  };
  return { app, factsAsked, answer: (outcome: ExchangeOutcome) => session?.answer(outcome) };
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 5));

describe('approve with the sign-in still under way', () => {
  it('the facts are asked while the exchange runs; the pass is created once it has succeeded', async () => {
    const t = setUp();
    const request = await filed(t.app, alex, 'alexw');
    t.factsAsked.length = 0; // filing asked too
    const outcome = t.app.useCases.approve({
      requestId: request.id,
      actor: megan,
      ...approval,
      signingIn: t.app.useCases.signInApprover(megan, 'sso'),
    });
    await settle();
    assert.deepEqual(t.factsAsked, [alex.id], 'the facts were asked before the exchange answered');
    assert.equal((await t.app.stores.requests.get(request.id))?.value.status, 'pending', 'nothing written while it runs');
    assert.equal(t.app.directory.creates, 0);
    t.answer({ ok: true, expiresAt: Date.now() + 3_600_000 });
    assert.equal((await outcome).kind, 'issued');
    assert.equal(t.app.directory.creates, 1);
  });

  for (const [reason, code] of [
    ['consent', 'sso.consent-required'],
    ['unavailable', 'graph.unavailable'],
  ] as const) {
    it(`a refused exchange (${reason}) writes nothing: still pending, no pass, the sign-in's problem`, async () => {
      const t = setUp();
      const request = await filed(t.app, alex, 'alexw');
      const before = await t.app.stores.requests.get(request.id);
      const outcome = t.app.useCases.approve({
        requestId: request.id,
        actor: megan,
        ...approval,
        signingIn: t.app.useCases.signInApprover(megan, 'sso'),
      });
      await settle();
      t.answer({ ok: false, reason } as ExchangeOutcome);
      const answered = await outcome;
      assert.deepEqual(answered, { kind: 'sign-in-failed', problem: { code } });
      const after = await t.app.stores.requests.get(request.id);
      assert.deepEqual([after?.value.status, after?.etag], ['pending', before?.etag], 'the row is untouched');
      assert.equal(t.app.directory.creates, 0);
    });
  }

  it('a refused exchange is the answer on a made-up id too, as when the exchange ran first', async () => {
    const t = setUp();
    const outcome = t.app.useCases.approve({
      requestId: 'TAP-9999',
      actor: megan,
      ...approval,
      signingIn: t.app.useCases.signInApprover(megan, 'sso'),
    });
    await settle();
    t.answer({ ok: false, reason: 'consent' } as ExchangeOutcome);
    assert.equal((await outcome).kind, 'sign-in-failed');
  });
});
