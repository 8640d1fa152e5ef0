// The policy of evidence: which evidence, besides the approver's stated method, an approval needs for each class of
// target. Evidence is what TAP Desk itself can check: a call-back on a number the DIRECTORY holds (the approver's word
// that they called it), the manager's Confirm in TAP Desk, a passed Verified ID Face Check (neither rests on the approver's
// word). The default policy ('stated') wants none, as before it existed; checkApproval (request.ts) applies the policy.
import type { DirectoryPhones, TargetFacts } from './facts';
import type { TapRequest, VerificationMethod } from './request-types';
import { isAdminTarget, inRoleAssignableGroup } from './issuer-rules';

export type EvidenceKind = 'call-back' | 'manager' | 'face-check';
export const EVIDENCE_KINDS: readonly EvidenceKind[] = ['call-back', 'manager', 'face-check'];
/** Evidence that does not rest on the approver's word: someone or something else vouched for the person. */
export const INDEPENDENT_KINDS: readonly EvidenceKind[] = ['manager', 'face-check'];

/** Admin-role holders first: a guest who holds a role is judged as an admin (the stricter class). */
export type TargetClass = 'member' | 'admin' | 'guest';

/** How many kinds of evidence an approval needs, and how many of them must not rest on the approver's word. 0: their word is enough. */
export interface ClassRule {
  count: number;
  independent: number;
}

export interface EvidencePolicy {
  name: 'stated' | 'recommended' | 'custom';
  rules: Readonly<Record<TargetClass, ClassRule>>;
}

const WORD: ClassRule = { count: 0, independent: 0 };

/** The default: the approver's stated method is enough for everyone (evidence is shown and recorded when present). */
export const STATED_POLICY: EvidencePolicy = { name: 'stated', rules: { member: WORD, admin: WORD, guest: WORD } };

/** Members and guests: one kind; admin-role holders: two kinds, at least one not resting on the approver's word. */
export const RECOMMENDED_POLICY: EvidencePolicy = {
  name: 'recommended',
  rules: { member: { count: 1, independent: 0 }, admin: { count: 2, independent: 1 }, guest: { count: 1, independent: 0 } },
};

const CLASS_NAMES: Record<string, TargetClass> = { members: 'member', admins: 'admin', guests: 'guest' };

/**
 * EVIDENCE_POLICY: `stated`, `recommended`, or per class `members=1;admins=2/1;guests=1` (kinds / how many of them
 * independent); a class left out needs only the approver's word. Returns the problem in words for a start-up error.
 */
export function parseEvidencePolicy(text: string): { ok: true; policy: EvidencePolicy } | { ok: false; problem: string } {
  const value = text.trim().toLowerCase();
  if (value === 'stated') return { ok: true, policy: STATED_POLICY };
  if (value === 'recommended') return { ok: true, policy: RECOMMENDED_POLICY };
  const rules: Record<TargetClass, ClassRule> = { member: WORD, admin: WORD, guest: WORD };
  const seen = new Set<TargetClass>();
  for (const part of value
    .split(';')
    .map((p) => p.trim())
    .filter(Boolean)) {
    const match = /^(\w+)\s*=\s*(\d)(?:\s*\/\s*(\d))?$/.exec(part);
    const cls = match ? CLASS_NAMES[match[1] as string] : undefined;
    if (!match || !cls) return { ok: false, problem: `"${part}" is not members=N, admins=N or guests=N (N/M: M of them independent)` };
    if (seen.has(cls)) return { ok: false, problem: `${match[1]} is given twice` };
    seen.add(cls);
    const count = Number(match[2]);
    const independent = Number(match[3] ?? 0);
    if (count > EVIDENCE_KINDS.length)
      return { ok: false, problem: `${match[1]}: at most ${EVIDENCE_KINDS.length} kinds of evidence exist` };
    if (independent > count || independent > INDEPENDENT_KINDS.length)
      return { ok: false, problem: `${match[1]}: at most ${Math.min(count, INDEPENDENT_KINDS.length)} of ${count} can be independent` };
    rules[cls] = { count, independent };
  }
  if (seen.size === 0) return { ok: false, problem: 'give stated, recommended, or rules such as members=1;admins=2/1;guests=1' };
  return { ok: true, policy: { name: 'custom', rules } };
}

