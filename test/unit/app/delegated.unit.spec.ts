// Delegated issuance: the pass is created with the approver's own token. When Entra refuses the
// approver although TAP Desk's rules allowed them, nothing is made, the request is pending again for
// another approver, and the approver reads Entra's reason.
import assert from 'node:assert/strict';
import { DirectoryError } from '../../../src/app/kernel/ports';
import { actor, appFixture, filed, heldSession } from '../../support/app-fixture';

const alex = actor('alexw');
const megan = actor('meganb');
const approval = { verification: 'call-back' as const, verificationNote: null };
const refusal = new DirectoryError(
  'refused',
  'Authorization_RequestDenied',
  'Could not create the pass: Insufficient privileges to complete the operation.',
  { status: 403 },
);

describe('app: delegated issuance', () => {
  it("issues with the approver's held session", async () => {
    const app = appFixture({ passIssuance: 'delegated', sessions: (directory) => heldSession(megan.id, directory, null) });
    const request = await filed(app, alex, 'alexw');
    assert.equal((await app.useCases.approve({ requestId: request.id, actor: megan, ...approval })).kind, 'issued');
  });

  it('without a held session the approver is asked to sign in and nothing changes', async () => {
    const app = appFixture({
      passIssuance: 'delegated',
      sessions: () => ({ writerFor: () => null, exchange: async () => ({ ok: true, expiresAt: 0 }), adopt: () => undefined }),
    });
    const request = await filed(app, alex, 'alexw');
    const outcome = await app.useCases.approve({ requestId: request.id, actor: megan, ...approval });
    assert.equal(outcome.kind === 'refused' && outcome.problem.code, 'sso.signin-again');
    assert.equal(app.directory.creates, 0);
  });

  it("Entra refuses the approver: no pass, pending again, Entra's reason, audited", async () => {
    const app = appFixture({ passIssuance: 'delegated', sessions: (directory) => heldSession(megan.id, directory, refusal) });
    const request = await filed(app, alex, 'alexw');
    const outcome = await app.useCases.approve({ requestId: request.id, actor: megan, ...approval });
    assert.equal(outcome.kind, 'refused');
    assert.equal(outcome.kind === 'refused' && outcome.problem.code, 'entra.refused');
    assert.match(JSON.stringify(outcome.kind === 'refused' && outcome.problem.params), /Insufficient privileges/);
    assert.equal((await app.stores.requests.get(request.id))?.value.status, 'pending');
    assert.equal(app.directory.creates, 0);
    const entry = (await app.stores.audit.listByRequest(request.id)).find((e) => e.action === 'pass.refused-by-entra');
    assert.equal(entry?.outcome, 'Authorization_RequestDenied');
  });
});
