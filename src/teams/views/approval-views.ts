// View models for approvers: the approval card in its three forms (read-only, actionable, outcome)
// and the one-time pass reveal.
import type { DirectoryPhones, TargetFacts } from '../../domain/facts';
import type { RequiredRole } from '../../domain/issuer-rules';
import type { TapRequest, VerificationMethod } from '../../domain/request-types';
import type { CreatedPass, Problem, RequestView } from '../../app';
import type { ApprovalView, Fact, PassRevealView } from '../cards/view-types';
import { explain, roleName } from '../texts';
import { clampLines, formatLifetime, formatTime, relative } from '../format';
import { HANDOVER_LABEL, handoverLine, passFacts, statusLabel } from './request-views';
import { managerFacts } from './manager-check-views';
import { evidenceFacts, recordedEvidence } from './evidence-views';
import type { EvidenceNeed } from '../../domain/evidence';
import { faceCheckFacts } from './face-check-views';

export const VERIFICATIONS: ReadonlyArray<{ title: string; value: VerificationMethod }> = [
  { title: 'Called them back on a number from HR records / the directory', value: 'call-back' },
  { title: 'In person, with photo ID', value: 'in-person' },
  { title: 'Their manager confirmed it is them', value: 'manager-confirmed' },
  { title: 'Video call, face matched to their photo', value: 'video-call' },
  { title: 'Other (say how in the note)', value: 'other' },
];

/** Under an evidence policy the stated "manager confirmed" is only the approver's word: the title steers to the real thing. */
const MANAGER_WORD = "Their manager told me it is them (your word: the manager's own Confirm in TAP Desk is the evidence)";

function verificationChoices(need: EvidenceNeed | null | undefined) {
  const steer = need !== null && need !== undefined && need.policy !== 'stated';
  return VERIFICATIONS.map((v) => ({ title: steer && v.value === 'manager-confirmed' ? MANAGER_WORD : v.title, value: v.value }));
}

export function isVerificationMethod(value: unknown): value is VerificationMethod {
  return VERIFICATIONS.some((v) => v.value === value);
}

const NEEDS: Record<RequiredRole, string> = {
  authenticationAdministrator: 'Authentication Administrator (or higher)',
  privilegedAuthenticationAdministrator: 'Privileged Authentication Administrator or Global Administrator',
  'none-restricted-au': 'an admin assigned to their restricted administrative unit (not possible through TAP Desk)',
};

const MAX_ROLES_SHOWN = 8;

function rolesLine(facts: TargetFacts): string {
  const active = facts.activeRoles.map(
    (r) =>
      roleName(r.roleTemplateId) +
      (r.scope.kind === 'administrativeUnit' ? (r.scope.displayName ? ` (in the unit "${r.scope.displayName}")` : ' (unit-scoped)') : ''),
  );
  const eligible = facts.eligibleRoles.map((r) => `${roleName(r.roleTemplateId)} (PIM-eligible)`);
  const all = [...new Set([...active, ...eligible])];
  // Bounded, so the approval card stays within its size budget however many roles someone holds.
  const shown = all.length > MAX_ROLES_SHOWN ? [...all.slice(0, MAX_ROLES_SHOWN), `and ${all.length - MAX_ROLES_SHOWN} more`] : all;
  return shown.length ? shown.join(', ') : 'none';
}

/**
 * The numbers to call back, from the directory only: a number given in the request or on the phone is what an
 * impostor would give, so it is never shown here.
 */
export function callBackLine(phones: DirectoryPhones | undefined): string {
  if (!phones) return "couldn't check the directory's numbers";
  const numbers = [...phones.business.map((n) => `${n} (work)`), ...(phones.mobile ? [`${phones.mobile} (mobile)`] : [])];
  return numbers.length
    ? `${numbers.join(', ')}: from the directory`
    : 'no number in the directory: verify another way, never on a number they give you';
}

