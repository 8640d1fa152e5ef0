// "Why can't I sign in?": facts → findings, most likely cause first.
// Pure: everything comes from DiagnosisFacts and `now`. Every check returns a finding, "ok" ones too, so
// the person sees what was checked; a fact Graph could not give (permission, licence) becomes an
// "unknown" finding and the other checks still run.
import type { DiagnosisFacts } from './facts';
import { accountEnabledCheck, accountTypeCheck } from './account';
import { caFailureCheck, caTargetingCheck } from './conditional-access';
import { type Context, buildContext } from './context';
import { type Finding, type Offer, type Ranked, finding } from './finding';
import { methodsCheck } from './methods';
import { notesCheck } from './notes';
import { riskCheck } from './risk';
import { lockoutCheck, mfaCheck, otherErrorCheck, passwordCheck, recentFailuresCheck } from './signins';
import { tapPolicyCheck, tapStateCheck } from './tap';
import { type Audience, firstName, forHelpDesk } from './desk-text';

export type { Finding, Offer } from './finding';
export type { Audience } from './desk-text';

export interface Diagnosis {
  /** One line for the top of the card: "Most likely: your pass expired 2 h ago". */
  summary: string;
  top: Finding;
  /** Most likely first; problems before anything else. */
  findings: Finding[];
  offers: Offer[];
}

function runChecks(ctx: Context): Ranked[] {
  const caFailure = caFailureCheck(ctx);
  const all: Array<Ranked | null> = [
    accountEnabledCheck(ctx),
    accountTypeCheck(ctx),
    lockoutCheck(ctx),
    passwordCheck(ctx),
    mfaCheck(ctx),
    caFailure,
    caTargetingCheck(ctx, caFailure !== null),
    riskCheck(ctx),
    methodsCheck(ctx),
    tapPolicyCheck(ctx),
    tapStateCheck(ctx),
    otherErrorCheck(ctx),
    recentFailuresCheck(ctx),
    ...notesCheck(ctx),
  ];
  return all.filter((f): f is Ranked => f !== null);
}

/** Problems first, then by weight; ties keep check order, so the ranking is stable. */
function rank(findings: Ranked[]): Ranked[] {
  return findings
    .map((f, index) => ({ f, index }))
    .sort((a, b) => Number(b.f.status === 'problem') - Number(a.f.status === 'problem') || b.f.weight - a.f.weight || a.index - b.index)
    .map(({ f }) => f);
}

/** When no check finds a cause: say so plainly, and say which checks couldn't run. */
function nothingFound(findings: Ranked[]): Ranked {
  const unknown = findings.filter((f) => f.status === 'unknown').map((f) => f.title.replace(/^Couldn't check /, ''));
  const gaps = unknown.length > 0 ? ` Some checks couldn't run: ${unknown.join('; ')}.` : '';
  return finding('nothing-found', 'ok', 100, {
    title: unknown.length > 0 ? 'Nothing we could check explains it' : 'We found nothing on your account that stops you signing in',
    headline:
      unknown.length > 0
        ? "nothing we could check explains it, and some checks couldn't run"
        : 'nothing on your account is stopping you from signing in',
    explanation: `Everything we checked looks fine: see the list below.${gaps}`,
    nextStep:
      'Try again and note the exact message and any error code (it starts with AADSTS). If it still fails, contact the help desk with them.',
    offer: 'contact-help-desk',
  });
}

function offersFor(ctx: Context, ordered: Ranked[]): Offer[] {
  const top = ordered[0];
  const matter = ordered.filter((f) => f === top || f.status === 'problem' || f.status === 'warning');
  const wantsPass = matter.some((f) => f.offer === 'request-pass');
  const wantsHelp =
    top?.offer === 'contact-help-desk' ||
    matter.some((f) => f.status === 'problem' && f.offer === 'contact-help-desk') ||
    (wantsPass && !ctx.canRequest);
  const offers: Offer[] = [];
  if (wantsPass && ctx.canRequest) offers.push('request-pass');
  if (wantsHelp) offers.push('contact-help-desk');
  // The top finding's own offer comes first on the card.
  return top?.offer && offers.includes(top.offer) ? [top.offer, ...offers.filter((o) => o !== top.offer)] : offers;
}

/** A check that couldn't run names its cause in the explanation; the fix is an admin's (permission or licence). */
export const UNKNOWN_NEXT_STEP =
  "Nothing for you to do here. An admin can see what TAP Desk can't read, and how to fix it, with TAP Desk's `health` command.";

function plain({ id, status, title, explanation, nextStep: given, evidence }: Ranked): Finding {
  const nextStep = given ?? (status === 'unknown' ? UNKNOWN_NEXT_STEP : null);
  return evidence === undefined ? { id, status, title, explanation, nextStep } : { id, status, title, explanation, nextStep, evidence };
}

/**
 * `audience` says who reads it: the person themselves (second person, what they can do), or the help
 * desk (third person with their first name, what the agent can do now and what to tell them).
 */
export function diagnose(facts: DiagnosisFacts, now: Date, audience: Audience = 'person'): Diagnosis {
  const ctx = buildContext(facts, now);
  let ordered = rank(runChecks(ctx));
  const hasCause = ordered.some((f) => f.status === 'problem' || f.status === 'warning' || f.id === 'tap.usable');
  if (!hasCause) ordered = [nothingFound(ordered), ...ordered];
  const offers = offersFor(ctx, ordered);
  if (audience === 'help-desk') {
    const name = firstName(facts.target.user.displayName);
    ordered = ordered.map((f) => ({ ...forHelpDesk(f, name), weight: f.weight }));
  }
  const top = ordered[0] as Ranked;
  const headline = top.headline.charAt(0).toUpperCase() + top.headline.slice(1);
  return {
    summary: top.id === 'nothing-found' ? headline : `Most likely: ${top.headline}`,
    top: plain(top),
    findings: ordered.map(plain),
    offers,
  };
}
