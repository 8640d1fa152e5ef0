// View models for the requester's cards: the request form and the status card.
import type { TapPolicyFacts, UserFact } from '../../domain/facts';
import type { ReasonCode, TapRequest } from '../../domain/request-types';
import type { Problem, RequestView } from '../../app';
import type { Warning } from '../../domain/eligibility';
import type { RequestFormView, RequestStatusView, Fact } from '../cards/view-types';
import { followUpLine } from './follow-up-views';
import { explain } from '../texts';
import { clamp, clampLines, formatLifetime, formatTime, personChoiceTitle, relative } from '../format';
import { describeWarning } from './warnings';

export const REASONS: ReadonlyArray<{ title: string; value: ReasonCode }> = [
  { title: 'Lost or broken phone / security key', value: 'lost-device' },
  { title: 'New phone or device to set up', value: 'new-device' },
  { title: 'New starter: first sign-in', value: 'onboarding' },
  { title: 'Locked out / forgot how to sign in', value: 'locked-out' },
  { title: 'Other (say why below)', value: 'other' },
];

export function reasonTitle(code: ReasonCode): string {
  return REASONS.find((r) => r.value === code)?.title ?? code;
}

/** What the person typed, kept so a refused form loses nothing. */
export interface FormValues {
  target: string;
  reason: ReasonCode | '';
  reasonText: string;
  lifetime: number | null;
  oneTime: boolean | null;
  startDate: string;
  startTime: string;
}

export const EMPTY_FORM: FormValues = {
  target: '',
  reason: '',
  reasonText: '',
  lifetime: null,
  oneTime: null,
  startDate: '',
  startTime: '',
};

export function requestFormView(
  policy: TapPolicyFacts,
  values: FormValues,
  extra: { problems?: string[]; warnings?: string[]; candidates?: UserFact[]; query?: string } = {},
): RequestFormView {
  const problems = clampLines(extra.problems ?? []);
  const warnings = clampLines(extra.warnings ?? []);
  const candidates = extra.candidates ?? [];
  return {
    title: 'Ask for a Temporary Access Pass',
    intro:
      'An authorised admin will verify it is really you (usually by calling you back) and approve. The pass works once you have it, for the time you choose.',
    problemsTitle: problems.length === 1 ? 'This request cannot go ahead:' : 'This request cannot go ahead, for these reasons:',
    problems,
    showProblems: problems.length > 0,
    warnings,
    showWarnings: warnings.length > 0,
    candidates: candidates.map((c) => ({ title: personChoiceTitle(c), value: c.id })),
    candidatesLabel: `Several people match "${clamp(extra.query ?? values.target, 200)}". Who do you mean?`,
    showCandidates: candidates.length > 0,
    target: values.target,
    reasons: REASONS.map((r) => ({ title: r.title, value: r.value })),
    reason: values.reason,
    reasonText: values.reasonText,
    lifetime: values.lifetime ?? policy.defaultLifetimeInMinutes,
    minLifetime: policy.minimumLifetimeInMinutes,
    maxLifetime: policy.maximumLifetimeInMinutes,
    lifetimeLabel: `How long should it work? Minutes, ${policy.minimumLifetimeInMinutes} to ${policy.maximumLifetimeInMinutes}`,
    lifetimeError: `Enter a number of minutes from ${policy.minimumLifetimeInMinutes} to ${policy.maximumLifetimeInMinutes}.`,
    oneTimeForced: policy.isUsableOnce,
    oneTime: String(values.oneTime ?? true),
    startDate: values.startDate,
    startTime: values.startTime,
  };
}

export function problemLines(problems: Problem[]): string[] {
  return problems.map((p) => {
    const e = explain(p);
    return `${e.text} ${e.nextStep}`;
  });
}

const STATUS: Record<TapRequest['status'], { label: string; tone: RequestStatusView['tone'] }> = {
  pending: { label: 'Waiting for approval', tone: 'accent' },
  approved: { label: 'Approved', tone: 'good' },
  issuing: { label: 'Creating the pass', tone: 'accent' },
  issued: { label: 'Issued', tone: 'good' },
  denied: { label: 'Denied', tone: 'attention' },
  expired: { label: 'Expired', tone: 'warning' },
  cancelled: { label: 'Cancelled', tone: 'default' },
  failed: { label: 'Not issued', tone: 'attention' },
  unknown: { label: 'Checking', tone: 'warning' },
};

export function statusLabel(status: TapRequest['status']): string {
  return STATUS[status].label;
}

/** "Being issued by Megan Bowen": the pass is on Megan's screen and the card she clicked stays as it is. */
export const HANDOVER_LABEL = 'Being issued';

export function handoverLine(request: RequestView): string | null {
  if (request.status !== 'issued' || !request.answers.awaitingHandover) return null;
  const holder = request.shownTo?.displayName ?? 'the approver';
  return request.delivery === 'requester'
    ? `Being issued to ${holder}: the pass is on their screen. This card says "Issued" once they close it, or in a few minutes.`
    : `Being issued by ${holder}: the pass is on their screen while they hand it over to ${request.target.displayName}. This card says "Issued" once they are done, or in a few minutes.`;
}