export function targetFactLines(facts: TargetFacts, now: Date, needs: RequiredRole | null): Fact[] {
  const u = facts.user;
  const lines: Fact[] = [
    { title: 'Name', value: `${u.displayName} (${u.userPrincipalName})` },
    { title: 'Job', value: [u.jobTitle, u.department].filter(Boolean).join(', ') || 'not set' },
    { title: 'Call back on', value: callBackLine(u.phones) },
    { title: 'Account', value: u.accountEnabled ? 'enabled' : 'DISABLED' },
    { title: 'Type', value: u.userType === 'Guest' ? 'guest' : 'member' },
    { title: 'Admin roles', value: rolesLine(facts) },
  ];
  lines.push({
    title: 'Sign-in methods',
    value: facts.methods.known
      ? facts.methods.value
          .filter((m) => m.kind !== 'temporaryAccessPass')
          .map((m) => m.kind)
          .join(', ') || 'none registered'
      : "couldn't check",
  });
  lines.push({
    title: 'Current pass',
    value: !facts.tap.known
      ? "couldn't check"
      : facts.tap.value === null
        ? 'none'
        : `${facts.tap.value.isUsable ? 'usable' : facts.tap.value.methodUsabilityReason}, ${facts.tap.value.isUsableOnce ? 'one-time' : 'multi-use'}, created ${relative(facts.tap.value.createdDateTime, now)}`,
  });
  lines.push({
    title: 'Identity risk',
    value: !facts.risk.known
      ? "couldn't check"
      : facts.risk.value === null
        ? 'none'
        : `${facts.risk.value.riskLevel} (${facts.risk.value.riskState})`,
  });
  const activity = facts.signInActivity;
  lines.push({
    title: 'Last sign-in',
    value:
      activity?.known === false
        ? `couldn't check${activity.need ? ` (needs ${activity.need})` : ''}`
        : u.lastSignInDateTime
          ? `${relative(u.lastSignInDateTime, now)}`
          : activity?.known
            ? 'never (or not since April 2020, when Entra began recording it)'
            : 'never or unknown',
  });
  if (needs) lines.push({ title: 'Approver needs', value: NEEDS[needs] });
  return lines;
}

const TONE: Record<TapRequest['status'], ApprovalView['tone']> = {
  pending: 'accent',
  approved: 'good',
  issuing: 'accent',
  issued: 'good',
  denied: 'attention',
  expired: 'warning',
  cancelled: 'default',
  failed: 'attention',
  unknown: 'warning',
};

const evidenceNote = (approval: Parameters<typeof recordedEvidence>[0]): string => {
  const line = recordedEvidence(approval);
  return line ? `; ${line}` : '';
};

function outcomeOf(request: RequestView): { text: string; style: ApprovalView['outcomeStyle'] } | null {
  switch (request.status) {
    case 'pending':
      return null;
    case 'approved':
      return {
        text:
          `Approved by ${request.approval.by.displayName} (${formatTime(request.approval.at)}${evidenceNote(request.approval)}). ` +
          `${request.requester.displayName} reveals the pass.`,
        style: 'good',
      };
    case 'issuing':
    case 'unknown':
      return { text: `Approved by ${request.approval.by.displayName}; the pass is being created.`, style: 'emphasis' };
    case 'issued': {
      const handover = handoverLine(request);
      if (handover) return { text: handover, style: 'emphasis' };
      return {
        text:
          `Issued by ${request.shownTo?.displayName ?? request.approval.by.displayName}. ` +
          `Approved by ${request.approval.by.displayName} (${request.approval.verification.replace('-', ' ')}${evidenceNote(request.approval)}); ` +
          `shown once${request.shownTo ? ` to ${request.shownTo.displayName}` : ''}${request.shownAt ? ` at ${formatTime(request.shownAt)}` : ''}. ` +
          `Expires ${formatTime(request.issued.expiresAt)}.`,
        style: 'good',
      };
    }
    case 'denied':
      return { text: `Denied by ${request.denial.by.displayName}: ${request.denial.reason}`, style: 'attention' };
    case 'expired':
      return { text: `Expired at ${formatTime(request.expiredAt)} without a decision. Nothing was issued.`, style: 'warning' };
    case 'cancelled':
      return { text: `Cancelled by ${request.cancelledBy.displayName}. Nothing was issued.`, style: 'warning' };
    case 'failed':
      return { text: `Not issued: ${explain({ code: request.failure.code } as Problem).text}`, style: 'attention' };
  }
}

