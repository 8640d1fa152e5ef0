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

describe('the cards that show a request', () => {
  const invoke = (conversation: Record<string, unknown>, replyToId?: string) =>
    turn({ ...personal('invoke-1'), type: 'invoke', name: 'adaptiveCard/action', conversation, replyToId });
  const channel = { id: '19:approvals@thread.tacv2', conversationType: 'channel', tenantId: 't' };

  it('one row per message: the same activity id in two chats is two cards, a channel thread and its channel are one', async () => {
    const conversations = new Conversations(createMemoryStores().kv, null);
    await conversations.rememberInvokedCard(
      invoke({ id: 'a:alex', conversationType: 'personal', tenantId: 't' }),
      'TAP-0001',
      'status',
      'alex',
    );
    await conversations.rememberInvokedCard(invoke(channel, 'act-3'), 'TAP-0001', 'approval', null);
    const cards = await conversations.cards('TAP-0001');
    assert.equal(cards.length, 1, 'the first invoke names no message (no replyToId): nothing remembered');
    await conversations.rememberInvokedCard(
      invoke({ id: 'a:megan', conversationType: 'personal', tenantId: 't' }, 'act-3'),
      'TAP-0001',
      'approval',
      null,
    );
    assert.equal((await conversations.cards('TAP-0001')).length, 2, 'act-3 in Megan’s chat is not act-3 in the channel');
    await conversations.rememberInvokedCard(
      invoke({ ...channel, id: `${channel.id};messageid=act-3` }, 'act-3'),
      'TAP-0001',
      'approval',
      null,
    );
    assert.equal((await conversations.cards('TAP-0001')).length, 2, 'the channel card clicked from its thread is the same message');
  });

  it('the message a pass was shown on is added once, and never replaces a card already there', async () => {
    const conversations = new Conversations(createMemoryStores().kv, null);
    const posted = { kind: 'approval' as const, reference: { conversation: channel } as never, activityId: 'act-3', viewerId: null };
    await conversations.rememberCard('TAP-0002', posted);
    await conversations.rememberPassCard(
      invoke({ ...channel, id: `${channel.id};messageid=act-3` }, 'act-3'),
      'TAP-0002',
      'approval',
      'megan',
    );
    assert.deepEqual(await conversations.cards('TAP-0002'), [posted], 'the posted card keeps the reference to the channel itself');
    const chat = { id: 'a:megan', conversationType: 'personal', tenantId: 't' };
    await conversations.rememberPassCard(invoke(chat, 'act-7'), 'TAP-0002', 'approval', 'megan');
    await conversations.rememberPassCard(invoke(chat, 'act-7'), 'TAP-0002', 'approval', 'megan');
    const cards = await conversations.cards('TAP-0002');
    assert.equal(cards.length, 2);
    assert.ok(cards.some((c) => c.activityId === 'act-7' && c.reference.conversation?.id === 'a:megan' && c.viewerId === 'megan'));
  });
});
