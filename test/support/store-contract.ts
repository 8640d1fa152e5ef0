// The behaviour every implementation of the store ports must have. Run against the in-memory twin
// (unit) and against Table Storage on a real Azurite (integration), so the twin the use-case tests
// rely on cannot drift from what production does.
import assert from 'node:assert/strict';
import type { AuditEntry, Stores, Versioned } from '../../src/app/kernel/ports';
import { StoreConflictError, StoreUnavailableError } from '../../src/app/kernel/ports';
import type { PersonRef, TapRequest } from '../../src/domain/request-types';
import { type CorruptRow, CorruptRowError } from '../../src/store/corrupt-rows';
import type { RequestRow } from '../../src/store/request-rows';

export interface OpenedStores {
  stores: Stores;
  /** Another instance over the same data, as a second bot process would have. */
  sibling(): Promise<Stores>;
  /** Stores a request row exactly as given, as a damaged or hand-edited row would be. */
  writeRawRequestRow(row: RequestRow): Promise<void>;
  /** What the stores reported through onCorrupt. */
  corrupt: CorruptRow[];
}

export interface StoreHarness {
  /** Fresh, empty stores, isolated from every other test. */
  open(): Promise<OpenedStores>;
}

const person = (id: string): PersonRef => ({ id, userPrincipalName: `${id}@contoso.example`, displayName: `Person ${id}` });

function pending(id: string, options: { requester?: string; target?: string; createdAt?: string } = {}): TapRequest {
  const createdAt = options.createdAt ?? '2025-03-01T09:00:00.000Z';
  return {
    id,
    status: 'pending',
    requester: person(options.requester ?? 'alice'),
    target: person(options.target ?? 'bob'),
    reason: { code: 'lost-device', text: null },
    pass: { lifetimeInMinutes: 60, isUsableOnce: true, startDateTime: null },
    delivery: 'approver',
    createdAt,
    expiresAt: new Date(Date.parse(createdAt) + 3_600_000).toISOString(),
    replacesLivePass: false,
    reminderSentAt: null,
  };
}

function withStatus(request: TapRequest, status: 'pending' | 'expired' | 'cancelled' | 'denied'): TapRequest {
  const at = '2025-03-01T10:00:00.000Z';
  const { id, requester, target, reason, pass, delivery, createdAt, expiresAt, replacesLivePass, reminderSentAt } = request;
  const common = { id, requester, target, reason, pass, delivery, createdAt, expiresAt, replacesLivePass, reminderSentAt };
  switch (status) {
    case 'pending':
      return { ...common, status };
    case 'expired':
      return { ...common, status, expiredAt: at };
    case 'cancelled':
      return { ...common, status, cancelledBy: requester, cancelledAt: at };
    case 'denied':
      return { ...common, status, denial: { by: person('approver'), at, reason: 'caller could not be verified' } };
  }
}

function entry(at: string, fields: Partial<AuditEntry> = {}): AuditEntry {
  return {
    at,
    action: 'request.filed',
    actor: { id: 'alice', displayName: 'Alice' },
    targetUserId: 'bob',
    requestId: 'TAP-0001',
    outcome: 'ok',
    details: {},
    ...fields,
  };
}

async function rejectsWith<T>(promise: Promise<T>, check: (error: unknown) => boolean, message: string): Promise<void> {
  await assert.rejects(promise, (error: unknown) => {
    assert.ok(check(error), `${message}; got ${String(error)}`);
    return true;
  });
}

const isConflict = (kind: 'exists' | 'stale', key?: string) => (error: unknown) =>
  error instanceof StoreConflictError && error.kind === kind && (key === undefined || error.key === key);

const ids = (rows: Versioned<TapRequest>[]) => rows.map((r) => r.value.id);
const listed = (requests: TapRequest[]) => requests.map((r) => r.id);

