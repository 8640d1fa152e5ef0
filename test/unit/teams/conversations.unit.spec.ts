// 1:1 conversation references: written when first seen or changed, not on every turn.
import assert from 'node:assert/strict';
import { TurnContext, type Activity } from 'botbuilder';
import { createMemoryStores } from '../../harness/memory-stores';
import { Conversations } from '../../../src/teams/conversations';

function turn(activity: Record<string, unknown>): TurnContext {
  return new TurnContext({} as never, activity as unknown as Activity);
}

const personal = (id: string, serviceUrl = 'https://smba.trafficmanager.net/emea/') => ({
  id,
  type: 'message',
  channelId: 'msteams',
  serviceUrl,
  from: { id: '29:alex', aadObjectId: 'alex', name: 'Alex' },
  recipient: { id: '28:bot', name: 'TAP Desk' },
  conversation: { id: 'a:alex', conversationType: 'personal', tenantId: 't' },
});

describe('Conversations.rememberPersonal', () => {
  it('writes a 1:1 reference once while it stays the same, again when it changes, never with the activity id', async () => {
    const kv = createMemoryStores().kv;
    let writes = 0;
    const upsert = kv.upsert.bind(kv);
    kv.upsert = (partition, key, value) => {
      writes += 1;
      return upsert(partition, key, value);
    };
    const conversations = new Conversations(kv, null);
    await conversations.rememberPersonal(turn(personal('act-1')), 'alex');
    await conversations.rememberPersonal(turn(personal('act-2')), 'alex');
    assert.equal(writes, 1, 'an unchanged chat costs no second write');
    const stored = await conversations.personal('alex');
    assert.equal(stored?.serviceUrl, 'https://smba.trafficmanager.net/emea/');
    assert.equal((stored as { activityId?: string }).activityId, undefined);
    await conversations.rememberPersonal(turn(personal('act-3', 'https://smba.trafficmanager.net/amer/')), 'alex');
    assert.equal(writes, 2, 'a moved chat (new service URL) is written again');
    assert.equal((await conversations.personal('alex'))?.serviceUrl, 'https://smba.trafficmanager.net/amer/');
  });

  it('another instance (its own cache) writes on its first turn', async () => {
    const kv = createMemoryStores().kv;
    await new Conversations(kv, null).rememberPersonal(turn(personal('act-1')), 'alex');
    await kv.delete('conversation', 'alex');
    await new Conversations(kv, null).rememberPersonal(turn(personal('act-2')), 'alex');
    assert.ok(await kv.get('conversation', 'alex'));
  });
});