/** Holds a directory role (active or PIM-eligible, any scope) or a role-assignable group that can give one; else guest or member. */
export function targetClassOf(facts: TargetFacts): TargetClass {
  if (isAdminTarget(facts) || inRoleAssignableGroup(facts)) return 'admin';
  return facts.user.userType === 'Guest' ? 'guest' : 'member';
}

export function hasDirectoryNumber(phones: DirectoryPhones | undefined): boolean {
  return Boolean(phones && (phones.business.some((n) => n.trim()) || phones.mobile?.trim()));
}

/**
 * The evidence this approval rests on. A call-back counts only as the approver's choice AND when the directory, read live,
 * holds a number (one the request gave is what an impostor would give); "manager-confirmed" as a stated method is the
 * approver's word only: the manager's own Confirm in TAP Desk is the evidence, unless the manager is the approver (then it
 * is their word again, and no second person vouched).
 */
export function evidenceOf(
  request: TapRequest,
  facts: TargetFacts,
  verification: VerificationMethod | null,
  approverId: string | null,
): EvidenceKind[] {
  const held = new Set<EvidenceKind>();
  if (verification === 'call-back' && hasDirectoryNumber(facts.user.phones)) held.add('call-back');
  const check = request.managerCheck;
  if (check?.state === 'confirmed' && check.manager.id.toLowerCase() !== approverId?.toLowerCase()) held.add('manager');
  if (request.faceCheck?.state === 'passed') held.add('face-check');
  return EVIDENCE_KINDS.filter((k) => held.has(k));
}

/** What is still wanted: more kinds, of which moreIndependent must not rest on the approver's word. */
export interface Shortfall {
  more: number;
  moreIndependent: number;
}

/** Nothing (null) when the evidence satisfies the policy for this class of target. */
export function evidenceStill(policy: EvidencePolicy, targetClass: TargetClass, evidence: readonly EvidenceKind[]): Shortfall | null {
  const rule = policy.rules[targetClass];
  const kinds = new Set(evidence);
  const independent = INDEPENDENT_KINDS.filter((k) => kinds.has(k)).length;
  const moreIndependent = Math.max(0, rule.independent - independent);
  const more = Math.max(0, rule.count - kinds.size, moreIndependent);
  return more === 0 ? null : { more, moreIndependent };
}

/** The policy against one request and its target, before the approver has chosen a method (the card's preview). */
export interface EvidenceNeed {
  policy: EvidencePolicy['name'];
  targetClass: TargetClass;
  rule: ClassRule;
  /** Held whatever the approver chooses: the manager's Confirm, a passed Face Check. */
  held: EvidenceKind[];
  /** The directory holds a number: a call-back on it would count. */
  callBackCounts: boolean;
  /** Still wanted if the approver calls back the directory's number, and if they choose anything else. */
  withCallBack: Shortfall | null;
  otherwise: Shortfall | null;
  /** Kinds that could still be added: the manager can still answer, a Face Check (when offered) not yet passed, a call-back possible. */
  open: EvidenceKind[];
}

export function evidenceNeed(
  policy: EvidencePolicy,
  request: TapRequest,
  facts: TargetFacts,
  approverId: string | null,
  faceCheckOffered: boolean,
): EvidenceNeed {
  const targetClass = targetClassOf(facts);
  const held = evidenceOf(request, facts, null, approverId);
  const withCall = evidenceOf(request, facts, 'call-back', approverId);
  const check = request.managerCheck;
  // The manager can still add their Confirm only when asked and not the approver.
  const managerOpen =
    (check?.state === 'asked' || check?.state === 'unreachable') && check.manager.id.toLowerCase() !== approverId?.toLowerCase();
  const open = EVIDENCE_KINDS.filter((k) => {
    if (k === 'call-back') return withCall.includes('call-back');
    if (k === 'manager') return managerOpen;
    return faceCheckOffered && !held.includes('face-check');
  });
  return {
    policy: policy.name,
    targetClass,
    rule: policy.rules[targetClass],
    held,
    callBackCounts: withCall.includes('call-back'),
    withCallBack: evidenceStill(policy, targetClass, withCall),
    otherwise: evidenceStill(policy, targetClass, held),
    open,
  };
}

/** What is still wanted once the approver has chosen their method (null: the policy is satisfied). */
export function stillFor(need: EvidenceNeed, verification: VerificationMethod): Shortfall | null {
  return verification === 'call-back' && need.callBackCounts ? need.withCallBack : need.otherwise;
}
