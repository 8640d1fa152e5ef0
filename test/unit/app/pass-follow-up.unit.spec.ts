// The sweeper's follow-up of issued passes, as specifications of the use cases: offered once, never
// again; a methods read Graph refuses (permission not granted) turns off this feature alone.
import assert from 'node:assert/strict';
import { DirectoryError } from '../../../src/app/kernel/ports';
import { actor, appFixture, filed } from '../../support/app-fixture';

const alex = actor('alexw');
const megan = actor('meganb');
const approval = { verification: 'call-back' as const, verificationNote: null };

async function issuedFor(app: ReturnType<typeof appFixture>) {
  const request = await filed(app, alex, 'alexw');
  const outcome = await app.useCases.approve({ requestId: request.id, actor: megan, ...approval });
  assert.equal(outcome.kind, 'issued');
  return request.id;
}

describe('app: once its job is done, the pass goes', () => {
  it('a method registered since the pass: offered once; the next sweeps send nothing', async () => {
    const app = appFixture();
    const requestId = await issuedFor(app);
    assert.equal((await app.useCases.sweep()).offered, 0, 'nothing new yet');
    app.clock.advanceMinutes(5);
    app.directory.registered.set(alex.id, [
      { kind: 'fido2', id: 'k1', displayName: 'Key', createdDateTime: app.clock.now().toISOString() },
    ]);
    assert.equal((await app.useCases.sweep()).offered, 1);
    assert.equal((await app.useCases.sweep()).offered, 0);
    assert.deepEqual(
      app.notices.filter((n) => n.event === 'offer-removal').map((n) => n.id),
      [requestId],
    );
    const stored = (await app.stores.requests.get(requestId))?.value;
    assert.ok(stored?.status === 'issued' && stored.followUp?.notifiedAt);
  });

  it('"Remove my pass": this request\'s pass is deleted, recorded, and the cards told', async () => {
    const app = appFixture();
    const requestId = await issuedFor(app);
    app.clock.advanceMinutes(5);
    app.directory.registered.set(alex.id, [{ kind: 'fido2', id: 'k1', displayName: null, createdDateTime: app.clock.now().toISOString() }]);
    await app.useCases.sweep();
    const outcome = await app.useCases.removeOwnPass(alex, requestId, 'done');
    assert.deepEqual([outcome.kind, outcome.kind === 'done' && outcome.result.pass], ['done', 'removed']);
    assert.equal(app.directory.deleted.length, 1);
    const stored = (await app.stores.requests.get(requestId))?.value;
    assert.ok(stored?.status === 'issued' && stored.followUp?.removedBy?.id === alex.id);
    assert.ok(app.notices.some((n) => n.event === 'pass-removed'));
    // Someone else clicking the same card: not theirs.
    assert.equal((await app.useCases.removeOwnPass(megan, requestId, 'done')).kind, 'not-found');
  });

  it('a newer pass (from another request) replaced this one: nothing is deleted', async () => {
    const app = appFixture();
    const requestId = await issuedFor(app);
    const [mine] = app.directory.passes.get(alex.id) ?? [];
    app.directory.passes.set(alex.id, [{ ...mine!, id: 'newer-pass' }]);
    const outcome = await app.useCases.removeOwnPass(alex, requestId, 'not-me');
    assert.deepEqual([outcome.kind, outcome.kind === 'done' && outcome.result.pass], ['done', 'none']);
    assert.deepEqual(app.directory.deleted, []);
  });

  it('Graph refuses the methods read (UserAuthenticationMethod.Read.All not granted): nothing offered, nothing fails', async () => {
    const app = appFixture();
    await issuedFor(app);
    app.directory.signInMethods = async () => {
      throw new DirectoryError('permission', 'Authorization_RequestDenied', 'Could not read the sign-in methods: Insufficient privileges', {
        status: 403,
      });
    };
    const report = await app.useCases.sweep();
    assert.equal(report.offered, 0);
    assert.equal(app.notices.filter((n) => n.event === 'offer-removal').length, 0);
  });
});
