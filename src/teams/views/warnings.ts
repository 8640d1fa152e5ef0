// Eligibility warnings in words: things an approver must know but that do not block a pass.
import type { Warning } from '../../domain/eligibility';
import { formatTime } from '../format';

export function describeWarning(warning: Warning): string {
  const p = warning.params ?? {};
  switch (warning.code) {
    case 'target.live-pass':
      return `This person already has a pass${p.expiresAt ? ` valid until ${formatTime(String(p.expiresAt))}` : ''}. Issuing a new one replaces it.`;
    case 'target.tap-unknown':
      return "Couldn't check whether this person already has a pass.";
    case 'target.risk-unknown':
      return p.need
        ? `Couldn't check Identity Protection risk (it needs ${String(p.need)}).`
        : "Couldn't check Identity Protection risk (no permission or licence).";
    case 'target.group-eligibility-unknown':
      return `Couldn't check whether this person is eligible (PIM for Groups) for a privileged group (it needs ${String(p.need)}): if they are, a Privileged Authentication Administrator should approve.`;
    case 'target.elevated-risk':
      return `Identity Protection rates this account at ${String(p.level ?? 'elevated')} risk: verify identity with extra care.`;
    default:
      return `Note: ${warning.code}`;
  }
}