export function storeContract(harness: StoreHarness): void {
  let opened: OpenedStores;
  let stores: Stores;

  beforeEach(async function () {
    this.timeout(30_000);
    opened = await harness.open();
    stores = opened.stores;
  });

  it('ping answers', async () => {
    await stores.ping();
  });

  describe('requests', () => {
    it('create then get gives the request back with an ETag', async () => {
      const created = await stores.requests.create(pending('TAP-0001'));
      assert.deepEqual(created.value, pending('TAP-0001'));
      assert.ok(created.etag);
      const read = await stores.requests.get('TAP-0001');
      assert.deepEqual(read, created);
    });

    it('get of an unknown id is null', async () => {
      assert.equal(await stores.requests.get('TAP-9999'), null);
    });

    it('create is create-only: a taken id is StoreConflictError("exists") and the first stays', async () => {
      await stores.requests.create(pending('TAP-0001', { target: 'bob' }));
      await rejectsWith(stores.requests.create(pending('TAP-0001', { target: 'carol' })), isConflict('exists', 'TAP-0001'), 'exists');
      assert.equal((await stores.requests.get('TAP-0001'))?.value.target.id, 'bob');
    });

    it('replace with the current ETag stores the new state under a new ETag', async () => {
      const created = await stores.requests.create(pending('TAP-0001'));
      const replaced = await stores.requests.replace(withStatus(created.value, 'cancelled'), created.etag);
      assert.equal(replaced.value.status, 'cancelled');
      assert.notEqual(replaced.etag, created.etag);
      assert.deepEqual(await stores.requests.get('TAP-0001'), replaced);
    });

    it('replace with a stale ETag is StoreConflictError("stale") and changes nothing', async () => {
      const created = await stores.requests.create(pending('TAP-0001'));
      const first = await stores.requests.replace(withStatus(created.value, 'expired'), created.etag);
      await rejectsWith(
        stores.requests.replace(withStatus(created.value, 'cancelled'), created.etag),
        isConflict('stale', 'TAP-0001'),
        'stale',
      );
      assert.deepEqual(await stores.requests.get('TAP-0001'), first);
    });

    it('replace of a request never created, or with a wildcard or empty ETag, is stale', async () => {
      await rejectsWith(stores.requests.replace(pending('TAP-0404'), 'W/"nothing"'), isConflict('stale'), 'missing');
      const created = await stores.requests.create(pending('TAP-0001'));
      await rejectsWith(stores.requests.replace(withStatus(created.value, 'expired'), '*'), isConflict('stale'), 'wildcard');
      await rejectsWith(stores.requests.replace(withStatus(created.value, 'expired'), ''), isConflict('stale'), 'empty');
      assert.equal(await stores.requests.get('TAP-0404'), null, 'a stale replace never creates');
      assert.deepEqual(await stores.requests.get('TAP-0001'), created);
    });

    it('of 12 simultaneous replaces of one version (two instances), exactly one wins', async () => {
      const other = await opened.sibling();
      const created = await stores.requests.create(pending('TAP-0001'));
      const outcomes = await Promise.allSettled(
        Array.from({ length: 12 }, (_, i) =>
          (i % 2 ? other : stores).requests.replace(withStatus(created.value, i % 3 ? 'expired' : 'cancelled'), created.etag),
        ),
      );
      const won = outcomes.filter((o): o is PromiseFulfilledResult<Versioned<TapRequest>> => o.status === 'fulfilled');
      assert.equal(won.length, 1);
      for (const o of outcomes) if (o.status === 'rejected') assert.ok(isConflict('stale')(o.reason), String(o.reason));
      assert.deepEqual(await stores.requests.get('TAP-0001'), won[0]?.value);
    });

    it('what it returns is a copy: changing it changes nothing stored', async () => {
      const created = await stores.requests.create(pending('TAP-0001'));
      (created.value.requester as { displayName: string }).displayName = 'changed';
      const read = await stores.requests.get('TAP-0001');
      assert.equal(read?.value.requester.displayName, 'Person alice');
    });

    it('listByStatus gives the asked statuses, oldest first, with ETags a replace accepts', async () => {
      const made = [
        pending('TAP-0003', { createdAt: '2025-03-01T09:03:00.000Z' }),
        pending('TAP-0001', { createdAt: '2025-03-01T09:01:00.000Z' }),
        pending('TAP-0002', { createdAt: '2025-03-01T09:02:00.000Z' }),
        pending('TAP-0004', { createdAt: '2025-03-01T09:00:00.000Z' }),
      ];
      for (const r of made) await stores.requests.create(r);
      const second = await stores.requests.get('TAP-0002');
      await stores.requests.replace(withStatus(second!.value, 'denied'), second!.etag);
      const fourth = await stores.requests.get('TAP-0004');
      await stores.requests.replace(withStatus(fourth!.value, 'expired'), fourth!.etag);

      assert.deepEqual(ids(await stores.requests.listByStatus(['pending'])), ['TAP-0001', 'TAP-0003']);
      assert.deepEqual(ids(await stores.requests.listByStatus(['pending', 'denied'])), ['TAP-0001', 'TAP-0002', 'TAP-0003']);
      assert.deepEqual(ids(await stores.requests.listByStatus(['issued'])), []);
      assert.deepEqual(await stores.requests.listByStatus([]), []);
      const [oldest] = await stores.requests.listByStatus(['pending']);
      const cancelled = await stores.requests.replace(withStatus(oldest!.value, 'cancelled'), oldest!.etag);
      assert.equal(cancelled.value.status, 'cancelled');
    });

    it('listHandoversDue gives issued requests whose hand-over is open and due, and forgets them once handed over', async () => {
      const person = (who: string) => ({ id: who, userPrincipalName: `${who}@contoso.com`, displayName: `Person ${who}` });
      const issued = (id: string, dueAt: string | null, handedOverAt: string | null = null): TapRequest => {
        const { requester, target, reason, pass, delivery, createdAt, expiresAt, replacesLivePass, reminderSentAt } = pending(id);
        return {
          id,
          requester,
          target,
          reason,
          pass,
          delivery,
          createdAt,
          expiresAt,
          replacesLivePass,
          reminderSentAt,
          status: 'issued',
          approval: {
            by: person('megan'),
            at: createdAt,
            verification: 'call-back',
            verificationNote: null,
            authority: { roleTemplateId: 'r', scope: { kind: 'tenant' } },
          },
          issued: { id: 'p', createdDateTime: createdAt, startDateTime: createdAt, lifetimeInMinutes: 60, isUsableOnce: true, expiresAt },
          shownTo: dueAt ? person('megan') : null,
          shownAt: dueAt ? createdAt : null,
          handoverDueAt: dueAt,
          handedOverAt,
        };
      };
      await stores.requests.create(issued('TAP-0001', '2025-03-01T09:05:00.000Z'));
      await stores.requests.create(issued('TAP-0002', '2025-03-01T09:15:00.000Z'));
      await stores.requests.create(issued('TAP-0003', null));
      await stores.requests.create(pending('TAP-0004'));
      assert.deepEqual(ids(await stores.requests.listHandoversDue('2025-03-01T09:10:00.000Z')), ['TAP-0001']);
      assert.deepEqual(ids(await stores.requests.listHandoversDue('2025-03-01T09:20:00.000Z')), ['TAP-0001', 'TAP-0002']);
      const [first] = await stores.requests.listHandoversDue('2025-03-01T09:10:00.000Z');
      await stores.requests.replace(issued('TAP-0001', '2025-03-01T09:05:00.000Z', '2025-03-01T09:06:00.000Z'), first!.etag);
      assert.deepEqual(ids(await stores.requests.listHandoversDue('2025-03-01T09:20:00.000Z')), ['TAP-0002']);
    });

    it('listByUser gives requests where the user is requester or target, newest first, since a time', async () => {
      await stores.requests.create(pending('TAP-0001', { requester: 'alice', target: 'bob', createdAt: '2025-03-01T09:00:00.000Z' }));
      await stores.requests.create(pending('TAP-0002', { requester: 'carol', target: 'alice', createdAt: '2025-03-02T09:00:00.000Z' }));
      await stores.requests.create(pending('TAP-0003', { requester: 'carol', target: 'dave', createdAt: '2025-03-03T09:00:00.000Z' }));
      await stores.requests.create(pending('TAP-0004', { requester: 'alice', target: 'alice', createdAt: '2025-03-04T09:00:00.000Z' }));

      assert.deepEqual(listed(await stores.requests.listByUser('alice')), ['TAP-0004', 'TAP-0002', 'TAP-0001']);
      assert.deepEqual(listed(await stores.requests.listByUser('alice', { since: '2025-03-02T09:00:00.000Z' })), ['TAP-0004', 'TAP-0002']);
      assert.deepEqual(listed(await stores.requests.listByUser('dave')), ['TAP-0003']);
      assert.deepEqual(listed(await stores.requests.listByUser("o'brien")), []);
    });

    it('listByUser gives at most `limit`, the newest, and counts `since` to the millisecond', async () => {
      const at = (minute: number) => `2025-03-01T09:${String(minute).padStart(2, '0')}:00.000Z`;
      for (let i = 1; i <= 14; i += 1) await stores.requests.create(pending(`TAP-${String(i).padStart(4, '0')}`, { createdAt: at(i) }));
      assert.deepEqual(listed(await stores.requests.listByUser('alice', { limit: 3 })), ['TAP-0014', 'TAP-0013', 'TAP-0012']);
      assert.equal((await stores.requests.listByUser('bob', { limit: 20 })).length, 14);
      assert.deepEqual(listed(await stores.requests.listByUser('alice', { since: at(12) })), ['TAP-0014', 'TAP-0013', 'TAP-0012']);
      assert.deepEqual(listed(await stores.requests.listByUser('alice', { since: '2025-03-01T09:11:59.999Z', limit: 2 })), [
        'TAP-0014',
        'TAP-0013',
      ]);
      assert.deepEqual(listed(await stores.requests.listByUser('alice', { since: '2025-03-01T09:14:00.001Z' })), []);
      for (const limit of [0, -1, 1.5]) await assert.rejects(stores.requests.listByUser('alice', { limit }), RangeError);
    });

    it('listByUser shows each request as last committed: a replace shows, a stale one does not', async () => {
      const other = await opened.sibling();
      await stores.requests.listByUser('alice');
      const created = await stores.requests.create(pending('TAP-0001', { requester: 'alice', target: 'bob' }));
      const expired = await other.requests.replace(withStatus(created.value, 'expired'), created.etag);
      await rejectsWith(stores.requests.replace(withStatus(created.value, 'cancelled'), created.etag), isConflict('stale'), 'stale');
      await rejectsWith(stores.requests.create(pending('TAP-0001', { target: 'carol' })), isConflict('exists'), 'exists');
      for (const user of ['alice', 'bob']) assert.deepEqual(await other.requests.listByUser(user), [expired.value], user);
      // The first instance listed alice before: what it may remember of her index must not hide the other's write.
      assert.deepEqual(await stores.requests.listByUser('alice'), [expired.value], 'alice, on the instance that listed her first');
      assert.deepEqual(await (await opened.sibling()).requests.listByUser('alice'), [expired.value], 'alice, after a restart');
      assert.deepEqual(await stores.requests.listByUser('carol'), []);
    });

    it("listByUser keeps people apart whose ids start alike or hold the index's separator", async () => {
      await stores.requests.create(pending('TAP-0001', { requester: 'a', target: 'a' }));
      await stores.requests.create(pending('TAP-0002', { requester: 'a~b', target: 'a~b' }));
      await stores.requests.create(pending('TAP-0003', { requester: 'ab', target: 'a!' }));
      assert.deepEqual(listed(await stores.requests.listByUser('a')), ['TAP-0001']);
      assert.deepEqual(listed(await stores.requests.listByUser('a~b')), ['TAP-0002']);
      assert.deepEqual(listed(await stores.requests.listByUser('a!')), ['TAP-0003']);
      assert.deepEqual(listed(await stores.requests.listByUser('a~')), []);
    });

    it('a corrupt row is skipped by listings and reported; reading it directly fails closed', async () => {
      await stores.requests.create(pending('TAP-0001', { requester: 'alice' }));
      const good = pending('TAP-0002', { requester: 'alice' });
      const row = {
        id: 'TAP-0002',
        status: 'pending',
        requesterId: 'alice',
        targetId: 'bob',
        createdAt: good.createdAt,
        expiresAt: good.expiresAt,
      };
      await opened.writeRawRequestRow({ ...row, data: '{"id":"TAP-0002","status":' });
      await opened.writeRawRequestRow({ ...row, id: 'TAP-0003', data: JSON.stringify({ ...good, id: 'TAP-0003', status: 'issued' }) });
      await opened.writeRawRequestRow({ ...row, id: 'TAP-0004', data: JSON.stringify([1, 2]) });

      assert.deepEqual(ids(await stores.requests.listByStatus(['pending', 'issued'])), ['TAP-0001']);
      assert.deepEqual(listed(await stores.requests.listByUser('alice')), ['TAP-0001']);
      const reported = new Set(opened.corrupt.filter((c) => c.store === 'requests').map((c) => c.key));
      assert.deepEqual([...reported].sort(), ['TAP-0002', 'TAP-0003', 'TAP-0004']);
      for (const c of opened.corrupt) assert.ok(!c.reason.includes('{'), 'reports say why, not what the row holds');

      await rejectsWith(
        stores.requests.get('TAP-0002'),
        (e) => e instanceof CorruptRowError && e instanceof StoreUnavailableError,
        'corrupt get',
      );
    });

    it('refuses a request it could not find again, before writing anything', async () => {
      const bad = { ...pending('TAP-0001'), status: 'lost' } as unknown as TapRequest;
      await assert.rejects(stores.requests.create(bad), TypeError);
      await assert.rejects(stores.requests.create({ ...pending('TAP-0002'), id: '' }), TypeError);
      assert.deepEqual(await stores.requests.listByUser('alice'), []);
    });
  });

  describe('audit', () => {
    it('lists by request, oldest first, only that request', async () => {
      await stores.audit.append(entry('2025-03-01T09:02:00.000Z', { action: 'request.approved' }));
      await stores.audit.append(entry('2025-03-01T09:00:00.000Z', { action: 'request.filed' }));
      await stores.audit.append(entry('2025-03-01T09:01:00.000Z', { requestId: 'TAP-0002' }));
      await stores.audit.append(entry('2025-03-01T09:03:00.000Z', { requestId: null, action: 'channel.refused' }));
      const listed = await stores.audit.listByRequest('TAP-0001');
      assert.deepEqual(
        listed.map((e) => [e.at, e.action]),
        [
          ['2025-03-01T09:00:00.000Z', 'request.filed'],
          ['2025-03-01T09:02:00.000Z', 'request.approved'],
        ],
      );
      assert.deepEqual(await stores.audit.listByRequest('TAP-0404'), []);
    });

    it('lists by user as actor or as target, once when both', async () => {
      await stores.audit.append(entry('2025-03-01T09:00:00.000Z', { actor: { id: 'alice' }, targetUserId: 'bob' }));
      await stores.audit.append(entry('2025-03-01T09:01:00.000Z', { actor: { id: 'carol' }, targetUserId: 'alice' }));
      await stores.audit.append(entry('2025-03-01T09:02:00.000Z', { actor: { id: 'alice' }, targetUserId: 'alice' }));
      await stores.audit.append(entry('2025-03-01T09:03:00.000Z', { actor: null, targetUserId: 'dave' }));
      assert.deepEqual(
        (await stores.audit.listByUser('alice')).map((e) => e.at),
        ['2025-03-01T09:00:00.000Z', '2025-03-01T09:01:00.000Z', '2025-03-01T09:02:00.000Z'],
      );
      assert.deepEqual(
        (await stores.audit.listByUser('dave')).map((e) => e.at),
        ['2025-03-01T09:03:00.000Z'],
      );
      assert.deepEqual(await stores.audit.listByUser('nobody'), []);
    });

    it('lists a time range: from included, to excluded, oldest first, across months', async () => {
      const times = [
        '2025-01-31T23:59:59.999Z',
        '2025-02-01T00:00:00.000Z',
        '2025-02-14T12:00:00.000Z',
        '2025-03-01T00:00:00.000Z',
        '2025-04-02T08:00:00.000Z',
      ];
      for (const at of [...times].reverse()) await stores.audit.append(entry(at));
      const at = async (from: string, to: string) => (await stores.audit.listRange(from, to)).map((e) => e.at);
      assert.deepEqual(await at('2025-02-01T00:00:00.000Z', '2025-03-01T00:00:00.000Z'), times.slice(1, 3));
      assert.deepEqual(await at('2025-01-01T00:00:00.000Z', '2026-01-01T00:00:00.000Z'), times);
      assert.deepEqual(await at('2025-01-31T23:59:59.999Z', '2025-02-01T00:00:00.000Z'), times.slice(0, 1));
      assert.deepEqual(await at('2025-03-01T00:00:00.001Z', '2025-04-02T08:00:00.000Z'), []);
      assert.deepEqual(await at('2025-02-01', '2025-03-01'), times.slice(1, 3), 'date-only bounds compare as text');
      assert.deepEqual(await at('2025-03-01T00:00:00.000Z', '2025-02-01T00:00:00.000Z'), [], 'an empty range');
    });

    it('keeps every entry of the same time, in the order appended', async () => {
      const at = '2025-03-01T09:00:00.000Z';
      for (const action of ['a.one', 'a.two', 'a.three', 'a.four']) await stores.audit.append(entry(at, { action }));
      assert.deepEqual(
        (await stores.audit.listByRequest('TAP-0001')).map((e) => e.action),
        ['a.one', 'a.two', 'a.three', 'a.four'],
      );
    });

    it('gives back exactly what was appended', async () => {
      const full = entry('2025-03-01T09:00:00.000Z', {
        actor: { id: 'alice', displayName: 'Alice Adams' },
        details: { verification: 'call-back', minutes: 60, once: true, note: null, quote: 'it\'s "fine"' },
      });
      const bare = entry('2025-03-01T09:01:00.000Z', {
        actor: null,
        targetUserId: null,
        requestId: 'TAP-0001',
        outcome: 'issuer.role-too-low',
      });
      const nameless = entry('2025-03-01T09:02:00.000Z', { actor: { id: 'carol' } });
      for (const e of [full, bare, nameless]) await stores.audit.append(e);
      assert.deepEqual(await stores.audit.listByRequest('TAP-0001'), [full, bare, nameless]);
    });

    it('refuses an entry whose time is not a toISOString() time, or whose details are not flat', async () => {
      await assert.rejects(stores.audit.append(entry('2025-03-01 09:00')), TypeError);
      await assert.rejects(stores.audit.append(entry('2025-03-01T09:00:00Z')), TypeError);
      await assert.rejects(
        stores.audit.append(entry('2025-03-01T09:00:00.000Z', { details: { nested: { no: 1 } } as unknown as AuditEntry['details'] })),
        TypeError,
      );
      await assert.rejects(stores.audit.append(entry('2025-03-01T09:00:00.000Z', { details: { n: Number.NaN } })), TypeError);
      assert.deepEqual(await stores.audit.listRange('2025-01-01', '2026-01-01'), []);
    });
  });

  describe('counters', () => {
    it('start at 1 and count each name on its own', async () => {
      assert.equal(await stores.counters.next('request'), 1);
      assert.equal(await stores.counters.next('request'), 2);
      assert.equal(await stores.counters.next('other'), 1);
      assert.equal(await stores.counters.next('request'), 3);
    });

    it('100 simultaneous next() calls, 50 on each of two instances, give 1..100 once each', async function () {
      this.timeout(60_000);
      const other = await opened.sibling();
      const calls = Array.from({ length: 100 }, (_, i) => (i % 2 ? other : stores).counters.next('request'));
      const values = await Promise.all(calls);
      assert.deepEqual(
        [...values].sort((a, b) => a - b),
        Array.from({ length: 100 }, (_, i) => i + 1),
      );
    });
  });

  describe('key-value', () => {
    it('get of an unknown key is null', async () => {
      assert.equal(await stores.kv.get('users', 'nobody'), null);
    });

    it('put without an ETag is create-only', async () => {
      const first = await stores.kv.put('settings', 'approvals', { channel: 'a' });
      assert.deepEqual(first.value, { channel: 'a' });
      await rejectsWith(stores.kv.put('settings', 'approvals', { channel: 'b' }), isConflict('exists', 'settings/approvals'), 'exists');
      assert.deepEqual(await stores.kv.get('settings', 'approvals'), first);
    });

    it('put with an ETag is compare-and-swap', async () => {
      const first = await stores.kv.put('limits', 'alice', { count: 1 });
      const second = await stores.kv.put('limits', 'alice', { count: 2 }, first.etag);
      assert.notEqual(second.etag, first.etag);
      await rejectsWith(stores.kv.put('limits', 'alice', { count: 3 }, first.etag), isConflict('stale', 'limits/alice'), 'stale');
      await rejectsWith(stores.kv.put('limits', 'alice', { count: 3 }, '*'), isConflict('stale'), 'wildcard');
      await rejectsWith(stores.kv.put('limits', 'bob', { count: 1 }, first.etag), isConflict('stale', 'limits/bob'), 'missing');
      assert.equal(await stores.kv.get('limits', 'bob'), null);
      assert.deepEqual(await stores.kv.get('limits', 'alice'), second);
    });

    it('of 10 simultaneous compare-and-swap puts of one version (two instances), exactly one wins', async () => {
      const other = await opened.sibling();
      const first = await stores.kv.put('limits', 'alice', { count: 0 });
      const outcomes = await Promise.allSettled(
        Array.from({ length: 10 }, (_, i) => (i % 2 ? other : stores).kv.put('limits', 'alice', { count: i + 1 }, first.etag)),
      );
      assert.equal(outcomes.filter((o) => o.status === 'fulfilled').length, 1);
      for (const o of outcomes) if (o.status === 'rejected') assert.ok(isConflict('stale')(o.reason), String(o.reason));
    });

    it('upsert writes whatever is there, with a new ETag each time', async () => {
      const first = await stores.kv.upsert('users', 'alice', { ref: 1 });
      const second = await stores.kv.upsert('users', 'alice', { ref: 2 });
      assert.notEqual(second.etag, first.etag);
      assert.deepEqual(await stores.kv.get('users', 'alice'), second);
      await rejectsWith(stores.kv.put('users', 'alice', { ref: 3 }, first.etag), isConflict('stale'), 'upsert moved the version on');
    });

    it('150 simultaneous upserts to one partition all land with usable ETags; a key written twice keeps the later value', async () => {
      const keys = Array.from({ length: 150 }, (_, i) => `card-${String(i).padStart(3, '0')}`);
      const written = await Promise.all([
        ...keys.map((key) => stores.kv.upsert('burst', key, { key, round: 1 })),
        stores.kv.upsert('burst', 'card-007', { key: 'card-007', round: 2 }),
        stores.kv.upsert('elsewhere', 'card-007', { key: 'card-007', round: 3 }),
      ]);
      const listed = await stores.kv.list<{ key: string; round: number }>('burst');
      assert.deepEqual(
        listed.map((l) => l.key),
        keys,
      );
      assert.deepEqual(listed.find((l) => l.key === 'card-007')?.value.value, { key: 'card-007', round: 2 });
      assert.deepEqual((await stores.kv.get('elsewhere', 'card-007'))?.value, { key: 'card-007', round: 3 });
      // Each write's ETag is its own version: a compare-and-swap with it succeeds (the repeated key's first ETag is stale).
      const latest = written[150] as Versioned<unknown>;
      await stores.kv.put('burst', 'card-007', { replaced: true }, latest.etag);
      await stores.kv.put('burst', 'card-149', { replaced: true }, (written[149] as Versioned<unknown>).etag);
      await rejectsWith(
        stores.kv.put('burst', 'card-007', { again: true }, (written[7] as Versioned<unknown>).etag),
        isConflict('stale'),
        'the first write of a key written twice',
      );
    });

    it('list gives one partition, sorted by key; keys Table Storage forbids round-trip', async () => {
      const keys = ['b/c', 'a\\d', 'x#y?z', '100%', 'tab\tkey', 'plain', "o'brien"];
      for (const key of keys) await stores.kv.put('odd', key, { key });
      await stores.kv.put('other', 'plain', { key: 'elsewhere' });
      await stores.kv.put('odd/nested', 'plain', { key: 'nested' });
      const listed = await stores.kv.list<{ key: string }>('odd');
      assert.deepEqual(
        listed.map((l) => l.key),
        [...keys].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)),
      );
      for (const l of listed) assert.equal(l.value.value.key, l.key);
      for (const key of keys) assert.deepEqual((await stores.kv.get('odd', key))?.value, { key });
      assert.deepEqual(await stores.kv.list('empty'), []);
    });

    it('delete: unconditional, or with the current ETag; a stale ETag is refused; a missing key is fine', async () => {
      const a = await stores.kv.put('p', 'a', 1);
      await stores.kv.put('p', 'b', 2);
      const c = await stores.kv.put('p', 'c', 3);
      const c2 = await stores.kv.put('p', 'c', 4, c.etag);
      await stores.kv.delete('p', 'a', a.etag);
      await stores.kv.delete('p', 'b');
      await rejectsWith(stores.kv.delete('p', 'c', c.etag), isConflict('stale', 'p/c'), 'stale delete');
      await stores.kv.delete('p', 'never');
      await stores.kv.delete('p', 'never', c.etag);
      assert.deepEqual(await stores.kv.list('p'), [{ key: 'c', value: c2 }]);
      await stores.kv.delete('p', 'c', c2.etag);
      assert.deepEqual(await stores.kv.list('p'), []);
      assert.ok(await stores.kv.put('p', 'a', 5), 'a deleted key can be created again');
    });

    it('keeps JSON: what comes back is what a JSON round trip gives', async () => {
      const stored = await stores.kv.put('p', 'when', {
        at: new Date('2025-03-01T09:00:00.000Z'),
        gone: undefined,
        list: [1, 'two', null],
      });
      const expected = { at: '2025-03-01T09:00:00.000Z', list: [1, 'two', null] };
      assert.deepEqual(stored.value, expected);
      assert.deepEqual((await stores.kv.get('p', 'when'))?.value, expected);
    });

    it('refuses empty keys and values that are not JSON, before writing', async () => {
      await assert.rejects(stores.kv.put('', 'k', 1), TypeError);
      await assert.rejects(stores.kv.put('p', '', 1), TypeError);
      await assert.rejects(stores.kv.put('p', 'k', undefined), TypeError);
      await assert.rejects(stores.kv.put('p', 'k', 'x'.repeat(40_000)), RangeError);
      assert.deepEqual(await stores.kv.list('p'), []);
    });
  });
}
