// Identity Protection user risk (src/graph/README.md §6): only risk that is still open matters.
import { clock } from './text';
import type { Context } from './context';
import { type Ranked, finding, unknownBecause } from './finding';

const OPEN_STATES: readonly string[] = ['atRisk', 'confirmedCompromised'];

export function riskCheck(ctx: Context): Ranked {
  const risk = ctx.facts.target.risk;
  if (!risk.known || risk.value?.riskLevel === 'hidden') {
    return finding('risk.unknown', 'unknown', 24, {
      title: "Couldn't check Identity Protection risk",
      explanation: unknownBecause(
        risk.known ? 'hidden' : risk.reason,
        'Identity Protection risk',
        'IdentityRiskyUser.Read.All',
        'Microsoft Entra ID P2',
      ),
    });
  }
  const value = risk.value;
  if (!value || !OPEN_STATES.includes(value.riskState) || value.riskLevel === 'none') {
    const earlier =
      value && value.riskState !== 'none'
        ? ` (earlier risk was ${value.riskState === 'confirmedSafe' ? 'confirmed safe' : value.riskState})`
        : '';
    return finding('risk.none', 'ok', 4, {
      title: 'No open Identity Protection risk',
      explanation: `Identity Protection doesn't flag your account${earlier}.`,
    });
  }
  const since = value.riskLastUpdatedDateTime ? ` (since ${clock(value.riskLastUpdatedDateTime, ctx.now)})` : '';
  const clearStep =
    'Contact the help desk so they can confirm it was you and clear the risk. A secure password change (with MFA) can also clear it, if your organisation allows that.';
  if (value.riskState === 'confirmedCompromised') {
    return finding('risk.compromised', 'problem', 66, {
      title: 'Your account is marked as compromised',
      headline: 'an administrator has marked your account as compromised',
      explanation: `An administrator has confirmed that someone else may have had access to your account${since}. Sign-in and new passes stay blocked until the help desk has secured it.`,
      nextStep: 'Contact the help desk.',
      offer: 'contact-help-desk',
    });
  }
  if (value.riskLevel === 'high') {
    return finding('risk.high', 'problem', 65, {
      title: 'Identity Protection rates your account at high risk',
      headline: 'Identity Protection rates your account at high risk',
      explanation: `Microsoft Entra ID Protection flagged your account as high risk${since}: it saw signs that someone else may know your password. Your organisation may block sign-in until that's cleared, and the help desk must check it before a pass can be issued.`,
      nextStep: clearStep,
      evidence: `Risk level: ${value.riskLevel}; state: ${value.riskState}.`,
      offer: 'contact-help-desk',
    });
  }
  if (value.riskLevel === 'medium') {
    return finding('risk.medium', 'warning', 45, {
      title: 'Identity Protection rates your account at medium risk',
      explanation: `Microsoft Entra ID Protection flagged your account as medium risk${since}. Your organisation may ask for extra checks, such as MFA or a password change, when you sign in.`,
      nextStep: clearStep,
      evidence: `Risk level: ${value.riskLevel}; state: ${value.riskState}.`,
    });
  }
  return finding('risk.low', 'ok', 4, {
    title: 'Identity Protection rates your account at low risk',
    explanation: `Identity Protection noticed something minor${since}; on its own this rarely stops a sign-in.`,
  });
}
