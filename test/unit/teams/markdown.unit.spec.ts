// What a person typed reaches a card as they typed it: escaped for Teams' markdown, and read back
// (as a CommonMark renderer such as the Adaptive Cards web renderer's reads it) unchanged.
import assert from 'node:assert/strict';
import { escapeCardMarkdown, escapeMarkdown, unescapeMarkdown } from '../../../src/teams/markdown';

const TYPED = [
  'Click [here](https://evil.example) *now*',
  '_underscored_ and **bold** and ~~struck~~',
  'a\\b \\* `code` <https://x.example> &amp;',
  '- a list\n+ another\n1. numbered\n2) too\n# heading\n> quote',
  'Alex Wilber (alexw@contoso.com)',
  'john_doe_fabrikam.com#EXT#@contoso.onmicrosoft.com',
];

describe('markdown escaping (src/teams/markdown.ts)', () => {
  for (const typed of TYPED) {
    it(`reads back unchanged: ${JSON.stringify(typed).slice(0, 40)}`, () => {
      assert.equal(unescapeMarkdown(escapeMarkdown(typed)), typed);
    });
  }

  it('leaves no emphasis, link or list marker unescaped', () => {
    const escaped = escapeMarkdown(TYPED.join('\n'));
    assert.doesNotMatch(escaped, /(^|[^\\])[*_~[\]`<>]/);
    assert.doesNotMatch(escaped, /^\s*([-+#>]|\d+[.)])/m);
  });

  it('leaves ordinary text alone', () => {
    assert.equal(
      escapeMarkdown('Alex Wilber (alexw@contoso.com), 60 min: lost phone.'),
      'Alex Wilber (alexw@contoso.com), 60 min: lost phone.',
    );
  });

  it('escapes TextBlock text and facts of a card, not input values, choices, action titles or TextRuns', () => {
    const card = {
      body: [
        { type: 'TextBlock', text: '*a*' },
        { type: 'FactSet', facts: [{ title: '_t_', value: '[v](x)' }] },
        { type: 'Input.Text', id: 'x', value: '*typed*' },
        { type: 'Input.ChoiceSet', choices: [{ title: '*c*', value: '1' }] },
        { type: 'RichTextBlock', inlines: [{ type: 'TextRun', text: '*pass*' }] },
      ],
      actions: [{ type: 'Action.Execute', title: '*go*' }],
    };
    escapeCardMarkdown(card);
    assert.deepEqual(card.body[0], { type: 'TextBlock', text: '\\*a\\*' });
    assert.deepEqual(card.body[1], { type: 'FactSet', facts: [{ title: '\\_t\\_', value: '\\[v\\](x)' }] });
    assert.equal(card.body[2]?.value, '*typed*');
    assert.deepEqual(card.body[3]?.choices, [{ title: '*c*', value: '1' }]);
    assert.deepEqual(card.body[4]?.inlines, [{ type: 'TextRun', text: '*pass*' }]);
    assert.equal(card.actions[0]?.title, '*go*');
  });
});
