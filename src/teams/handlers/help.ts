// The help and welcome cards. Help costs no Graph call: it is the most frequent turn.
import { CardFactory, type TurnContext } from 'botbuilder';
import type { CardRenderer } from '../cards/renderer';
import type { HelpView, WelcomeView } from '../cards/view-types';

export const HELP_VIEW: HelpView = {
  title: 'TAP Desk',
  intro:
    'I get you a Temporary Access Pass when you are locked out or setting up a new device, and I help you find out why a sign-in fails. Type a command or use a button.',
  commands: [
    { command: 'request', description: 'Ask for a Temporary Access Pass for yourself (or, if you may, for someone else).' },
    { command: 'status', description: 'Where your requests stand, and your current pass (never its value).' },
    { command: 'cancel TAP-0042', description: 'Withdraw a request that is still waiting.' },
    { command: 'diagnose', description: "Why can't I sign in? A guided check of your account." },
  ],
  helpDeskCommands: [
    { command: 'pending', description: 'Requests waiting for approval, with who may approve each.' },
    { command: 'status alexw', description: "A person's requests and live pass state (a name, email or request id)." },
    { command: 'diagnose alexw', description: "Why someone can't sign in." },
    { command: 'revoke alexw', description: "Delete someone's pass now." },
    { command: 'audit TAP-0042', description: 'The audit trail of a person or request; "export audit 2026-11-01 2026-11-22" for a CSV.' },
    { command: 'health', description: 'What TAP Desk can do here: each capability ok or degraded, why, and the fix.' },
    { command: 'approvals here', description: 'In a team channel: post approval cards here (admins only).' },
  ],
  showHelpDesk: true,
};

export const WELCOME_VIEW: WelcomeView = {
  title: 'Welcome to TAP Desk',
  intro: 'Locked out, lost your phone, or setting up a new laptop? I can get you a Temporary Access Pass, approved by the help desk.',
  steps: [
    'Say "request" (or just "I lost my phone") to ask for a pass.',
    'An authorised admin verifies it is really you and approves.',
    'Say "why can\'t I sign in" and I will check your account for the usual causes.',
  ],
};

export function helpHandlers(cards: CardRenderer) {
  // The help card never changes, and expanding its template was the most expensive part of the
  // most frequent turn: expand it once. Frozen, so no turn can change what the next one sends.
  const helpCard = deepFreeze(cards.card('help', HELP_VIEW));
  return {
    async help(context: TurnContext): Promise<void> {
      await context.sendActivity({ attachments: [CardFactory.adaptiveCard(helpCard)] });
    },
    async welcome(context: TurnContext): Promise<void> {
      await context.sendActivity({ attachments: [cards.attachment('welcome', WELCOME_VIEW)] });
    },
  };
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) deepFreeze(child);
  }
  return value;
}
