// DiagnosisFacts for any seed user at a given moment: the emulated tenant answers the directory's
// diagnosis requests (sign-ins, Conditional Access, TAP policy) and production's Graph mappers read
// them; the target comes from seed-facts' targetFactsFor. `overrides` swaps in Graph failures (403, licence)
// or other answers.
import type { DiagnosisFacts, Symptom } from '../../src/domain/diagnosis/facts';
import type { TapFact, TargetFacts } from '../../src/domain/facts';
import {
  SIGN_IN_WINDOW_HOURS,
  caSubjectOf,
  toConditionalAccessFacts,
  toKnownTapPolicy,
  toSignInFacts,
} from '../../src/graph/diagnosis-mapper';
import { diagnosisItems } from '../../src/graph/directory';
import { type Part, type TargetParts } from '../../src/graph/facts-mapper';
import { type Seed, graphAt, partOf, targetFactsFor } from './seed-facts';

export interface DiagnosisOverrides {
  symptom?: Symptom;
  reaching?: string | null;
  reportedCode?: number | null;
  /** Graph answer for the sign-in log, e.g. `failedPart(403, 'Authentication_RequestFromNonPremiumTenantOrB2CTenant')`. */
  signIns?: Part;
  conditionalAccess?: Part;
  /** Graph answer for the TAP policy. */
  policy?: Part;
  /** Replaces Graph answers for the target, as in targetFactsFor. */
  target?: Partial<TargetParts>;
  /** Last word on the target facts, after mapping. */
  editTarget?: (target: TargetFacts) => TargetFacts;
}

/** The sign-in log Graph would return for this user over the bot's look-back window, newest first. */
export function signInsPartFor(seed: Seed, userId: string, now: Date): Part {
  return diagnosisPart(seed, userId, now, 'signins');
}

export function conditionalAccessPartFor(seed: Seed, now: Date): Part {
  return diagnosisPart(seed, '', now, 'ca');
}

export function tapPolicyPartFor(seed: Seed): Part {
  return diagnosisPart(seed, '', new Date(0), 'policy');
}

/** One of the directory's diagnosis requests, answered by the emulated tenant. */
function diagnosisPart(seed: Seed, userId: string, now: Date, id: 'signins' | 'ca' | 'policy'): Part {
  const since = new Date(now.getTime() - SIGN_IN_WINDOW_HOURS * 3_600_000).toISOString();
  const item = diagnosisItems(userId, since).find((i) => i.id === id);
  return partOf(item && graphAt(seed, now).get(item.url));
}

export function diagnosisFactsFor(seed: Seed, upnOrId: string, now: Date, overrides: DiagnosisOverrides = {}): DiagnosisFacts {
  const mapped = targetFactsFor(seed, upnOrId, now, overrides.target ?? {});
  const target = overrides.editTarget ? overrides.editTarget(mapped) : mapped;
  return {
    target,
    policy: toKnownTapPolicy(overrides.policy ?? tapPolicyPartFor(seed)),
    signIns: toSignInFacts(overrides.signIns ?? signInsPartFor(seed, target.user.id, now), now),
    conditionalAccess: toConditionalAccessFacts(overrides.conditionalAccess ?? conditionalAccessPartFor(seed, now), caSubjectOf(target)),
    symptom: overrides.symptom ?? 'unknown',
    reaching: overrides.reaching ?? null,
    reportedCode: overrides.reportedCode ?? null,
  };
}

// ---------------------------------------------------------------------------------------------
// Edits of target facts for scenario tests (pass them as `editTarget`)

export type TargetEdit = (target: TargetFacts) => TargetFacts;

export const minutesBefore = (now: Date, minutes: number): string => new Date(now.getTime() - minutes * 60_000).toISOString();

/** A pass as Graph would read it: by default usable, one-time, 60 min, created 30 min before `now`. */
export function withTap(tap: Partial<TapFact> | null, now: Date): TargetEdit {
  const base: TapFact = {
    id: 'tap-1',
    createdDateTime: minutesBefore(now, 30),
    startDateTime: minutesBefore(now, 30),
    lifetimeInMinutes: 60,
    isUsableOnce: true,
    isUsable: true,
    methodUsabilityReason: 'EnabledByPolicy',
  };
  return (t) => ({ ...t, tap: { known: true, value: tap === null ? null : { ...base, ...tap } } });
}

/** Identity Protection: high risk, still open. */
export function highRisk(now: Date): TargetEdit {
  return (t) => ({
    ...t,
    risk: { known: true, value: { riskLevel: 'high', riskState: 'atRisk', riskLastUpdatedDateTime: minutesBefore(now, 60) } },
  });
}

export const edit =
  (...edits: TargetEdit[]): TargetEdit =>
  (t) =>
    edits.reduce((acc, e) => e(acc), t);
