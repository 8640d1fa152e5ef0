// Every verb a card can send has exactly one handler, and every handler a verb some card sends:
// a renamed verb in cards/*.json or a handler without a button fails here, not in Teams.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { CARD_VERBS, PICK_VERBS, isCardVerb } from '../../../src/teams/card-verbs';
import { createHandlers, type HandlerDeps } from '../../../src/teams/handlers';

const CARDS = path.resolve(__dirname, '../../../cards');

/** Every `"verb": "…"` in the card templates; the pick-user card's `${verb}` stands for the pick verbs. */
function verbsInCards(): string[] {
  const found: string[] = [];
  for (const file of readdirSync(CARDS).filter((f) => f.endsWith('.json'))) {
    for (const m of readFileSync(path.join(CARDS, file), 'utf8').matchAll(/"verb"\s*:\s*"([^"]+)"/g)) {
      const verb = m[1] as string;
      if (verb === '${verb}') {
        assert.equal(file, 'pick-user.json', `${file} names its verb through a template field`);
        found.push(...PICK_VERBS);
      } else {
        found.push(verb);
      }
    }
  }
  return [...new Set(found)].sort();
}

describe('card verbs', () => {
  // Building the table calls nothing: each handler only closes over its dependencies.
  const handlers = createHandlers({
    config: {},
    useCases: {},
    cards: { card: () => ({}), attachment: () => ({}) },
    conversations: {},
    notices: {},
    logger: {},
    clock: {},
  } as unknown as HandlerDeps);

  it('the typed list is exactly the verbs the cards send', () => {
    assert.deepEqual([...CARD_VERBS].sort(), verbsInCards());
  });

  it('every verb has exactly one handler, and every handler a verb', () => {
    assert.equal(new Set(CARD_VERBS).size, CARD_VERBS.length, 'a verb listed twice');
    assert.deepEqual(Object.keys(handlers.verbs).sort(), [...CARD_VERBS].sort());
    for (const verb of CARD_VERBS) assert.equal(typeof handlers.verbs[verb], 'function', verb);
  });

  it('an unknown or inherited name is not a verb', () => {
    for (const bad of ['toString', 'constructor', '__proto__', 'approval.Approve', '', 42, null])
      assert.equal(isCardVerb(bad), false, String(bad));
    assert.equal(isCardVerb('approval.approve'), true);
  });
});
