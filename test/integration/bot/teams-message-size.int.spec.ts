// The local Bot Connector is as strict as Teams about a message's size: over 100 KB of UTF-16 it answers 413
// MessageSizeTooBig and records nothing, while base64 images do not count (teams-limits.ts). Every card TAP Desk sends
// stays far below it at its worst (test/unit/teams/card-size.unit.spec.ts).
import assert from 'node:assert/strict';
import { startConnector, type Connector } from '../../support/connector';
import { MESSAGE_SIZE_LIMIT_BYTES } from '../../support/teams-limits';

describe('message size, as Teams limits it', () => {
  let connector: Connector;
  before(async () => {
    connector = await startConnector();
  });
  after(async () => {
    await connector?.close();
  });

  const post = (activity: object) =>
    fetch(`${connector.url}v3/conversations/a%3A1/activities`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(activity),
    });

  it('refuses a message over 100 KB of UTF-16 with 413 MessageSizeTooBig, and shows it nowhere', async () => {
    const sentBefore = connector.sent.length;
    const text = 'x'.repeat(MESSAGE_SIZE_LIMIT_BYTES / 2);
    const response = await post({ type: 'message', text });
    assert.equal(response.status, 413);
    assert.equal(((await response.json()) as { error: { code: string } }).error.code, 'MessageSizeTooBig');
    assert.equal(connector.stats.tooLarge, 1);
    assert.equal(connector.sent.length, sentBefore);
    // Just under: accepted.
    assert.equal((await post({ type: 'message', text: 'x'.repeat(MESSAGE_SIZE_LIMIT_BYTES / 2 - 100) })).status, 200);
  });

  it('does not count base64 images: a 150 KB image in a small card goes through', async () => {
    const image = `data:image/png;base64,${Buffer.alloc(150 * 1024, 7).toString('base64')}`;
    const card = { type: 'AdaptiveCard', version: '1.5', body: [{ type: 'Image', url: image }] };
    const response = await post({
      type: 'message',
      attachments: [{ contentType: 'application/vnd.microsoft.card.adaptive', content: card }],
    });
    assert.equal(response.status, 200);
  });
});
