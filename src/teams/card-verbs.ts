// Every Action.Execute verb a TAP Desk card can send, in one typed list: the handler table is keyed
// by it (handlers/index.ts), and a unit test holds cards/*.json and the table to it both ways.
export const CARD_VERBS = [
  'help',
  'request.open',
  'request.open-for',
  'request.submit',
  'request.refresh',
  'request.cancel',
  'pass.reveal',
  'status.mine',
  'pending.page',
  'approval.refresh',
  'approval.approve',
  'approval.deny',
  'approval.face-check',
  'pass.handed-over',
  'status.pick',
  'revoke.pick',
  'pass.not-me',
  'pass.remove-own',
  'revoke.confirm',
  'pass.remove-orphan',
  'identity.confirm',
  'identity.not-them',
  'diagnose.open',
  'diagnose.pick',
  'diagnose.run',
  'diagnose.escalate',
] as const;

export type CardVerb = (typeof CARD_VERBS)[number];

/** The verbs the pick-user card sends, named by its view (`${verb}` in cards/pick-user.json). */
export const PICK_VERBS = ['status.pick', 'revoke.pick', 'diagnose.pick'] as const satisfies readonly CardVerb[];
export type PickVerb = (typeof PICK_VERBS)[number];

/**
 * Verbs whose answer may carry a pass: only an Action.Execute invoke answers the clicker with a card, so
 * these never run from a message activity (an Action.Submit), where a pass would be shown to nobody.
 */
export const PASS_VERBS = ['approval.approve', 'pass.reveal'] as const satisfies readonly CardVerb[];
export type PassVerb = (typeof PASS_VERBS)[number];

export function isPassVerb(verb: CardVerb): verb is PassVerb {
  return (PASS_VERBS as readonly string[]).includes(verb);
}

/** Verbs that act on one request: the router parses the card's request id once and hands it over typed. */
export const REQUEST_VERBS = [
  'request.refresh',
  'request.cancel',
  'pass.reveal',
  'approval.refresh',
  'approval.approve',
  'approval.deny',
  'approval.face-check',
  'pass.handed-over',
  'pass.not-me',
  'pass.remove-own',
  'pass.remove-orphan',
  'identity.confirm',
  'identity.not-them',
] as const satisfies readonly CardVerb[];
export type RequestVerb = (typeof REQUEST_VERBS)[number];

export function isRequestVerb(verb: CardVerb): verb is RequestVerb {
  return (REQUEST_VERBS as readonly string[]).includes(verb);
}

const KNOWN: ReadonlySet<string> = new Set(CARD_VERBS);

/** A verb from an activity (untrusted text) that TAP Desk knows; never an inherited property name. */
export function isCardVerb(value: unknown): value is CardVerb {
  return typeof value === 'string' && KNOWN.has(value);
}
