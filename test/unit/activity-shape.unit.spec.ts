import assert from 'node:assert/strict';
import { validateActivity } from '../../src/http/activity-shape';

const valid = {
  type: 'message',
  channelId: 'msteams',
  serviceUrl: 'http://127.0.0.1:9/',
  conversation: { id: 'a:1' },
  from: { id: '29:1', aadObjectId: 'e6b86ab2-975a-5fd3-8c34-ba702a39c097' },
  recipient: { id: '28:bot' },
  text: 'help',
};

describe('validateActivity', () => {
  it('accepts a well-formed message', () => assert.equal(validateActivity(valid).ok, true));

  const broken: Array<[string, unknown]> = [
    ['not an object', 'help'],
    ['an array', [valid]],
    ['no type', { ...valid, type: undefined }],
    ['no channel', { ...valid, channelId: '' }],
    ['serviceUrl not a URL', { ...valid, serviceUrl: 'not a url' }],
    ['serviceUrl with another scheme', { ...valid, serviceUrl: 'file:///etc/passwd' }],
    ['no conversation id', { ...valid, conversation: {} }],
    ['no from', { ...valid, from: undefined }],
    ['message without aadObjectId', { ...valid, from: { id: '29:1' } }],
    ['text not a string', { ...valid, text: { a: 1 } }],
    ['text too long', { ...valid, text: 'x'.repeat(4001) }],
    ['invoke without name', { ...valid, type: 'invoke' }],
    ['id too long', { ...valid, conversation: { id: 'x'.repeat(600) } }],
  ];
  for (const [name, body] of broken) {
    it(`refuses ${name}`, () => {
      const result = validateActivity(body);
      assert.equal(result.ok, false);
      if (!result.ok) assert.ok(result.error.length > 0);
    });
  }

  it('lets a conversationUpdate without aadObjectId through', () => {
    assert.equal(validateActivity({ ...valid, type: 'conversationUpdate', from: { id: '29:1' } }).ok, true);
  });
});
