// Plain message cards: a coded problem in words (reason + next step), or a short notice.
import type { Attachment } from 'botbuilder';
import type { Problem } from '../../app/errors';
import type { CardJson, CardRenderer } from '../cards/renderer';
import type { Tone } from '../cards/views';
import { explain } from '../texts';

export function problemCard(cards: CardRenderer, problem: Problem, title = "That didn't work"): CardJson {
  const e = explain(problem);
  return cards.card('message', { title, tone: 'attention', body: e.text, details: [], nextStep: e.nextStep, showNextStep: true });
}

export function messageCard(cards: CardRenderer, title: string, body: string, tone: Tone, details: string[] = [], nextStep = ''): Attachment {
  return cards.attachment('message', { title, tone, body, details, nextStep, showNextStep: nextStep !== '' });
}
