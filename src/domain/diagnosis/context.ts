// What every check reads besides the raw facts: the sign-in failures of the last 24 hours with their
// codes explained, which of them still stand, and whether a pass could be issued for this person.
import { type CodeKind, type KnownCode, explainCode, isUnknownCode } from '../aadsts';
import type { DiagnosisFacts, SignInFact, Symptom } from './facts';
import { checkEligibility, defaultPassSpec, externalReason } from '../eligibility';
import { type DomainError, domainError } from '../errors';
import { instant } from '../time';

export const WINDOW_MS = 24 * 60 * 60_000;

/** A failed sign-in: from the log, or the code the person told us they see (taken as happening now). */
export interface Failure {
  at: number;
  iso: string;
  code: number;
  /** null for a code not in our table. */
  info: KnownCode | null;
  kind: CodeKind | 'unknown';
  signIn: SignInFact | null;
  reported: boolean;
  /** No successful sign-in since: it still describes the person's situation. */
  active: boolean;
}

export interface Context {
  facts: DiagnosisFacts;
  now: Date;
  /** Newest first; interrupts (e.g. "Stay signed in?") are not failures and are left out. */
  failures: Failure[];
  /** Successful sign-ins in the window, newest first. */
  successes: SignInFact[];
  /** The newest sign-in in the window, failed or not: its device tells us what they use. */
  latest: SignInFact | null;
  /** Reasons a pass could not be issued now (eligibility rules); empty means "Request a pass" can help. */
  passBlockers: DomainError[];
  canRequest: boolean;
  /** Whether the person is, or should be, using a pass: TAP findings then become problems, not notes. */
  tapRelevant: boolean;
}

export const TAP_SYMPTOMS: readonly Symptom[] = ['no-tap-prompt', 'tap-not-accepted', 'blocked-by-policy'];

const NOT_FAILURES: ReadonlySet<CodeKind> = new Set<CodeKind>(['success', 'interrupt']);
const TAP_KINDS: ReadonlySet<CodeKind | 'unknown'> = new Set<CodeKind | 'unknown'>([
  'tap-expired',
  'tap-not-found',
  'tap-web-sign-in',
  'credential-policy',
]);

function describe(code: number): { info: KnownCode | null; kind: CodeKind | 'unknown' } {
  const info = explainCode(code);
  return isUnknownCode(info) ? { info: null, kind: 'unknown' } : { info, kind: info.kind };
}

/** Sign-ins inside (now − 24 h, now], newest first: the adapter filters too, but "last 24 h" is this rule's promise. */
export function recentSignIns(facts: DiagnosisFacts, now: Date): SignInFact[] {
  if (!facts.signIns.known) return [];
  const from = now.getTime() - WINDOW_MS;
  return facts.signIns.value
    .map((s) => ({ s, at: instant(s.createdDateTime) }))
    .filter((x): x is { s: SignInFact; at: number } => x.at !== null && x.at > from && x.at <= now.getTime())
    .sort((a, b) => b.at - a.at)
    .map((x) => x.s);
}

function failuresOf(facts: DiagnosisFacts, now: Date, signIns: SignInFact[], lastSuccess: number | null): Failure[] {
  const fromLog: Failure[] = signIns
    .filter((s) => s.errorCode !== 0)
    .map((s) => {
      const at = instant(s.createdDateTime) as number;
      return {
        at,
        iso: s.createdDateTime,
        code: s.errorCode,
        ...describe(s.errorCode),
        signIn: s,
        reported: false,
        active: lastSuccess === null || at > lastSuccess,
      };
    })
    .filter((f) => f.kind === 'unknown' || !NOT_FAILURES.has(f.kind));
  const code = facts.reportedCode;
  if (code === null || fromLog.some((f) => f.code === code)) return fromLog;
  const reported = describe(code);
  if (reported.kind !== 'unknown' && NOT_FAILURES.has(reported.kind)) return fromLog;
  // What they see on screen now is newer than anything in the log.
  return [{ at: now.getTime(), iso: now.toISOString(), code, ...reported, signIn: null, reported: true, active: true }, ...fromLog];
}

/**
 * Who could get a pass now, by the same rules the request flow applies (eligibility.ts), so the
 * diagnosis never offers a pass the request would then refuse. Without the policy, the rules that
 * need no policy still apply.
 */
function blockersOf(facts: DiagnosisFacts, now: Date): DomainError[] {
  const options = { refuseHighRisk: true };
  if (facts.policy.known) {
    const policy = facts.policy.value;
    return checkEligibility(facts.target, policy, defaultPassSpec(policy), now, options).refusals.filter((r) =>
      r.code.startsWith('target.'),
    );
  }
  const blockers: DomainError[] = [];
  if (!facts.target.user.accountEnabled) blockers.push(domainError('target.disabled'));
  const external = externalReason(facts.target.user);
  if (external) blockers.push(domainError('target.external-guest', { reason: external }));
  const risk = facts.target.risk;
  if (risk.known && risk.value?.riskLevel === 'high' && ['atRisk', 'confirmedCompromised'].includes(risk.value.riskState)) {
    blockers.push(domainError('target.high-risk', { riskLevel: 'high', riskState: risk.value.riskState }));
  }
  return blockers;
}

function isTapRelevant(facts: DiagnosisFacts, failures: Failure[]): boolean {
  const { tap, methods } = facts.target;
  if (tap.known && tap.value !== null) return true;
  if (TAP_SYMPTOMS.includes(facts.symptom) || facts.symptom === 'mfa-cannot-complete') return true;
  if (methods.known && methods.value.every((m) => m.kind === 'temporaryAccessPass')) return true;
  return failures.some((f) => TAP_KINDS.has(f.kind));
}

export function buildContext(facts: DiagnosisFacts, now: Date): Context {
  const signIns = recentSignIns(facts, now);
  const successes = signIns.filter((s) => s.errorCode === 0);
  // Only logged (interactive) successes count: signInActivity's "last successful" includes apps
  // refreshing tokens silently, which says nothing about whether the person can sign in.
  const lastSuccess = successes.length > 0 ? instant(successes[0]?.createdDateTime) : null;
  const failures = failuresOf(facts, now, signIns, lastSuccess);
  const passBlockers = blockersOf(facts, now);
  return {
    facts,
    now,
    failures,
    successes,
    latest: signIns[0] ?? null,
    passBlockers,
    canRequest: passBlockers.length === 0,
    tapRelevant: isTapRelevant(facts, failures),
  };
}

/** The newest failure that still stands and matches, if any. */
export function activeFailure(ctx: Context, match: (f: Failure) => boolean): Failure | null {
  return ctx.failures.find((f) => f.active && match(f)) ?? null;
}

/** Whether the newest standing failure is this one: the direct cause of "I can't sign in" right now. */
export function isLatest(ctx: Context, failure: Failure): boolean {
  return ctx.failures.find((f) => f.active) === failure;
}

export function hasKind(kinds: readonly (CodeKind | 'unknown')[]): (f: Failure) => boolean {
  return (f) => kinds.includes(f.kind);
}

/** The same step inside a sentence: "If it still fails, ask for a new pass: …". */
export function requestClause(ctx: Context, what: string): string {
  const step = requestStep(ctx, what);
  return step.charAt(0).toLowerCase() + step.slice(1);
}

/** The request step in words, depending on whether a pass can actually be issued. */
export function requestStep(ctx: Context, what = 'Ask for a new pass'): string {
  return ctx.canRequest
    ? `${what}: choose Request a pass, or reply **request**.`
    : "Contact the help desk: a pass can't be issued for you right now (see the other findings).";
}
