// The requester's side and "who acts": reveal in requester-delivery mode, hand-over by the one person
// the pass was shown to, and cancel recording the person as the request knows them (not a blank UPN).
import assert from 'node:assert/strict';
import { actor, appFixture, filed } from '../../support/app-fixture';
import { loadSeed, personFor } from '../../support/seed-facts';

const seed = loadSeed();
const alex = actor('alexw');
const megan = actor('meganb');
const ben = actor('benw');
const approval = { verification: 'in-person' as const, verificationNote: null };

describe('app: reveal (PASS_DELIVERY=requester)', () => {
  it('approval makes no pass; the requester reveals it once; a second reveal shows nothing', async () => {
    const app = appFixture({ passDelivery: 'requester' });
    const request = await filed(app, alex, 'alexw');
    assert.equal((await app.useCases.approve({ requestId: request.id, actor: megan, ...approval })).kind, 'approved');
    assert.equal(app.directory.creates, 0);
    const shown = await app.useCases.reveal({ requestId: request.id, actor: alex });
    assert.equal(shown.kind, 'issued');
    assert.equal(shown.kind === 'issued' && shown.pass.value, 'the-pass-value');
    assert.deepEqual(shown.kind === 'issued' && shown.request.status === 'issued' && shown.request.shownTo, personFor(seed, 'alexw'));
    // The pass may still be on Alex's screen: "in progress", which the Teams side answers without replacing his card.
    const again = await app.useCases.reveal({ requestId: request.id, actor: alex });
    assert.equal(again.kind, 'in-progress');
    assert.equal(app.directory.creates, 1);
    await app.useCases.handOver({ requestId: request.id, actor: alex });
    assert.equal((await app.useCases.reveal({ requestId: request.id, actor: alex })).kind, 'unchanged', 'handed over: the card may change');
  });

  it('a double click on Reveal: the second is answered at once, one pass', async () => {
    const app = appFixture({ passDelivery: 'requester' });
    const request = await filed(app, alex, 'alexw');
    await app.useCases.approve({ requestId: request.id, actor: megan, ...approval });
    const click = () => app.useCases.reveal({ requestId: request.id, actor: alex });
    const [first, second] = await Promise.all([click(), click()]);
    assert.deepEqual([first.kind, second.kind], ['issued', 'in-progress']);
    assert.equal(app.directory.creates, 1);
  });

  it('only the requester may reveal', async () => {
    const app = appFixture({ passDelivery: 'requester' });
    const request = await filed(app, alex, 'alexw');
    await app.useCases.approve({ requestId: request.id, actor: megan, ...approval });
    const outcome = await app.useCases.reveal({ requestId: request.id, actor: megan });
    assert.equal(outcome.kind === 'refused' && outcome.problem.code, 'reveal.not-requester');
    assert.equal(app.directory.creates, 0);
  });
});

describe('app: hand-over and cancel record who acted', () => {
  it('the approver who was shown the pass hands it over; the audit names them with their UPN', async () => {
    const app = appFixture();
    const request = await filed(app, alex, 'alexw');
    await app.useCases.approve({ requestId: request.id, actor: megan, ...approval });
    assert.equal((await app.useCases.handOver({ requestId: request.id, actor: ben })).kind, 'refused');
    const done = await app.useCases.handOver({ requestId: request.id, actor: megan });
    assert.equal(done.kind, 'handed-over');
    assert.equal(app.notices.at(-1)?.event, 'handed-over');
    const entry = (await app.stores.audit.listByRequest(request.id)).find((e) => e.action === 'pass.handed-over');
    assert.equal(entry?.actor?.id, megan.id);
    assert.equal((await app.useCases.handOver({ requestId: request.id, actor: megan })).kind, 'unchanged');
  });

  it('cancel stores the requester as the request records them, UPN included', async () => {
    const app = appFixture();
    const request = await filed(app, alex, 'alexw');
    const outcome = await app.useCases.cancel({ requestId: request.id, actor: alex });
    assert.equal(outcome.kind, 'cancelled');
    const stored = (await app.stores.requests.get(request.id))?.value;
    assert.deepEqual(stored?.status === 'cancelled' && stored.cancelledBy, personFor(seed, 'alexw'));
  });

  it('someone else cannot cancel, and nothing is stored for them', async () => {
    const app = appFixture();
    const request = await filed(app, alex, 'alexw');
    const outcome = await app.useCases.cancel({ requestId: request.id, actor: ben });
    assert.equal(outcome.kind === 'refused' && outcome.problem.code, 'request.cancel-not-allowed');
    assert.equal((await app.stores.requests.get(request.id))?.value.status, 'pending');
  });
});
