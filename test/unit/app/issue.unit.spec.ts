// Approving and issuing, as specifications of the use cases: one create per approval, the pass shown
// once and never stored, an ambiguous create settled by reading Graph, and fail-closed when the
// approval cannot be recorded.
import assert from 'node:assert/strict';
import { actor, appFixture, filed } from '../../support/app-fixture';
import { loadSeed, personFor } from '../../support/seed-facts';

const alex = actor('alexw');
const megan = actor('meganb');
const ben = actor('benw');
const approval = { verification: 'call-back' as const, verificationNote: null };

describe('app: approving issues the pass', () => {
  it('issues one pass, shows it to the approver once, and stores and audits no value', async () => {
    const app = appFixture();
    const request = await filed(app, alex, 'alexw');
    const outcome = await app.useCases.approve({ requestId: request.id, actor: megan, ...approval });
    assert.equal(outcome.kind, 'issued');
    assert.equal(outcome.kind === 'issued' && outcome.pass.value, 'the-pass-value');
    assert.equal(app.directory.creates, 1);
    const stored = (await app.stores.requests.get(request.id))?.value;
    assert.equal(stored?.status, 'issued');
    assert.deepEqual(stored?.status === 'issued' && stored.shownTo, personFor(loadSeed(), 'meganb'));
    const trail = await app.stores.audit.listByRequest(request.id);
    assert.deepEqual(trail.map((e) => e.action).sort(), ['pass.issued', 'request.approved', 'request.filed']);
    assert.doesNotMatch(JSON.stringify({ stored, trail }), /the-pass-value/);
    assert.deepEqual(
      app.notices.map((n) => n.event),
      ['filed', 'issued'],
    );
  });

  it('a second click changes nothing and creates nothing', async () => {
    const app = appFixture();
    const request = await filed(app, alex, 'alexw');
    await app.useCases.approve({ requestId: request.id, actor: megan, ...approval });
    const again = await app.useCases.approve({ requestId: request.id, actor: megan, ...approval });
    // Megan's pass may still be on her screen: "in progress" (the Teams side answers without replacing her card).
    assert.equal(again.kind, 'in-progress');
    assert.equal(app.directory.creates, 1);
  });

  it('two clicks at once on one instance: the second is answered at once from the in-memory guard, one create', async () => {
    const app = appFixture();
    const request = await filed(app, alex, 'alexw');
    const [first, second] = await Promise.all([
      app.useCases.approve({ requestId: request.id, actor: megan, ...approval }),
      app.useCases.approve({ requestId: request.id, actor: megan, ...approval }),
    ]);
    assert.deepEqual([first.kind, second.kind], ['issued', 'in-progress']);
    assert.equal(second.kind === 'in-progress' ? second.request : 'not in progress', null, 'answered before reading the store');
    assert.equal(app.directory.creates, 1);
  });

  it('after the hand-over, a late click shows the request unchanged (the pass is no longer on screen)', async () => {
    const app = appFixture();
    const request = await filed(app, alex, 'alexw');
    await app.useCases.approve({ requestId: request.id, actor: megan, ...approval });
    await app.useCases.handOver({ requestId: request.id, actor: megan });
    const late = await app.useCases.approve({ requestId: request.id, actor: megan, ...approval });
    assert.equal(late.kind, 'unchanged');
  });

  it('someone without the role is refused, told why, and shown the card as they may see it', async () => {
    const app = appFixture();
    const request = await filed(app, alex, 'alexw');
    const outcome = await app.useCases.approve({ requestId: request.id, actor: ben, ...approval });
    assert.equal(outcome.kind, 'refused');
    if (outcome.kind !== 'refused') return;
    assert.match(outcome.problem.code, /^issuer\./);
    assert.equal(outcome.review?.kind, 'open');
    assert.equal(outcome.review?.kind === 'open' && outcome.review.actionable, false);
    assert.deepEqual(outcome.review?.kind === 'open' && outcome.review.problems.map((p) => p.code), [outcome.problem.code]);
    assert.equal((await app.stores.requests.get(request.id))?.value.status, 'pending');
    assert.equal(app.directory.creates, 0);
  });

  it('the review applies the same rule as the approval: actionable for Megan, not for Ben', async () => {
    const app = appFixture();
    const request = await filed(app, alex, 'alexw');
    const forMegan = await app.useCases.reviewApproval({ requestId: request.id, actor: megan });
    const forBen = await app.useCases.reviewApproval({ requestId: request.id, actor: ben });
    assert.equal(forMegan.kind === 'open' && forMegan.actionable, true);
    assert.equal(forBen.kind === 'open' && forBen.actionable, false);
  });
});

describe('app: an ambiguous create is settled by reading Graph', () => {
  it('a pass made although the answer was lost is deleted (its value is gone); the request fails, retryable', async () => {
    const app = appFixture();
    const request = await filed(app, alex, 'alexw');
    app.directory.nextCreate = 'ambiguous-created';
    const outcome = await app.useCases.approve({ requestId: request.id, actor: megan, ...approval });
    assert.equal(outcome.kind, 'failed');
    assert.equal(outcome.kind === 'failed' && outcome.problem.code, 'issue.response-lost');
    assert.deepEqual(app.directory.deleted, ['pass-1']);
    assert.deepEqual(await app.directory.listPasses(request.target.id), []);
    const stored = (await app.stores.requests.get(request.id))?.value;
    assert.equal(stored?.status === 'failed' && stored.failure.retryable, true);
  });

  it('when nothing was made, nothing is deleted and the request may be approved again', async () => {
    const app = appFixture();
    const request = await filed(app, alex, 'alexw');
    app.directory.nextCreate = 'ambiguous-not-created';
    const outcome = await app.useCases.approve({ requestId: request.id, actor: megan, ...approval });
    assert.equal(outcome.kind === 'failed' && outcome.problem.code, 'issue.not-created');
    assert.deepEqual(app.directory.deleted, []);
    const retry = await app.useCases.approve({ requestId: request.id, actor: megan, ...approval });
    assert.equal(retry.kind, 'issued');
    assert.equal(app.directory.creates, 2);
  });
});

describe('app: fail closed when the approval cannot be recorded', () => {
  it('deletes the pass it made, fails the request (retryable) and shows no pass', async () => {
    const app = appFixture();
    const request = await filed(app, alex, 'alexw');
    const append = app.stores.audit.append.bind(app.stores.audit);
    app.stores.audit.append = async (entry) => {
      if (entry.action === 'request.approved') throw new Error('audit table unavailable');
      return append(entry);
    };
    const outcome = await app.useCases.approve({ requestId: request.id, actor: megan, ...approval });
    assert.equal(outcome.kind, 'failed');
    assert.equal(outcome.kind === 'failed' && outcome.problem.code, 'issue.store-failed');
    assert.equal(app.directory.creates, 1);
    assert.deepEqual(app.directory.deleted, ['pass-1']);
    const stored = (await app.stores.requests.get(request.id))?.value;
    assert.equal(stored?.status === 'failed' && stored.failure.code, 'issue.store-failed');
  });
});
