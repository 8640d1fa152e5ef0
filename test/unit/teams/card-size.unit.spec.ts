// Every card variant, rendered through its real view function at its worst case (the longest names
// Entra allows, the longest reasons the forms take, every list at its cap, text that markdown escaping
// makes longest), stays under the budget: 80 KB counted as Teams counts, 2 bytes per UTF-16 code unit
// of the JSON payload. Teams refuses messages over 100 KB; the budget leaves room for the activity.
import assert from 'node:assert/strict';
import { CARD_NAMES, CardRenderer, type CardJson } from '../../../src/teams/cards/renderer';
import type { CardName } from '../../../src/teams/cards/view-types';
import type { PersonRef, TapRequest } from '../../../src/domain/request-types';
import type { TargetFacts } from '../../../src/domain/facts';
import type { EvidenceNeed } from '../../../src/domain/evidence';
import type { AuditEntry } from '../../../src/app/kernel/ports';
import type { PendingItem } from '../../../src/app/help-desk/access';
import { REQUEST_STATUSES } from '../../../src/domain/request-types';
import { requiredRoleFor } from '../../../src/domain/issuer-rules';
import { viewOf } from '../../../src/app/kernel/request-view';
import { approvalView, holderView, passRevealView } from '../../../src/teams/views/approval-views';
import { requestFormView, requestStatusView } from '../../../src/teams/views/request-views';
import {
  AUDIT_LINES_SHOWN,
  auditLines,
  PENDING_PAGE_SIZE,
  pendingView,
  pickUserView,
  userStatusView,
} from '../../../src/teams/views/help-desk-views';
import { diagnosisResultView, diagnosisStartView } from '../../../src/teams/views/diagnosis-views';
import { diagnose } from '../../../src/domain/diagnosis/diagnosis';
import { HELP_VIEW, WELCOME_VIEW } from '../../../src/teams/handlers/help';
import { orphanView } from '../../../src/teams/views/orphan-views';
import { faceCheckAskView } from '../../../src/teams/views/face-check-views';
import { loadSeed, policyFor, targetFactsFor } from '../../support/seed-facts';
import { diagnosisFactsFor } from '../../support/seed-diagnosis-facts';
import { MESSAGE_SIZE_LIMIT_BYTES } from '../../support/teams-limits';

/** 80 KB: Microsoft's advice for a message that surely goes through, four fifths of the limit. */
export const CARD_BUDGET_BYTES = (MESSAGE_SIZE_LIMIT_BYTES * 4) / 5;

/** Bytes as Teams counts a card: UTF-16 code units of its JSON, two bytes each. */
export function teamsBytes(card: CardJson): number {
  return JSON.stringify(card).length * 2;
}

// A backslash is the costliest character: escaped for markdown (\\) and again for JSON, 4 code units.
const worst = (length: number) => '\\'.repeat(length);
/** Entra's limits: displayName 256, userPrincipalName 113, jobTitle 128, department 64 characters. */
const NAME = 256;
const UPN = 113;
/** The forms' limits (cards/request-form.json, cards/approval.json). */
const REASON = 300;
const DENY_REASON = 300;
const NOTE = 200;

const NOW = new Date('2026-11-22T12:00:00Z');
const SEED = loadSeed();
const person = (n: number): PersonRef => ({
  id: `0000000${n}-0000-4000-8000-000000000000`,
  userPrincipalName: worst(UPN),
  displayName: worst(NAME),
});
const [REQUESTER, TARGET, APPROVER] = [person(1), person(2), person(3)];
const AT = NOW.toISOString();
const approval = {
  by: APPROVER,
  at: AT,
  verification: 'other' as const,
  verificationNote: worst(NOTE),
  authority: { roleTemplateId: 'c4e39bd9-1100-46d3-8c65-fb160da0071f', scope: { kind: 'tenant' as const } },
  evidence: ['call-back' as const, 'manager' as const, 'face-check' as const],
};
/** The evidence policy's lines at their longest: a rule with independents, nothing held, every way still open. */
const EVIDENCE: EvidenceNeed = {
  policy: 'custom',
  targetClass: 'admin',
  rule: { count: 3, independent: 1 },
  held: [],
  callBackCounts: true,
  withCallBack: { more: 2, moreIndependent: 1 },
  otherwise: { more: 3, moreIndependent: 1 },
  open: ['call-back', 'manager', 'face-check'],
};
const issued = { id: 'p', createdDateTime: AT, startDateTime: AT, lifetimeInMinutes: 480, isUsableOnce: false, expiresAt: AT };

