// The holder removes their own pass: with their own rights (delegated: their signed-in token; application: the app's),
// "This wasn't me" also ends their sessions and always alerts the help desk, "done" does neither; nobody removes a
// pass through a request that is not theirs. (Reused by the sweeper's "remove your pass now" with reason 'done'.)
import assert from 'node:assert/strict';
import type { OwnPassResult } from '../../../src/app/requests/own-pass';
import { actor, appFixture, filed, heldSession } from '../../support/app-fixture';

const alex = actor('alexw');
const megan = actor('meganb');
const approval = { verification: 'call-back' as const, verificationNote: null };

describe("app: removing one's own pass", () => {
  it('"not me" (application mode): removed, sessions ended, the help desk alerted once with what happened', async () => {
    const app = appFixture();
    const request = await filed(app, alex, 'alexw');
    assert.equal((await app.useCases.approve({ requestId: request.id, actor: megan, ...approval })).kind, 'issued');
    const alerts = app.notMeAlerts;
    const outcome = await app.useCases.removeOwnPass(alex, request.id, 'not-me');
    assert.equal(outcome.kind, 'done');
    const result = (outcome as { result: OwnPassResult }).result;
    assert.deepEqual([result.pass, result.sessions, result.problem], ['removed', 'ended', null]);
    assert.equal(app.directory.deleted.length, 1);
    assert.deepEqual(app.directory.sessionsRevoked, [alex.id]);
    assert.equal(alerts.length, 1);
  });

  it('"done": removed, no sessions ended, no alert', async () => {
    const app = appFixture();
    const request = await filed(app, alex, 'alexw');
    await app.useCases.approve({ requestId: request.id, actor: megan, ...approval });
    const outcome = await app.useCases.removeOwnPass(alex, request.id, 'done');
    const alerted = app.notMeAlerts.length;
    const result = (outcome as { result: OwnPassResult }).result;
    assert.deepEqual([result.pass, result.sessions, alerted], ['removed', 'not-asked', 0]);
    assert.deepEqual(app.directory.sessionsRevoked, []);
  });

  it("someone else's request: not found, nothing deleted, nobody alerted", async () => {
    const app = appFixture();
    const request = await filed(app, alex, 'alexw');
    await app.useCases.approve({ requestId: request.id, actor: megan, ...approval });
    const outcome = await app.useCases.removeOwnPass(megan, request.id, 'not-me');
    const alerted = app.notMeAlerts.length;
    assert.equal(outcome.kind, 'not-found');
    assert.deepEqual([app.directory.deleted.length, alerted], [0, 0]);
  });

  it("delegated mode without the holder's token: kept (sign in again), and the help desk is still alerted", async () => {
    const app = appFixture({ passIssuance: 'delegated', sessions: (directory) => heldSession(megan.id, directory, null) });
    const request = await filed(app, alex, 'alexw');
    assert.equal((await app.useCases.approve({ requestId: request.id, actor: megan, ...approval })).kind, 'issued');
    const alerts = app.notMeAlerts;
    const outcome = await app.useCases.removeOwnPass(alex, request.id, 'not-me');
    const result = (outcome as { result: OwnPassResult }).result;
    assert.deepEqual([result.pass, result.problem?.code], ['kept', 'sso.signin-again']);
    assert.equal(app.directory.deleted.length, 0, "the approver's held token is not used for the holder");
    assert.equal(alerts.length, 1);
  });
});
