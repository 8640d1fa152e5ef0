// The unit every check produces. `weight` and `headline` only serve ranking and the summary line;
// diagnose() strips them so callers see the plain Finding.

export type FindingStatus = 'ok' | 'warning' | 'problem' | 'unknown';

export type Offer = 'request-pass' | 'contact-help-desk';

export interface Finding {
  /** Stable, e.g. `account.disabled`, `tap.expired`, `ca.compliant-device`. */
  id: string;
  status: FindingStatus;
  title: string;
  explanation: string;
  /** Something the person can do, or null when there is nothing to do. */
  nextStep: string | null;
  /** The facts behind it (times, codes, policy names), for the curious and the help desk. */
  evidence?: string;
}

export interface Ranked extends Finding {
  /** Higher is more likely the root cause; problems always outrank everything else. */
  weight: number;
  /** Completes "Most likely: …" when this finding comes first. */
  headline: string;
  /** What the card should offer when this finding matters. */
  offer?: Offer;
}

export interface FindingText {
  title: string;
  explanation: string;
  nextStep?: string | null;
  evidence?: string | null;
  headline?: string;
  offer?: Offer;
}

export function finding(id: string, status: FindingStatus, weight: number, text: FindingText): Ranked {
  const ranked: Ranked = {
    id,
    status,
    title: text.title,
    explanation: text.explanation,
    nextStep: text.nextStep ?? null,
    weight,
    headline: text.headline ?? lowerFirst(text.title),
  };
  if (text.evidence) ranked.evidence = text.evidence;
  if (text.offer) ranked.offer = text.offer;
  return ranked;
}

function lowerFirst(text: string): string {
  return text.charAt(0).toLowerCase() + text.slice(1);
}

/** Why a fact is unknown, in words: the cause of every "couldn't check" finding. */
export function unknownBecause(
  reason: 'permission' | 'licence' | 'unavailable' | 'hidden',
  what: string,
  permission: string,
  licence = 'Microsoft Entra ID P1 or P2',
): string {
  switch (reason) {
    case 'permission':
      return `TAP Desk isn't allowed to read ${what} (it needs the ${permission} permission), so this wasn't checked.`;
    case 'licence':
      return `Reading ${what} needs a ${licence} licence, which this organisation doesn't have, so this wasn't checked.`;
    case 'hidden':
      return `Microsoft Entra hides ${what} without a ${licence} licence, so this wasn't checked.`;
    case 'unavailable':
      return `Microsoft Graph didn't answer when asked for ${what}, so this wasn't checked. Trying again in a minute may work.`;
  }
}
