// The evidence policy in words: what it wants for this person, what is held, what is still needed and how to get it,
// and the evidence an approval recorded. The rule itself is the domain's (evidence.ts); this only says it.
import type { EvidenceKind, EvidenceNeed, TargetClass } from '../../domain/evidence';
import type { Approval } from '../../domain/request-types';
import type { Fact } from '../cards/view-types';

const KIND: Record<EvidenceKind, string> = {
  'call-back': 'a call-back on a number the directory holds',
  manager: "their manager's Confirm in TAP Desk",
  'face-check': 'a passed Face Check (Verified ID)',
};

/** How to add each kind: the approver's next step. */
const STEP: Record<EvidenceKind, string> = {
  'call-back': 'call them back on a number the directory holds and choose "Called them back"',
  manager: "wait for their manager's Confirm (asked in Teams)",
  'face-check': 'ask for a Face Check',
};

const CLASS: Record<TargetClass, string> = { member: 'members', admin: 'people who hold an admin role', guest: 'guests' };

const COUNT = ['no', 'one', 'two', 'three'];
const count = (n: number): string => COUNT[n] ?? String(n);

const kindsOf = (text: string): EvidenceKind[] => text.split(',').filter((k): k is EvidenceKind => k in KIND);

/** "a or b or c", "a and b". */
function list(items: string[], joiner: 'or' | 'and'): string {
  return items.length <= 1 ? (items[0] ?? '') : `${items.slice(0, -1).join(', ')} ${joiner} ${items[items.length - 1]}`;
}

export function evidenceList(kinds: readonly EvidenceKind[]): string {
  return kinds.length
    ? list(
        kinds.map((k) => KIND[k]),
        'and',
      )
    : 'none';
}

export function ruleLine(targetClass: TargetClass, rule: { count: number; independent: number }): string {
  if (rule.count === 0) return `for ${CLASS[targetClass]}: your stated method is enough`;
  const kinds = `${count(rule.count)} kind${rule.count > 1 ? 's' : ''} of evidence`;
  const independent =
    rule.independent === 0
      ? ''
      : rule.independent === rule.count
        ? ', none resting on your word'
        : `, at least ${count(rule.independent)} not resting on your word (their manager's Confirm or a Face Check)`;
  return `for ${CLASS[targetClass]}: ${kinds}${independent}`;
}

/** What is still wanted and the ways to get it; nothing open: no way here, so deny or verify outside TAP Desk. */
export function stillLine(more: number, moreIndependent: number, open: readonly EvidenceKind[]): string {
  const ways = moreIndependent > 0 && more === moreIndependent ? open.filter((k) => k !== 'call-back') : open;
  const needed = `${count(more)} more${moreIndependent > 0 ? ` (${count(moreIndependent)} not resting on your word)` : ''}`;
  if (ways.length === 0) return `${needed}, and none can be added now: deny the request, or have the person verified another way.`;
  return `${needed}: ${list(
    ways.map((k) => STEP[k]),
    'or',
  )}.`;
}

/** The refusal 'request.evidence-needed' in words, from its params (domain request.ts). */
export function evidenceNeededWords(params: Record<string, string | number> | undefined): { text: string; nextStep: string } {
  const p = params ?? {};
  const cls = (String(p.targetClass) in CLASS ? p.targetClass : 'member') as TargetClass;
  const rule = { count: Number(p.count ?? 0), independent: Number(p.independent ?? 0) };
  return {
    text: `The evidence policy wants, ${ruleLine(cls, rule)}. Evidence so far: ${evidenceList(kindsOf(String(p.held ?? '')))}.`,
    nextStep: `Still needed: ${stillLine(Number(p.more ?? 1), Number(p.moreIndependent ?? 0), kindsOf(String(p.open ?? '')))}`,
  };
}

/** The approval card's lines about the policy, before the approver chooses a method; none under the default policy. */
export function evidenceFacts(need: EvidenceNeed | null | undefined): Fact[] {
  if (!need || need.policy === 'stated') return [];
  const still =
    need.otherwise === null
      ? 'nothing: the policy is met'
      : need.withCallBack === null
        ? 'calling them back on a number the directory holds (choose "Called them back") completes it'
        : stillLine(need.otherwise.more, need.otherwise.moreIndependent, need.open);
  return [
    { title: 'Evidence policy', value: ruleLine(need.targetClass, need.rule) },
    { title: 'Evidence so far', value: evidenceList(need.held) },
    { title: 'Still needed', value: still },
  ];
}

/** The evidence an approval recorded, for the issued and approved views; null for approvals stored before it existed. */
export function recordedEvidence(approval: Approval): string | null {
  return approval.evidence ? `evidence: ${evidenceList(approval.evidence)}` : null;
}