export function passFacts(request: TapRequest): Fact[] {
  const followUp = followUpLine(request);
  return [
    { title: 'For', value: `${request.target.displayName} (${request.target.userPrincipalName})` },
    {
      title: 'Asked by',
      value:
        request.requester.id === request.target.id
          ? 'themselves'
          : `${request.requester.displayName} (${request.requester.userPrincipalName})`,
    },
    {
      title: 'Reason',
      value: request.reason.text ? `${reasonTitle(request.reason.code)}: ${request.reason.text}` : reasonTitle(request.reason.code),
    },
    {
      title: 'Pass',
      value: `${formatLifetime(request.pass.lifetimeInMinutes)}, ${request.pass.isUsableOnce ? 'one-time use' : 'multi-use'}${request.pass.startDateTime ? `, from ${formatTime(request.pass.startDateTime)}` : ''}${request.pass.startMovedFrom ? `, starts now instead of ${formatTime(request.pass.startMovedFrom)}, which had passed` : ''}`,
    },
    ...(followUp ? [{ title: 'Since', value: followUp }] : []),
  ];
}

export function timeline(request: TapRequest): string[] {
  const lines = [`${formatTime(request.createdAt)} · asked by ${request.requester.displayName}`];
  if ('approval' in request && request.approval)
    lines.push(`${formatTime(request.approval.at)} · approved by ${request.approval.by.displayName}`);
  switch (request.status) {
    case 'issued':
      lines.push(
        `${formatTime(request.shownAt ?? request.issued.createdDateTime)} · pass created${request.shownTo ? ` and shown once to ${request.shownTo.displayName}` : ''}`,
      );
      break;
    case 'denied':
      lines.push(`${formatTime(request.denial.at)} · denied by ${request.denial.by.displayName}: ${request.denial.reason}`);
      break;
    case 'expired':
      lines.push(`${formatTime(request.expiredAt)} · expired without a decision`);
      break;
    case 'cancelled':
      lines.push(`${formatTime(request.cancelledAt)} · cancelled by ${request.cancelledBy.displayName}`);
      break;
    case 'failed':
      lines.push(`${formatTime(request.failure.at)} · not issued: ${explain({ code: request.failure.code } as Problem).text}`);
      break;
    default:
      break;
  }
  return lines;
}

export function requestStatusView(request: RequestView, now: Date, viewerId: string, warnings: Warning[] = []): RequestStatusView {
  const handover = handoverLine(request);
  const status = handover ? { label: HANDOVER_LABEL, tone: 'accent' as const } : STATUS[request.status];
  let summary: string;
  let nextStep = '';
  switch (request.status) {
    case 'pending':
      summary = `Waiting for an authorised admin. It expires ${relative(request.expiresAt, now)} if nobody decides.`;
      nextStep = 'Keep your phone nearby: the approver will usually call you back to check it is you.';
      break;
    case 'approved':
      summary = `Approved by ${request.approval.by.displayName}. The pass is created when you reveal it, and shown only once.`;
      nextStep = 'Press "Reveal my pass" when you are ready to use it.';
      break;
    case 'issuing':
    case 'unknown':
      summary = 'Approved; the pass is being created.';
      break;
    case 'issued':
      summary =
        handover ??
        (request.shownTo && request.shownTo.id !== request.requester.id
          ? `Issued. ${request.shownTo.displayName} has the pass and will give it to ${request.target.displayName}. It works until ${formatTime(request.issued.expiresAt)}.`
          : `Issued. It works until ${formatTime(request.issued.expiresAt)}.`);
      // Once a new method is registered the pass has done its job: removing it is the one step left.
      if (!request.followUp)
        nextStep = 'Sign in at https://aka.ms/mysecurityinfo with the pass and register a new method (Authenticator or a passkey).';
      else if (!request.followUp.removedAt)
        nextStep = `${request.target.displayName} can remove the pass now: TAP Desk sent them a "Remove my pass" button.`;
      break;
    case 'denied':
      summary = `Denied by ${request.denial.by.displayName}: ${request.denial.reason}`;
      nextStep = 'Contact the help desk if you think this is wrong.';
      break;
    case 'expired':
      summary = 'Nobody decided in time, so the request expired. Nothing was issued.';
      nextStep = 'Ask again with "request" if you still need a pass.';
      break;
    case 'cancelled':
      summary = `Cancelled by ${request.cancelledBy.displayName}. Nothing was issued.`;
      break;
    case 'failed': {
      const e = explain({ code: request.failure.code } as Problem);
      summary = e.text;
      nextStep = request.failure.retryable ? 'The approver can try again from the approval card.' : e.nextStep;
      break;
    }
  }
  const canCancel = request.status === 'pending' && (viewerId === request.requester.id || viewerId === request.target.id);
  return {
    requestId: request.id,
    title: `${request.id} · Temporary Access Pass`,
    statusLabel: status.label,
    tone: status.tone,
    summary,
    warnings: warnings.map(describeWarning),
    showWarnings: warnings.length > 0,
    facts: passFacts(request),
    timeline: timeline(request),
    nextStep,
    showNextStep: nextStep !== '',
    canCancel,
    canReveal: request.status === 'approved' && viewerId === request.requester.id,
    hasRefresh: false,
    refreshUserIds: [],
  };
}