function requestIn(status: TapRequest['status'], extra: Partial<Record<string, unknown>> = {}): TapRequest {
  const common = {
    id: 'TAP-99999',
    requester: REQUESTER,
    target: TARGET,
    reason: { code: 'other' as const, text: worst(REASON) },
    pass: { lifetimeInMinutes: 480, isUsableOnce: false, startDateTime: NOW.toISOString(), startMovedFrom: NOW.toISOString() },
    delivery: 'approver' as const,
    createdAt: NOW.toISOString(),
    expiresAt: NOW.toISOString(),
    replacesLivePass: true,
    reminderSentAt: null,
  };
  const byStatus: Record<TapRequest['status'], Record<string, unknown>> = {
    pending: {},
    approved: { approval },
    issuing: { approval, issuingSince: NOW.toISOString() },
    unknown: { approval, issuingSince: NOW.toISOString() },
    issued: { approval, issued, shownTo: APPROVER, shownAt: NOW.toISOString(), handoverDueAt: NOW.toISOString(), handedOverAt: null },
    denied: { denial: { by: APPROVER, at: NOW.toISOString(), reason: worst(DENY_REASON) } },
    expired: { expiredAt: NOW.toISOString() },
    cancelled: { cancelledBy: REQUESTER, cancelledAt: NOW.toISOString() },
    failed: { approval, failure: { code: 'entra.refused', at: NOW.toISOString(), retryable: true } },
  };
  return { ...common, status, ...byStatus[status], ...extra } as TapRequest;
}

/** A target holding many roles scoped to units with the longest names, every method, a pass and risk. */
function worstTarget(): TargetFacts {
  const base = targetFactsFor(SEED, 'meganb', NOW);
  const unitRole = (i: number) => ({
    roleTemplateId: `${i}`,
    via: 'direct' as const,
    scope: { kind: 'administrativeUnit' as const, id: `au-${i}`, displayName: worst(NAME) },
  });
  return {
    ...base,
    user: {
      ...base.user,
      displayName: worst(NAME),
      userPrincipalName: worst(UPN),
      jobTitle: worst(128),
      department: worst(64),
      // Graph holds one business phone; each number is at most 64 characters.
      phones: { business: [worst(64)], mobile: worst(64) },
    },
    activeRoles: Array.from({ length: 40 }, (_, i) => unitRole(i)),
    eligibleRoles: Array.from({ length: 40 }, (_, i) => unitRole(100 + i)),
  };
}

const problems = Array.from({ length: 12 }, () => worst(600));
const warnings = Array.from({ length: 6 }, () => worst(300));
const refreshUserIds = Array.from({ length: 60 }, (_, i) => `29:${'x'.repeat(120)}${i}`);

const pendingItems: PendingItem[] = Array.from({ length: PENDING_PAGE_SIZE }, (_, i) => ({
  request: { ...requestIn('pending'), id: `TAP-${10000 + i}` },
  ageMinutes: 1440,
  needs: 'none-restricted-au',
}));

const auditEntries: AuditEntry[] = Array.from({ length: 500 }, (_, i) => ({
  at: NOW.toISOString(),
  action: 'approve',
  actor: { id: APPROVER.id, displayName: worst(NAME) },
  requestId: `TAP-${i}`,
  outcome: 'ok',
  details: {
    approverName: worst(NAME),
    shownToName: worst(NAME),
    scopeName: worst(NAME),
    scope: '/administrativeUnits/x',
    note: worst(NOTE),
  },
})) as unknown as AuditEntry[];