export function approvalView(
  request: RequestView,
  now: Date,
  options: {
    actionable: boolean;
    /** The evidence policy can be met (absent: yes); evidence: what it wants, for the card's lines. */
    canApprove?: boolean;
    evidence?: EvidenceNeed | null;
    facts?: TargetFacts | null;
    needs?: RequiredRole | null;
    problems?: string[];
    warnings?: string[];
    refreshUserIds?: string[];
    /** Face Check is configured (the actionable card then offers it, unless it passed already). */
    faceCheckOffered?: boolean;
  },
): ApprovalView {
  const refreshUserIds = options.refreshUserIds ?? [];
  const outcome = outcomeOf(request);
  const open = request.status === 'pending';
  const retryable = request.status === 'failed' && request.failure.retryable && request.approval !== null;
  const warnings = clampLines(
    options.warnings ?? (request.replacesLivePass && open ? ['They already hold a pass: approving replaces it.'] : []),
  );
  const problems = clampLines(options.problems ?? []);
  const actionable = options.actionable && (open || retryable);
  return {
    requestId: request.id,
    title: `${request.id} · Pass for ${request.target.displayName}`,
    statusLabel: request.answers.awaitingHandover ? HANDOVER_LABEL : statusLabel(request.status),
    tone: request.answers.awaitingHandover ? 'accent' : TONE[request.status],
    subtitle: open
      ? `Asked ${relative(request.createdAt, now)} by ${request.requester.displayName}. Expires ${relative(request.expiresAt, now)}.`
      : `Asked ${formatTime(request.createdAt)} by ${request.requester.displayName}.`,
    outcome: outcome?.text ?? '',
    outcomeStyle: outcome?.style ?? 'emphasis',
    showOutcome: outcome !== null,
    problems,
    showProblems: problems.length > 0,
    warnings,
    showWarnings: warnings.length > 0,
    requestFacts: [
      ...passFacts(request),
      ...managerFacts(request),
      ...faceCheckFacts(request, now),
      ...(open ? evidenceFacts(options.evidence) : []),
    ],
    targetFacts: options.facts ? targetFactLines(options.facts, now, options.needs ?? null) : [],
    showTargetFacts: Boolean(options.facts),
    actionable,
    canApprove: actionable && options.canApprove !== false,
    canRecheck: actionable && options.canApprove === false,
    verificationChoices: verificationChoices(options.evidence),
    canReview: !options.actionable && open,
    canRetry: !options.actionable && retryable,
    canFaceCheck: Boolean(options.faceCheckOffered) && options.actionable && open && request.faceCheck?.state !== 'passed',
    hasRefresh: refreshUserIds.length > 0,
    refreshUserIds,
    canHandOver: false,
    canRevoke: false,
    targetId: request.target.id,
  };
}

/**
 * What the approver who was shown the pass sees when Teams re-renders the approval message while the
 * pass may still be with them: when it was shown, "Handed over" and a way out if it was lost. Never the
 * pass: it exists only in the one invoke response that showed it.
 */
export function holderView(request: RequestView, now: Date): ApprovalView {
  const base = approvalView(request, now, { actionable: false });
  return {
    ...base,
    outcome:
      `The pass was shown to you once at ${formatTime(request.status === 'issued' ? request.shownAt : null)} and is not shown again. ` +
      'Handed over? Press "Handed over" so every copy says Issued. Lost or not handed over? Revoke the pass and issue a new one.',
    outcomeStyle: 'emphasis',
    showOutcome: true,
    canHandOver: true,
    canRevoke: true,
  };
}

export function passRevealView(request: TapRequest, pass: CreatedPass, forRequester: boolean): PassRevealView {
  return {
    title: `Temporary Access Pass for ${request.target.displayName}`,
    instruction: forRequester
      ? 'Use it now at https://aka.ms/mysecurityinfo to register a new sign-in method.'
      : `Read it to ${request.target.displayName} on the call you verified. Do not paste it into chat or email.`,
    pass: pass.value,
    facts: [
      { title: 'Valid from', value: formatTime(pass.startDateTime) },
      { title: 'Expires', value: formatTime(pass.expiresAt) },
      {
        title: 'Use',
        value: pass.isUsableOnce ? 'one sign-in only' : `any number of sign-ins for ${formatLifetime(pass.lifetimeInMinutes)}`,
      },
    ],
    warning: 'This is the only time the pass is shown. It is not stored anywhere; if it is lost, revoke it and issue a new one.',
    requestId: request.id,
    doneTitle: forRequester ? 'I have it: close' : 'Handed over',
    doneHint: forRequester
      ? 'The pass stays here until you close it (at most a few minutes).'
      : 'The pass stays here until you press "Handed over" (at most a few minutes); meanwhile others see "Being issued" on the request.',
  };
}
