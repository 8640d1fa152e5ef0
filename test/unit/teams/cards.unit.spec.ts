// Every card template expands with its fixtures into a card the Adaptive Cards parser accepts,
// with no template text left over and card actions that carry nothing but a request id.
import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { CARD_NAMES, CARDS_DIR, CardRenderer } from '../../../src/teams/cards/renderer';
import { CARD_VIEW_FIXTURES } from '../../fixtures/card-views';

const AC = require('adaptivecards/dist/adaptivecards.js');

function parseProblems(card: unknown): string[] {
  const parsed = new AC.AdaptiveCard();
  const context = new AC.SerializationContext();
  parsed.parse(card, context);
  const problems: string[] = [];
  for (let i = 0; i < context.eventCount; i += 1) problems.push(context.getEventAt(i).message);
  for (const event of parsed.validateProperties().validationEvents) problems.push(event.message);
  return problems;
}

function walk(node: unknown, visit: (object: Record<string, unknown>) => void): void {
  if (Array.isArray(node)) node.forEach((child) => walk(child, visit));
  else if (node && typeof node === 'object') {
    visit(node as Record<string, unknown>);
    Object.values(node).forEach((child) => walk(child, visit));
  }
}

describe('card templates', () => {
  const renderer = new CardRenderer();

  it('has a template file for every card name and no stray templates', () => {
    const files = readdirSync(CARDS_DIR)
      .filter((f) => f.endsWith('.json'))
      .map((f) => f.replace(/\.json$/, ''))
      .sort();
    assert.deepEqual(files, [...CARD_NAMES].sort());
  });

  for (const name of CARD_NAMES) {
    const fixtures = CARD_VIEW_FIXTURES[name] as unknown[];
    it(`${name}: every fixture renders into a valid card`, () => {
      assert.ok(fixtures.length > 0, 'needs at least one fixture');
      for (const view of fixtures) {
        const card = renderer.card(name, view as never);
        const json = JSON.stringify(card);
        assert.doesNotMatch(json, /\$\{/, 'template expression left unexpanded');
        assert.doesNotMatch(json, /"\$(data|when)"/, 'template keyword left in the card');
        assert.deepEqual(parseProblems(card), []);
        walk(card, (object) => {
          if (object.type === 'Action.Execute') {
            assert.equal(typeof object.verb, 'string', 'Action.Execute needs a verb');
            const data = (object.data ?? {}) as Record<string, unknown>;
            // A request id, or the person a help-desk action is about (the server re-checks who may act on them),
            // or the pending list's page number (a cursor the handler validates; the list is read again).
            assert.deepEqual(
              Object.keys(data).filter((k) => k !== 'requestId' && k !== 'targetId' && !(k === 'page' && object.verb === 'pending.page')),
              [],
              `card data carries more than a request or target id: ${JSON.stringify(data)}`,
            );
            assert.ok(Object.keys(data).length <= 1, `card data carries one id at most: ${JSON.stringify(data)}`);
          }
          if (object.type === 'TextBlock') assert.notEqual(String(object.text ?? '').trim(), '', 'empty TextBlock');
        });
      }
    });
  }
});