/** Each card's variants at their worst; a name missing here fails the test (every card is measured). */
const WORST: { [N in CardName]: () => Array<[string, unknown]> } = {
  help: () => [['help desk', HELP_VIEW]],
  welcome: () => [['welcome', WELCOME_VIEW]],
  message: () => [
    [
      'audit trail',
      {
        title: worst(NAME),
        tone: 'default',
        body: worst(300),
        details: auditLines(auditEntries).slice(-AUDIT_LINES_SHOWN),
        nextStep: worst(300),
        showNextStep: true,
      },
    ],
  ],
  'request-form': () => [
    [
      'every problem and warning, 25 candidates',
      requestFormView(
        policyFor(SEED),
        {
          target: worst(200),
          reason: 'other',
          reasonText: worst(REASON),
          lifetime: 480,
          oneTime: false,
          startDate: '2026-11-23',
          startTime: '09:00',
        },
        { problems, warnings, candidates: Array.from({ length: 25 }, () => worstTarget().user), query: worst(200) },
      ),
    ],
  ],
  'request-status': () => REQUEST_STATUSES.map((status) => [status, requestStatusView(viewOf(requestIn(status)), NOW, REQUESTER.id, [])]),
  approval: () => [
    ...REQUEST_STATUSES.map((status): [string, unknown] => [
      `${status}, read-only`,
      approvalView(viewOf(requestIn(status)), NOW, { actionable: false, refreshUserIds }),
    ]),
    [
      'pending, actionable with every fact and problem',
      approvalView(viewOf(requestIn('pending')), NOW, {
        actionable: true,
        facts: worstTarget(),
        needs: requiredRoleFor(worstTarget()),
        problems,
        warnings,
        refreshUserIds,
        evidence: EVIDENCE,
      }),
    ],
    [
      'pending, the evidence policy not met yet (Deny and "check again")',
      approvalView(viewOf(requestIn('pending')), NOW, {
        actionable: true,
        canApprove: false,
        facts: worstTarget(),
        needs: requiredRoleFor(worstTarget()),
        problems,
        warnings,
        refreshUserIds,
        evidence: EVIDENCE,
      }),
    ],
    ['holder view', { ...holderView(viewOf(requestIn('issued')), NOW), refreshUserIds, hasRefresh: true }],
  ],
  'pass-reveal': () => {
    // Entra's passes are at most 48 characters.
    const pass = { value: worst(48), startDateTime: AT, expiresAt: AT, lifetimeInMinutes: 480, isUsableOnce: false };
    return [['pass', passRevealView(requestIn('issued'), pass as never, false)]];
  },
  'user-status': () => [
    [
      'every request line',
      userStatusView(
        {
          user: worstTarget().user,
          pass: { known: true, value: null },
          requests: Array.from({ length: 20 }, () => requestIn('denied')),
        } as never,
        NOW,
      ),
    ],
  ],
  pending: () => [['a full page', pendingView(pendingItems, 5000, NOW, 2)]],
  // The help-desk revoke card (own-rights-handlers.ts revokeCard): the person's name and UPN, three short details.
  'revoke-confirm': () => [
    [
      'longest name and UPN',
      {
        title: `Revoke the pass of ${worst(NAME)}?`,
        body: `${worst(NAME)} (${worst(UPN)}) holds a Temporary Access Pass.`,
        details: ['created 22 Nov 2026, 12:00', 'usable now', 'multi-use'],
        userId: APPROVER.id,
      },
    ],
  ],
  orphan: () => [
    ['open', orphanView(requestIn('unknown'), null)],
    ['handled, longest remover name', orphanView(requestIn('unknown'), `Removed by ${worst(NAME)}: the pass that nobody held is deleted.`)],
  ],
  'pick-user': () => [
    [
      '25 people',
      pickUserView(
        worst(200),
        Array.from({ length: 25 }, () => worstTarget().user),
        'status.pick',
        'Show status',
      ),
    ],
  ],
  notice: () => [
    [
      'issued',
      {
        title: 'A Temporary Access Pass was issued for your account',
        body: `${worst(NAME)} asked for it, and ${worst(NAME)} approved it.`,
        facts: [{ title: 'Request', value: 'TAP-99999' }],
        requestId: 'TAP-99999',
        canReport: true,
      },
    ],
    [
      // The QR code counted too, though Teams leaves base64 images out: a link longer than the service's.
      'face check',
      faceCheckAskView(
        {
          id: 'TAP-99999',
          faceCheck: { askedBy: { displayName: worst(NAME) }, ticket: { serviceRequestId: 's', expiresAt: NOW.toISOString() } },
        } as unknown as TapRequest,
        `openid-vc://?request_uri=https://verifiedid.did.msidentity.com/v1.0/tenants/${'f'.repeat(36)}/verifiableCredentials/presentationRequests/${'e'.repeat(300)}`,
      ),
    ],
  ],
  'diagnosis-start': () => [['someone else', diagnosisStartView({ id: TARGET.id, name: worst(NAME) }, false)]],
  'diagnosis-result': () =>
    ['diegos', 'miriamg', 'christiec', 'lidiah'].map((who): [string, unknown] => [
      who,
      diagnosisResultView(diagnose(diagnosisFactsFor(SEED, who, NOW), NOW, 'help-desk'), worst(NAME), false, TARGET.id),
    ]),
};

describe('card size budget (80 KB, UTF-16 as Teams counts)', () => {
  const renderer = new CardRenderer();

  it('measures every card', () => {
    assert.deepEqual(Object.keys(WORST).sort(), [...CARD_NAMES].sort());
  });

  for (const name of CARD_NAMES) {
    it(`${name}: every variant at its worst stays under the budget`, () => {
      const variants = WORST[name]();
      assert.ok(variants.length > 0);
      for (const [variant, view] of variants) {
        const bytes = teamsBytes(renderer.card(name, view as never));
        assert.ok(bytes < CARD_BUDGET_BYTES, `${name} (${variant}): ${bytes} bytes, over the ${CARD_BUDGET_BYTES}-byte budget`);
      }
    });
  }

  it('the measure is real: a pending list without pages would break it', () => {
    const all = Array.from({ length: 40 }, (_, i) => ({ ...pendingItems[0]!, request: { ...pendingItems[0]!.request, id: `TAP-${i}` } }));
    const pageOf = (from: number) => pendingView(all.slice(from, from + PENDING_PAGE_SIZE), all.length, NOW).items;
    const unpaged = { ...pendingView(all, all.length, NOW), items: [0, 10, 20, 30].flatMap(pageOf) };
    assert.ok(teamsBytes(renderer.card('pending', unpaged)) > CARD_BUDGET_BYTES);
  });
});
