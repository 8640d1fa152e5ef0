// Group commit of upserts: what goes out together, and what each caller learns.
import assert from 'node:assert/strict';
import { MAX_WAVE, type UpsertEntity, UpsertWaves } from '../../../src/store/upsert-waves';

const entity = (partitionKey: string, rowKey: string): UpsertEntity => ({ partitionKey, rowKey, data: JSON.stringify(rowKey) });

/** A sender whose waves finish only when the test says so. */
function heldSender() {
  const waves: Array<{ entities: UpsertEntity[]; finish: (error?: Error) => void }> = [];
  const send = (entities: UpsertEntity[]) =>
    new Promise<string[]>((resolve, reject) => {
      waves.push({ entities, finish: (error) => (error ? reject(error) : resolve(entities.map((e) => `etag-${e.rowKey}`))) });
    });
  return { waves, send };
}

const tick = () => new Promise((resolve) => setImmediate(resolve));

describe('UpsertWaves', () => {
  it('sends a lone upsert at once; what arrives meanwhile for that partition goes as the next wave', async () => {
    const { waves, send } = heldSender();
    const batcher = new UpsertWaves(send);
    const first = batcher.upsert(entity('p', 'a'));
    const later = [batcher.upsert(entity('p', 'b')), batcher.upsert(entity('p', 'c'))];
    const other = batcher.upsert(entity('q', 'a'));
    await tick();
    assert.deepEqual(
      waves.map((w) => w.entities.map((e) => `${e.partitionKey}/${e.rowKey}`)),
      [['p/a'], ['q/a']],
    );
    waves[0]?.finish();
    assert.equal(await first, 'etag-a');
    await tick();
    assert.deepEqual(
      waves[2]?.entities.map((e) => e.rowKey),
      ['b', 'c'],
    );
    waves[2]?.finish();
    waves[1]?.finish();
    assert.deepEqual(await Promise.all([...later, other]), ['etag-b', 'etag-c', 'etag-a']);
  });

  it(`never puts more than ${MAX_WAVE} entities, or one key twice, in a wave, and keeps the order`, async () => {
    const { waves, send } = heldSender();
    const batcher = new UpsertWaves(send);
    const keys = ['head', ...Array.from({ length: MAX_WAVE + 5 }, (_, i) => `k${i}`), 'k102', 'tail'];
    const all = keys.map((key) => batcher.upsert(entity('p', key)));
    for (let i = 0; i < 4; i += 1) {
      await tick();
      waves[i]?.finish();
    }
    await Promise.all(all);
    assert.deepEqual(
      waves.map((w) => w.entities.length),
      [1, MAX_WAVE, 5, 2],
    );
    assert.deepEqual(
      waves.flatMap((w) => w.entities.map((e) => e.rowKey)),
      keys,
    );
  });

  it('a failed wave fails its own callers only, and the queue moves on', async () => {
    const { waves, send } = heldSender();
    const batcher = new UpsertWaves(send);
    const first = batcher.upsert(entity('p', 'a'));
    const second = batcher.upsert(entity('p', 'b'));
    await tick();
    waves[0]?.finish(new Error('storage said no'));
    await assert.rejects(first, /storage said no/);
    await tick();
    waves[1]?.finish();
    assert.equal(await second, 'etag-b');
    const third = batcher.upsert(entity('p', 'c'));
    await tick();
    assert.equal(waves.length, 3, 'an idle partition sends at once again');
    waves[2]?.finish();
    assert.equal(await third, 'etag-c');
  });
});
