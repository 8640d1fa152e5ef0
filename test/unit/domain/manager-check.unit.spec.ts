// The manager's confirmation as decide() applies it: only the manager the directory names now counts, "Not them"
// holds the request (checkApproval refuses whoever approves), and where asking starts at filing.
import assert from 'node:assert/strict';
import type { TapRequest } from '../../../src/domain/request-types';
import { type Command, checkApproval, decide, heldByManager, managerCheckAtFiling } from '../../../src/domain/request';
import { issuerFactsFor, loadSeed, personFor, policyFor, targetFactsFor } from '../../support/seed-facts';

const seed = loadSeed();
const T0 = new Date('2025-06-02T10:00:00Z');
const at = (minutes: number) => new Date(T0.getTime() + minutes * 60_000);
const lee = personFor(seed, 'leeg');
const megan = personFor(seed, 'meganb');
const miriam = personFor(seed, 'miriamg');

function filed(manager = managerCheckAtFiling({ known: true, value: lee }, T0)): TapRequest {
  const result = decide(
    null,
    {
      type: 'file',
      id: 'TAP-0042',
      requester: megan,
      target: miriam,
      reason: { code: 'lost-device', text: null },
      pass: { lifetimeInMinutes: 60, isUsableOnce: true, startDateTime: null },
      delivery: 'approver',
      ttlMinutes: 30,
      replacesLivePass: false,
      ...(manager ? { managerCheck: manager } : {}),
    },
    T0,
  );
  assert.ok(result.ok);
  return result.value;
}

const answer = (by = lee, said: 'confirmed' | 'not-them' = 'confirmed', live: typeof lee | null = lee): Command => ({
  type: 'manager-answer',
  by,
  answer: said,
  manager: { known: true, value: live },
});

describe('the manager confirms it is really them', () => {
  it('filing starts it from the live read: asked, no manager, or why it is not known', () => {
    assert.deepEqual(managerCheckAtFiling({ known: true, value: lee }, T0), { state: 'asked', manager: lee, askedAt: T0.toISOString() });
    assert.deepEqual(managerCheckAtFiling({ known: true, value: null }, T0), { state: 'no-manager' });
    assert.deepEqual(managerCheckAtFiling({ known: false, reason: 'permission', need: 'User.Read.All' }, T0), {
      state: 'unknown',
      why: 'User.Read.All',
    });
    assert.equal(managerCheckAtFiling(undefined, T0), undefined);
    assert.deepEqual(filed().managerCheck, { state: 'asked', manager: lee, askedAt: T0.toISOString() });
  });

  it("the manager's Confirm is recorded with the time; the state stays pending", () => {
    const result = decide(filed(), answer(), at(3));
    assert.ok(result.ok);
    assert.equal(result.value.status, 'pending');
    assert.deepEqual(result.value.managerCheck, { state: 'confirmed', manager: lee, askedAt: T0.toISOString(), at: at(3).toISOString() });
  });

  it('a click by anyone the directory does not name as manager now changes nothing', () => {
    assert.deepEqual(decide(filed(), answer(megan), at(3)), { ok: false, error: { code: 'manager.not-manager' } });
    // Lee was asked, but the directory now names someone else (or nobody): his click no longer counts.
    assert.deepEqual(decide(filed(), answer(lee, 'confirmed', megan), at(3)), { ok: false, error: { code: 'manager.not-manager' } });
    assert.deepEqual(decide(filed(), answer(lee, 'confirmed', null), at(3)), { ok: false, error: { code: 'manager.not-manager' } });
    const unreadable: Command = { type: 'manager-answer', by: lee, answer: 'confirmed', manager: { known: false, reason: 'unavailable' } };
    assert.deepEqual(decide(filed(), unreadable, at(3)), { ok: false, error: { code: 'manager.unreadable' } });
  });

  it('nothing to answer when nobody was asked', () => {
    assert.deepEqual(decide(filed(managerCheckAtFiling({ known: true, value: null }, T0)), answer(), at(3)), {
      ok: false,
      error: { code: 'manager.not-asked' },
    });
    assert.deepEqual(decide(filed(null as never), answer(), at(3)), { ok: false, error: { code: 'manager.not-asked' } });
  });

  it('"Not them" holds the request: every approval is refused, even after a confirmation; Confirm cannot release it', () => {
    const confirmed = decide(filed(), answer(), at(2));
    assert.ok(confirmed.ok);
    const held = decide(confirmed.value, answer(lee, 'not-them'), at(3));
    assert.ok(held.ok);
    assert.equal(held.value.status, 'pending');
    assert.ok(heldByManager(held.value));
    assert.deepEqual(decide(held.value, answer(), at(4)), {
      ok: false,
      error: { code: 'manager.already-answered', params: { state: 'not-them' } },
    });
    const adele = issuerFactsFor(seed, 'adelev', at(5));
    const check = checkApproval(held.value, adele, targetFactsFor(seed, 'miriamg', at(5)), policyFor(seed), at(5), {
      refuseHighRisk: true,
    });
    assert.deepEqual(check.refusals[0], { code: 'request.held-not-them', params: { manager: lee.displayName } });
    const free = checkApproval(confirmed.value, adele, targetFactsFor(seed, 'miriamg', at(5)), policyFor(seed), at(5), {
      refuseHighRisk: true,
    });
    assert.equal(free.refusals.length, 0);
  });

  it('an undelivered card is recorded as unreachable; an answer from the manager still counts', () => {
    const unreachable = decide(filed(), { type: 'manager-unreachable' }, at(1));
    assert.ok(unreachable.ok);
    assert.equal(unreachable.value.managerCheck?.state, 'unreachable');
    assert.ok(decide(unreachable.value, answer(), at(3)).ok);
  });
});
