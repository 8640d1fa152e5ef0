// The renderer remembers finished help/status/message cards by their whole view: a remembered card
// must equal a fresh expansion, a changed view must not get the old card, a caller editing its card
// must not change the next one, and the pass-reveal card is never kept.
import assert from 'node:assert/strict';
import { CARD_MEMO_LIMIT, CARD_NAMES, CardRenderer } from '../../../src/teams/cards/renderer';
import { CARD_VIEW_FIXTURES } from '../../fixtures/card-views';

const fixturesOf = (name: (typeof CARD_NAMES)[number]) => CARD_VIEW_FIXTURES[name] as never[];

describe('card renderer memo', () => {
  it('gives every card, rendered again, exactly what a fresh renderer gives', () => {
    const warm = new CardRenderer();
    for (const name of CARD_NAMES) {
      for (const view of fixturesOf(name)) {
        const first = warm.card(name, view);
        const again = warm.card(name, view);
        assert.deepEqual(again, new CardRenderer().card(name, view), `${name}: a remembered card differs`);
        assert.deepEqual(again, first);
      }
    }
  });

  it('renders a changed view anew: a status card after the request moved on shows the new status', () => {
    const renderer = new CardRenderer();
    const [view] = fixturesOf('request-status') as Record<string, unknown>[];
    const before = JSON.stringify(renderer.card('request-status', view as never));
    const changed = { ...view, statusLabel: 'Changed since', title: 'Another title' };
    const after = renderer.card('request-status', changed as never);
    assert.deepEqual(after, new CardRenderer().card('request-status', changed as never));
    assert.notEqual(JSON.stringify(after), before);
  });

  it('hands out a copy: editing one card leaves the next one as it was', () => {
    const renderer = new CardRenderer();
    const view = fixturesOf('help')[0] as never;
    const first = renderer.card('help', view);
    const expected = JSON.stringify(first);
    first.body = [];
    (first as Record<string, unknown>).injected = true;
    assert.equal(JSON.stringify(renderer.card('help', view)), expected);
  });

  it('keeps at most CARD_MEMO_LIMIT cards and never a pass-reveal card', () => {
    const renderer = new CardRenderer();
    const [view] = fixturesOf('message') as Record<string, unknown>[];
    for (let i = 0; i < CARD_MEMO_LIMIT + 50; i += 1) renderer.card('message', { ...view, title: `Title ${i}` } as never);
    for (const reveal of fixturesOf('pass-reveal')) renderer.card('pass-reveal', reveal);
    const memo = (renderer as unknown as { memo: Map<string, string> }).memo;
    assert.equal(memo.size, CARD_MEMO_LIMIT);
    assert.ok(
      [...memo.keys()].every((key) => key.startsWith('message\n')),
      'only the listed cards are kept',
    );
  });
});
