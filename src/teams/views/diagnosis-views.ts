// View models for "why can't I sign in?": the guided question card and the result.
import { SYMPTOM_CHOICES } from '../../app';
import type { Diagnosis, Finding } from '../../domain/diagnosis/diagnosis';
import type { DiagnosisResultView, DiagnosisStartView, Tone } from '../cards/view-types';

export function diagnosisStartView(subject: { id: string; name: string }, self: boolean): DiagnosisStartView {
  return {
    title: self ? "Why can't I sign in?" : `Why can't ${subject.name} sign in?`,
    intro: self
      ? 'Two quick questions, then I check your account, your recent sign-ins and your sign-in methods.'
      : 'Two questions about what they see, then I check their account, recent sign-ins and methods.',
    subjectId: subject.id,
    subjectName: self ? `${subject.name} (you)` : subject.name,
    runTitle: self ? 'Check my account' : 'Check their account',
    symptoms: SYMPTOM_CHOICES.map((c) => ({ title: c.label, value: c.symptom })),
  };
}

const LABEL: Record<Finding['status'], { label: string; color: Tone }> = {
  problem: { label: 'Problem', color: 'attention' },
  warning: { label: 'Check', color: 'warning' },
  unknown: { label: "Couldn't check", color: 'default' },
  ok: { label: 'OK', color: 'good' },
};

/** A pass TAP Desk could revoke from here: one that exists but is wrong, blocked or not in their hands. */
const REVOCABLE = [
  'tap.usable',
  'tap.not-verified',
  'tap.multi-use-blocked',
  'tap.not-yet-valid',
  'tap.unusable',
  'tap.disabled-by-policy',
  'tap.replication-delay',
];

export function diagnosisResultView(diagnosis: Diagnosis, subjectName: string, self: boolean, subjectId = ''): DiagnosisResultView {
  const top = diagnosis.top;
  const first = subjectName.trim().split(/\s+/)[0] || subjectName;
  return {
    title: self ? 'Your sign-in check' : `Sign-in check for ${subjectName}`,
    summary: diagnosis.summary,
    summaryStyle: top.status === 'problem' ? 'attention' : top.status === 'warning' ? 'warning' : top.status === 'ok' ? 'good' : 'emphasis',
    topExplanation: top.explanation,
    topNextStep: top.nextStep ?? '',
    showTopNextStep: Boolean(top.nextStep),
    findings: diagnosis.findings
      .filter((f) => f.id !== top.id)
      .slice(0, 12)
      .map((f) => {
        const evidence = self ? '' : (f.evidence ?? '');
        return {
          ...LABEL[f.status],
          title: f.title,
          explanation: f.explanation,
          nextStep: f.nextStep ?? '',
          hasNextStep: Boolean(f.nextStep),
          evidence,
          hasEvidence: evidence !== '',
        };
      }),
    offerPass: self && diagnosis.offers.includes('request-pass'),
    offerHelpDesk: self && diagnosis.offers.includes('contact-help-desk'),
    checkedHeading: self ? 'What I checked' : `What I checked on ${first}'s account`,
    topEvidence: self ? '' : (top.evidence ?? ''),
    showTopEvidence: !self && Boolean(top.evidence),
    subjectId,
    offerPassFor: !self && subjectId !== '' && diagnosis.offers.includes('request-pass'),
    passForTitle: `Request a pass for ${first}`,
    offerRevoke: !self && subjectId !== '' && diagnosis.findings.some((f) => REVOCABLE.includes(f.id) && f.status !== 'ok'),
  };
}
