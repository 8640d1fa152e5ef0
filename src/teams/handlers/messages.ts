// Plain message cards: a coded problem in words (reason + next step), or a short notice.
import type { Attachment } from 'botbuilder';
import type { Problem } from '../../app';
import type { CardJson, CardRenderer } from '../cards/renderer';
import type { Tone } from '../cards/view-types';
import { explain } from '../texts';

export function problemCard(cards: CardRenderer, problem: Problem, title = "That didn't work"): CardJson {
  const e = explain(problem);
  return cards.card('message', { title, tone: 'attention', body: e.text, details: [], nextStep: e.nextStep, showNextStep: true });
}

export function messageCard(
  cards: CardRenderer,
  title: string,
  body: string,
  tone: Tone,
  details: string[] = [],
  nextStep = '',
): Attachment {
  return cards.attachment('message', { title, tone, body, details, nextStep, showNextStep: nextStep !== '' });
}

/**
 * The answer to a second Approve or Reveal while the first is under way. An `application/vnd.microsoft.activity.message`
 * response shows this text to the clicker and leaves the card as it is; only `...card.adaptive` replaces it
 * (the Universal Action Model's response format: https://learn.microsoft.com/adaptive-cards/authoring-cards/universal-action-model).
 */
export const PASS_UNDER_WAY = 'Already under way: the pass shows on this card once, and only to you. No second pass is made.';
