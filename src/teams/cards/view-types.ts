// One view model per card template in cards/. Views hold display-ready strings only: a template
// never sees a domain object, and every field it references is present (no raw `${...}` on screen).
import type { PickVerb } from '../card-verbs';

export interface CommandLine {
  command: string;
  description: string;
}

export interface HelpView {
  title: string;
  intro: string;
  commands: CommandLine[];
  helpDeskCommands: CommandLine[];
  showHelpDesk: boolean;
}

export interface WelcomeView {
  title: string;
  intro: string;
  steps: string[];
}

/** A plain titled message: refusals, confirmations, errors with the reason and the next step. */
export interface MessageView {
  title: string;
  tone: Tone;
  body: string;
  details: string[];
  nextStep: string;
  showNextStep: boolean;
}

export interface Fact {
  title: string;
  value: string;
}

export interface Choice {
  title: string;
  value: string;
}

export type Tone = 'good' | 'warning' | 'attention' | 'accent' | 'default';

export interface RequestFormView {
  title: string;
  intro: string;
  problemsTitle: string;
  problems: string[];
  showProblems: boolean;
  warnings: string[];
  showWarnings: boolean;
  candidates: Choice[];
  candidatesLabel: string;
  showCandidates: boolean;
  target: string;
  reasons: Choice[];
  reason: string;
  reasonText: string;
  lifetime: number;
  minLifetime: number;
  maxLifetime: number;
  lifetimeLabel: string;
  lifetimeError: string;
  oneTimeForced: boolean;
  oneTime: string;
  startDate: string;
  startTime: string;
}

export interface RequestStatusView {
  requestId: string;
  title: string;
  statusLabel: string;
  tone: Tone;
  summary: string;
  warnings: string[];
  showWarnings: boolean;
  facts: Fact[];
  timeline: string[];
  nextStep: string;
  showNextStep: boolean;
  canCancel: boolean;
  canReveal: boolean;
  /** A posted card Teams renders afresh whenever it shows it (Universal Actions refresh), for these Teams user ids. */
  hasRefresh: boolean;
  refreshUserIds: string[];
}

export interface ApprovalView {
  requestId: string;
  title: string;
  statusLabel: string;
  tone: Tone;
  subtitle: string;
  outcome: string;
  outcomeStyle: 'good' | 'attention' | 'warning' | 'emphasis';
  showOutcome: boolean;
  problems: string[];
  showProblems: boolean;
  warnings: string[];
  showWarnings: boolean;
  requestFacts: Fact[];
  targetFacts: Fact[];
  showTargetFacts: boolean;
  actionable: boolean;
  /** Approve and the verification inputs: actionable and the evidence policy can be met (Deny needs only actionable). */
  canApprove: boolean;
  /** The evidence policy is not met yet: read the request again (the manager may have confirmed since). */
  canRecheck: boolean;
  verificationChoices: Choice[];
  canReview: boolean;
  canRetry: boolean;
  /** "Ask for a Face Check" (approval.face-check): Face Check configured and this approver could act now. */
  canFaceCheck: boolean;
  /** Universal Actions user-specific views: these Teams users get their own view on every re-render. */
  hasRefresh: boolean;
  refreshUserIds: string[];
  /** The pass holder's own view while the pass may still be with them (never the pass itself). */
  canHandOver: boolean;
  canRevoke: boolean;
  /** For "Revoke the pass": the person it was issued for (the revoke re-checks who may). */
  targetId: string;
}

/** The only view that ever holds a pass value; rendered once, into one invoke response. */
export interface PassRevealView {
  title: string;
  instruction: string;
  pass: string;
  facts: Fact[];
  warning: string;
  /** The "Handed over" button: { verb: 'pass.handed-over', requestId } only. */
  requestId: string;
  doneTitle: string;
  doneHint: string;
}

export interface UserStatusView {
  title: string;
  subtitle: string;
  passSummary: string;
  passStyle: 'good' | 'warning' | 'attention' | 'emphasis';
  passFacts: Fact[];
  requests: string[];
  showNoRequests: boolean;
}

export interface PendingView {
  title: string;
  showEmpty: boolean;
  items: Array<{ requestId: string; headline: string; detail: string }>;
  /** "Page 2 of 5": shown when the list needs more than one page. */
  pageLabel: string;
  showPageLabel: boolean;
  /** The "Next page" button: { verb: 'pending.page', page } only; the list is read again. */
  hasNext: boolean;
  nextPage: number;
}

export interface PickUserView {
  title: string;
  candidates: Choice[];
  verb: PickVerb;
  actionTitle: string;
}

/** Told to the person a pass was issued for, with the way to say it wasn't them. */
export interface NoticeView {
  title: string;
  body: string;
  facts: Fact[];
  requestId: string;
  canReport: boolean;
  /** "Remove my pass" (pass.remove-own): the offer once the pass's job is done. */
  canRemove?: boolean;
  /** Confirm / Not them (identity.confirm, identity.not-them): the card to the target's manager. */
  canConfirm?: boolean;
  /** An Action.OpenUrl (the Face Check link that opens Microsoft Authenticator). */
  hasLink?: boolean;
  linkUrl?: string;
  linkTitle?: string;
  /** The same link as a QR code to scan with the phone (a data URI: views/qr-code.ts), with its alt text. */
  hasQrCode?: boolean;
  qrCodeImage?: string;
  qrCodeAlt?: string;
}

export interface DiagnosisStartView {
  title: string;
  intro: string;
  subjectId: string;
  subjectName: string;
  symptoms: Choice[];
  /** "Check my account" or "Check their account": the button follows the reader. */
  runTitle: string;
}

export interface DiagnosisResultView {
  title: string;
  summary: string;
  summaryStyle: 'good' | 'attention' | 'warning' | 'emphasis';
  topExplanation: string;
  topNextStep: string;
  showTopNextStep: boolean;
  findings: Array<{ label: string; color: Tone; title: string; explanation: string; nextStep: string; hasNextStep: boolean; evidence: string; hasEvidence: boolean }>;
  offerPass: boolean;
  offerHelpDesk: boolean;
  /** "What I checked" or "What I checked on Sara's account". */
  checkedHeading: string;
  /** For the help desk: when and where the failing sign-ins happened (app, device, error code). */
  topEvidence: string;
  showTopEvidence: boolean;
  /** Help-desk actions: { verb, targetId } only; the server re-checks everything. */
  subjectId: string;
  offerPassFor: boolean;
  passForTitle: string;
  offerRevoke: boolean;
}

/** A help-desk revoke, signed in and done with the agent's own rights (delegated mode). */
export interface RevokeConfirmView {
  title: string;
  body: string;
  details: string[];
  /** The person whose pass goes: the server re-reads and re-checks everything. */
  userId: string;
}

/** A pass whose create was ambiguous and that no instance could settle: anyone entitled may remove it. */
export interface OrphanView {
  title: string;
  body: string;
  requestId: string;
  actionable: boolean;
  showOutcome: boolean;
  outcome: string;
}

export interface CardViews {
  help: HelpView;
  welcome: WelcomeView;
  message: MessageView;
  'request-form': RequestFormView;
  'request-status': RequestStatusView;
  approval: ApprovalView;
  'pass-reveal': PassRevealView;
  'user-status': UserStatusView;
  pending: PendingView;
  'pick-user': PickUserView;
  notice: NoticeView;
  'diagnosis-start': DiagnosisStartView;
  'diagnosis-result': DiagnosisResultView;
  'revoke-confirm': RevokeConfirmView;
  orphan: OrphanView;
}

export type CardName = keyof CardViews;
