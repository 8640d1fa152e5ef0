// Expiry races: whoever gets there first records the expiry, exactly once; an approval that arrives
// after the waiting time is refused and creates nothing.
import assert from 'node:assert/strict';
import { actor, appFixture, filed } from '../../support/app-fixture';

const alex = actor('alexw');
const megan = actor('meganb');
const approval = { verification: 'call-back' as const, verificationNote: null };

describe('app: expiry races', () => {
  it('two sweeps at the expiry: the expiry is recorded, audited and announced once', async () => {
    const app = appFixture();
    const request = await filed(app, alex, 'alexw');
    app.clock.advanceMinutes(app.config.requestTtlMinutes + 1);
    await Promise.all([app.useCases.sweep(), app.useCases.sweep()]);
    assert.equal((await app.stores.requests.get(request.id))?.value.status, 'expired');
    const expiries = (await app.stores.audit.listByRequest(request.id)).filter((e) => e.action === 'request.expired');
    assert.equal(expiries.length, 1);
    assert.equal(app.notices.filter((n) => n.event === 'expired').length, 1);
  });

  it('an approval and a sweep at the expiry: the request expires once and no pass is made', async () => {
    const app = appFixture();
    const request = await filed(app, alex, 'alexw');
    app.clock.advanceMinutes(app.config.requestTtlMinutes + 1);
    const [approved] = await Promise.all([
      app.useCases.approve({ requestId: request.id, actor: megan, ...approval }),
      app.useCases.sweep(),
    ]);
    assert.ok(approved.kind === 'refused' || approved.kind === 'unchanged', approved.kind);
    assert.equal(approved.request?.status, 'expired');
    assert.equal(app.directory.creates, 0);
    assert.equal((await app.stores.audit.listByRequest(request.id)).filter((e) => e.action === 'request.expired').length, 1);
  });

  it('just before the expiry the approval wins and the later sweep leaves the issued request alone', async () => {
    const app = appFixture();
    const request = await filed(app, alex, 'alexw');
    app.clock.advanceMinutes(app.config.requestTtlMinutes - 1);
    assert.equal((await app.useCases.approve({ requestId: request.id, actor: megan, ...approval })).kind, 'issued');
    app.clock.advanceMinutes(2);
    assert.equal((await app.useCases.sweep()).expired, 0);
    assert.equal((await app.stores.requests.get(request.id))?.value.status, 'issued');
  });
});
