// The approval card's "Call back on": the directory's numbers (Graph's businessPhones, mobilePhone) as the
// emulator serves the demo seed through the bot's own facts batch and mapper; plainly said when there are none.
import assert from 'node:assert/strict';
import { approvalView, callBackLine, targetFactLines } from '../../../src/teams/views/approval-views';
import { toUserFact } from '../../../src/graph/facts-mapper';
import { loadSeed, targetFactsFor } from '../../support/seed-facts';
import { managerCheckLine } from '../../../src/teams/views/manager-check-views';
import type { TapRequest } from '../../../src/domain/request-types';
import { viewOf } from '../../../src/app/kernel/request-view';

const NOW = new Date('2026-03-02T10:00:00Z');
const seed = loadSeed();
const callBack = (who: string) => targetFactLines(targetFactsFor(seed, who, NOW), NOW, null).find((f) => f.title === 'Call back on')?.value;

describe('approval card: the number to call back, from the directory', () => {
  it('shows the work and mobile numbers the directory holds', () => {
    assert.equal(callBack('alexw'), '+1 425 555 0101 (work), +1 425 555 0201 (mobile): from the directory');
    assert.equal(callBack('debrab'), '+1 425 555 0222 (mobile): from the directory');
  });

  it('says plainly when the directory has no number', () => {
    assert.equal(callBack('christiec'), 'no number in the directory: verify another way, never on a number they give you');
  });

  it("says it couldn't check when the user was read without the phone properties (never a guess)", () => {
    const user = toUserFact({ id: 'u1', displayName: 'Someone', userPrincipalName: 'someone@contoso.com' });
    assert.equal(user.phones, undefined);
    assert.equal(callBackLine(user.phones), "couldn't check the directory's numbers");
  });

  it('drops blank entries and never reads a number from the request text', () => {
    assert.deepEqual(toUserFact({ id: 'u1', businessPhones: ['  ', ''], mobilePhone: ' ' }).phones, { business: [], mobile: null });
    const facts = targetFactsFor(seed, 'christiec', NOW);
    const person = { id: facts.user.id, userPrincipalName: facts.user.userPrincipalName, displayName: facts.user.displayName };
    const request = {
      id: 'TAP-10001',
      status: 'pending',
      requester: person,
      target: person,
      reason: { code: 'other', text: 'new phone, call me on +1 206 555 0199' },
      pass: { lifetimeInMinutes: 60, isUsableOnce: true, startDateTime: NOW.toISOString(), startMovedFrom: null },
      delivery: 'approver',
      createdAt: NOW.toISOString(),
      expiresAt: NOW.toISOString(),
      replacesLivePass: false,
      reminderSentAt: null,
    } as unknown as TapRequest;
    const view = approvalView(viewOf(request), NOW, { actionable: true, facts });
    const line = view.targetFacts.find((f) => f.title === 'Call back on')?.value ?? '';
    assert.doesNotMatch(line, /0199/);
    assert.match(line, /no number in the directory/);
  });
});

describe("approval card: the manager's confirmation", () => {
  const lee = { id: 'l', displayName: 'Lee Gu', userPrincipalName: 'leeg@contoso.com' };
  it('says where it stands, and nothing for requests filed before managers were asked', () => {
    assert.equal(managerCheckLine(undefined), null);
    assert.equal(managerCheckLine({ state: 'no-manager' }), 'no manager in the directory');
    assert.equal(managerCheckLine({ state: 'asked', manager: lee, askedAt: NOW.toISOString() }), 'asked Lee Gu, no answer yet');
    assert.match(
      managerCheckLine({ state: 'confirmed', manager: lee, askedAt: NOW.toISOString(), at: NOW.toISOString() }) ?? '',
      /^Confirmed by Lee Gu at /,
    );
    assert.match(
      managerCheckLine({ state: 'not-them', manager: lee, askedAt: NOW.toISOString(), at: NOW.toISOString() }) ?? '',
      /NOT them .*held$/,
    );
    assert.equal(managerCheckLine({ state: 'unknown', why: 'User.Read.All' }), "couldn't read the manager (User.Read.All)");
  });
});
