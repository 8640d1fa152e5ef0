// A channel post's text and summary: names escaped in the text Teams renders as markdown, shown plain in
// the summary (what notifications show), and the approvers' tag mentioned only when configured.
import assert from 'node:assert/strict';
import { channelPost } from '../../../src/teams/notifier';
import { escapeMarkdown } from '../../../src/teams/markdown';

describe('channel posts (notifier channelPost)', () => {
  const text = `New request TAP-0001: a Temporary Access Pass for ${escapeMarkdown('*Alex* [W](x)')}.`;

  it('without a tag: the text as markdown, the summary as people read it, no mention', () => {
    const post = channelPost(text, null);
    assert.equal(post.text, text);
    assert.equal(post.summary, 'New request TAP-0001: a Temporary Access Pass for *Alex* [W](x).');
    assert.equal(post.entities, undefined);
  });

  it('with a tag: the mention leads the text and names the tag as a tag', () => {
    const post = channelPost(text, { id: 'tag-id', name: 'TAP_approvers' });
    assert.equal(post.text, `<at>TAP_approvers</at> ${text}`);
    const mention = post.entities?.[0] as unknown as {
      text: string;
      mentioned: { id: string; name: string; properties: { type: string } };
    };
    assert.equal(mention.text, '<at>TAP_approvers</at>');
    assert.deepEqual([mention.mentioned.id, mention.mentioned.name, mention.mentioned.properties.type], ['tag-id', 'TAP_approvers', 'tag']);
  });
});
