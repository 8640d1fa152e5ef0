// The in-memory twin against the store contract, plus the twin's own switches.
import assert from 'node:assert/strict';
import { StoreUnavailableError } from '../../../src/app/kernel/ports';
import type { CorruptRow } from '../../../src/store/corrupt-rows';
import { createMemoryStores } from '../../harness/memory-stores';
import { storeContract } from '../../support/store-contract';

describe('in-memory stores', () => {
  describe('store contract', () => {
    storeContract({
      async open() {
        const corrupt: CorruptRow[] = [];
        const stores = createMemoryStores({ onCorrupt: (row) => corrupt.push(row) });
        return {
          stores,
          corrupt,
          // One process: a "second instance" is the same state, reached concurrently.
          sibling: async () => stores,
          writeRawRequestRow: async (row) => stores.requests.writeRawRow(row),
        };
      },
    });
  });

  it('instances share nothing', async () => {
    const a = createMemoryStores();
    const b = createMemoryStores();
    await a.kv.put('p', 'k', 1);
    assert.equal(await b.kv.get('p', 'k'), null);
    assert.equal(await a.counters.next('request'), 1);
    assert.equal(await b.counters.next('request'), 1);
  });

  it('setAvailable(false) fails every operation and ping like a stopped store, until switched back', async () => {
    const stores = createMemoryStores();
    await stores.kv.put('p', 'k', 1);
    stores.setAvailable(false);
    const operations: Array<() => Promise<unknown>> = [
      () => stores.ping(),
      () => stores.requests.get('TAP-0001'),
      () => stores.requests.listByStatus(['pending']),
      () => stores.requests.listHandoversDue(new Date().toISOString()),
      () => stores.audit.listByUser('alice'),
      () => stores.counters.next('request'),
      () => stores.kv.get('p', 'k'),
      () => stores.kv.delete('p', 'k'),
    ];
    for (const operation of operations) await assert.rejects(operation(), StoreUnavailableError);
    stores.setAvailable(true);
    assert.equal((await stores.kv.get('p', 'k'))?.value, 1);
  });

  it('a reporter that throws does not break a listing', async () => {
    const stores = createMemoryStores({
      onCorrupt: () => {
        throw new Error('reporter down');
      },
    });
    stores.requests.writeRawRow({
      id: 'TAP-0001',
      status: 'pending',
      requesterId: 'a',
      targetId: 'b',
      createdAt: 'x',
      expiresAt: 'y',
      data: 'not json',
    });
    assert.deepEqual(await stores.requests.listByStatus(['pending']), []);
  });
});
