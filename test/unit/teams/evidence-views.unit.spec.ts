// The evidence policy in words on the approval card: nothing new under the default, the rule / evidence so far / still
// needed under a policy, the refusal's next step, and the evidence an approval recorded on the outcome.
import assert from 'node:assert/strict';
import { RECOMMENDED_POLICY, STATED_POLICY, evidenceNeed } from '../../../src/domain/evidence';
import type { ManagerCheck, TapRequest } from '../../../src/domain/request-types';
import { viewOf } from '../../../src/app/kernel/request-view';
import { approvalView } from '../../../src/teams/views/approval-views';
import { evidenceFacts } from '../../../src/teams/views/evidence-views';
import { explain } from '../../../src/teams/texts';
import { loadSeed, personFor, targetFactsFor } from '../../support/seed-facts';

const seed = loadSeed();
const NOW = new Date('2026-11-22T12:00:00Z');
const ben = personFor(seed, 'benw');
const megan = personFor(seed, 'meganb');
const adele = personFor(seed, 'adelev');
const benFacts = targetFactsFor(seed, 'benw', NOW);

function pending(managerCheck: ManagerCheck): TapRequest {
  return {
    id: 'TAP-0042',
    requester: ben,
    target: ben,
    reason: { code: 'lost-device', text: null },
    pass: { lifetimeInMinutes: 60, isUsableOnce: true, startDateTime: null },
    delivery: 'approver',
    createdAt: NOW.toISOString(),
    expiresAt: new Date(NOW.getTime() + 30 * 60_000).toISOString(),
    replacesLivePass: false,
    reminderSentAt: null,
    managerCheck,
    status: 'pending',
  };
}
const asked: ManagerCheck = { state: 'asked', manager: megan, askedAt: NOW.toISOString() };
const confirmed: ManagerCheck = { ...asked, state: 'confirmed', at: NOW.toISOString() };
const titles = (facts: Array<{ title: string }>) => facts.map((f) => f.title);

describe('the evidence policy on the approval card', () => {
  it('under the default the card shows nothing new and keeps its choices', () => {
    const need = evidenceNeed(STATED_POLICY, pending(asked), benFacts, adele.id, true);
    assert.deepEqual(evidenceFacts(need), []);
    const view = approvalView(viewOf(pending(asked)), NOW, { actionable: true, evidence: need });
    assert.equal(view.canApprove, true);
    assert.equal(view.canRecheck, false);
    assert.equal(view.verificationChoices.find((c) => c.value === 'manager-confirmed')?.title, 'Their manager confirmed it is them');
  });

  it('under a policy: the rule, the evidence so far and what is still needed; Approve only once it can be met', () => {
    const need = evidenceNeed(RECOMMENDED_POLICY, pending(asked), benFacts, adele.id, true);
    const view = approvalView(viewOf(pending(asked)), NOW, { actionable: true, canApprove: false, evidence: need });
    assert.deepEqual(titles(view.requestFacts).slice(-3), ['Evidence policy', 'Evidence so far', 'Still needed']);
    assert.equal(view.canApprove, false);
    assert.equal(view.canRecheck, true);
    assert.equal(view.actionable, true, 'Deny stays');
    assert.match(view.verificationChoices.find((c) => c.value === 'manager-confirmed')?.title ?? '', /your word/);

    const done = evidenceNeed(RECOMMENDED_POLICY, pending(confirmed), benFacts, adele.id, true);
    const still = evidenceFacts(done).find((f) => f.title === 'Still needed')?.value;
    assert.match(still ?? '', /completes it/);
  });

  it('the refusal names the rule, what is held and the next steps; with nothing to add it says to deny or verify otherwise', () => {
    const words = explain({
      code: 'request.evidence-needed',
      params: {
        targetClass: 'admin',
        count: 2,
        independent: 1,
        held: 'call-back',
        more: 1,
        moreIndependent: 1,
        open: 'call-back,face-check',
      },
    });
    assert.match(words.text, /people who hold an admin role: two kinds of evidence, at least one not resting on your word/);
    assert.match(words.text, /Evidence so far: a call-back on a number the directory holds\./);
    assert.equal(words.nextStep, 'Still needed: one more (one not resting on your word): ask for a Face Check.');
    const stuck = explain({
      code: 'request.evidence-needed',
      params: { targetClass: 'guest', count: 1, independent: 0, held: '', more: 1, moreIndependent: 0, open: '' },
    });
    assert.match(stuck.nextStep, /none can be added now: deny the request, or have the person verified another way/);
  });

  it('the issued card says which evidence the approval rested on; an approval stored before says nothing of it', () => {
    const approval = {
      by: adele,
      at: NOW.toISOString(),
      verification: 'call-back' as const,
      verificationNote: null,
      authority: { roleTemplateId: 'c4e39bd9-1100-46d3-8c65-fb160da0071f', scope: { kind: 'tenant' as const } },
    };
    const issued = (evidence?: Array<'call-back' | 'manager'>): TapRequest => ({
      ...pending(confirmed),
      status: 'issued',
      approval: evidence ? { ...approval, evidence } : approval,
      issued: {
        id: 'p',
        createdDateTime: NOW.toISOString(),
        startDateTime: NOW.toISOString(),
        lifetimeInMinutes: 60,
        isUsableOnce: true,
        expiresAt: NOW.toISOString(),
      },
      shownTo: null,
      shownAt: null,
      handoverDueAt: null,
      handedOverAt: null,
    });
    const withEvidence = approvalView(viewOf(issued(['call-back', 'manager'])), NOW, { actionable: false }).outcome;
    assert.match(
      withEvidence,
      /\(call back; evidence: a call-back on a number the directory holds and their manager's Confirm in TAP Desk\)/,
    );
    assert.doesNotMatch(approvalView(viewOf(issued()), NOW, { actionable: false }).outcome, /evidence/);
  });
});
