// Renders the Adaptive Card templates in cards/ with adaptivecards-templating. One typed view model
// per template (see views.ts); templates are read once per renderer, never per turn. Templates hold no
// markdown: the renderer escapes every TextBlock and fact (markdown.ts).
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import * as ACData from 'adaptivecards-templating';
import { CardFactory, type Attachment } from 'botbuilder';
import type { CardViews, CardName } from './view-types';
import { escapeCardMarkdown } from '../markdown';

/** cards/ beside the package's package.json: the same from src/ (tsx) and from dist/src/ (npm start). */
function packageRoot(from: string): string {
  let dir = from;
  while (!existsSync(path.join(dir, 'package.json'))) {
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error('TAP Desk cannot find its package root (and cards/ in it)');
    dir = parent;
  }
  return dir;
}

export const CARDS_DIR = path.join(packageRoot(__dirname), 'cards');
export const CARD_NAMES: readonly CardName[] = [
  'help',
  'welcome',
  'message',
  'request-form',
  'request-status',
  'approval',
  'pass-reveal',
  'user-status',
  'pending',
  'pick-user',
  'notice',
  'diagnosis-start',
  'diagnosis-result',
  'revoke-confirm',
  'orphan',
];

/** An Adaptive Card as plain JSON. */
export type CardJson = Record<string, unknown>;

/**
 * Cards whose expansion is remembered, keyed by their whole view model: expansion is a pure function
 * of the view, and people ask for the same help and status views again and again. The view is read
 * fresh every turn (it is the key), so nothing stale can be shown. Never a card that may carry a
 * secret (pass-reveal): the pass is kept nowhere.
 */
const MEMO_CARDS: ReadonlySet<CardName> = new Set<CardName>(['help', 'request-status', 'message']);
/** Finished cards kept per renderer; the oldest goes first. A few hundred KB at most. */
export const CARD_MEMO_LIMIT = 200;

export class CardRenderer {
  private readonly templates: ReadonlyMap<CardName, ACData.Template>;
  /** name + view JSON → the finished card's JSON; parsed per use, so no caller shares or mutates an entry. */
  private readonly memo = new Map<string, string>();

  constructor(cardsDir: string = CARDS_DIR, names: readonly CardName[] = CARD_NAMES) {
    this.templates = new Map(
      names.map((name) => [name, new ACData.Template(JSON.parse(readFileSync(path.join(cardsDir, `${name}.json`), 'utf8')))]),
    );
  }

  card<N extends CardName>(name: N, view: CardViews[N]): CardJson {
    if (!MEMO_CARDS.has(name)) return this.expand(name, view);
    const key = `${name}\n${JSON.stringify(view)}`;
    const known = this.memo.get(key);
    if (known !== undefined) return JSON.parse(known) as CardJson;
    const card = this.expand(name, view);
    if (this.memo.size >= CARD_MEMO_LIMIT) this.memo.delete(this.memo.keys().next().value as string);
    this.memo.set(key, JSON.stringify(card));
    return card;
  }

  private expand<N extends CardName>(name: N, view: CardViews[N]): CardJson {
    const template = this.templates.get(name);
    if (!template) throw new Error(`No card template named ${name}`);
    const card = template.expand({ $root: view }) as CardJson;
    // An optional top-level section left out by `$when` expands to null: a card omits it instead.
    for (const [key, value] of Object.entries(card)) if (value === null) delete card[key];
    // The one place text meets Teams' markdown: everything shown as text is shown as typed.
    escapeCardMarkdown(card);
    return card;
  }

  attachment<N extends CardName>(name: N, view: CardViews[N]): Attachment {
    return CardFactory.adaptiveCard(this.card(name, view));
  }
}
