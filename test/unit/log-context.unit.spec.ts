// The correlation context: scopes nest, concurrent turns never see each other's ids, and every
// logger line carries the ids in force (fields given to the call win).
import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import { correlation, requestIdsOfTurn, runCorrelated, withRequestId } from '../../src/log-context';
import { createLogger } from '../../src/logger';

const tick = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function capturingLogger(): { logger: ReturnType<typeof createLogger>; lines: () => Array<Record<string, unknown>> } {
  const chunks: string[] = [];
  const destination = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      chunks.push(chunk.toString('utf8'));
      callback();
    },
  });
  return {
    logger: createLogger({ level: 'info', destination }),
    lines: () =>
      chunks
        .join('')
        .split('\n')
        .filter(Boolean)
        .map((l) => JSON.parse(l) as Record<string, unknown>),
  };
}

describe('log context: correlation ids', () => {
  it('is empty outside any turn', () => {
    assert.deepEqual(correlation(), {});
    assert.deepEqual(requestIdsOfTurn(), []);
  });

  it('nests a request id inside a turn, and a new turn inherits nothing', async () => {
    await runCorrelated({ turnId: 't1', activityId: 'a1' }, async () => {
      assert.deepEqual(correlation(), { turnId: 't1', activityId: 'a1' });
      await withRequestId('TAP-0001', async () => {
        await tick(1);
        assert.deepEqual(correlation(), { turnId: 't1', activityId: 'a1', requestId: 'TAP-0001' });
        runCorrelated({ sweepId: 's1' }, () => assert.deepEqual(correlation(), { sweepId: 's1' }));
      });
      assert.deepEqual(correlation(), { turnId: 't1', activityId: 'a1' }, 'the request scope ended');
      withRequestId('TAP-0002', () => undefined);
      assert.deepEqual(requestIdsOfTurn(), ['TAP-0001', 'TAP-0002'], 'the turn remembers every request it worked on');
    });
  });

  it('keeps concurrent turns apart across awaits', async () => {
    const seen: string[] = [];
    const turn = (id: string, delays: number[]) =>
      runCorrelated({ turnId: id }, async () => {
        for (const ms of delays) {
          await tick(ms);
          seen.push(`${id}:${correlation().turnId}:${withRequestId(`TAP-${id}`, () => correlation().requestId)}`);
        }
        return requestIdsOfTurn();
      });
    const [a, b] = await Promise.all([turn('1', [5, 1, 5]), turn('2', [1, 5, 1])]);
    assert.ok(
      seen.every((s) => s === '1:1:TAP-1' || s === '2:2:TAP-2'),
      seen.join(' '),
    );
    assert.deepEqual(a, ['TAP-1']);
    assert.deepEqual(b, ['TAP-2']);
  });

  it('puts the ids on every log line; a field given to the call wins', async () => {
    const { logger, lines } = capturingLogger();
    logger.info('before');
    await runCorrelated({ turnId: 't9' }, () =>
      withRequestId('TAP-0042', async () => {
        await tick(1);
        logger.info('inside');
        logger.info({ requestId: 'TAP-0043' }, 'explicit');
      }),
    );
    const [before, inside, explicit] = lines();
    assert.equal(before?.turnId, undefined);
    assert.equal(inside?.turnId, 't9');
    assert.equal(inside?.requestId, 'TAP-0042');
    assert.equal(explicit?.requestId, 'TAP-0043');
    assert.equal(explicit?.turnId, 't9');
  });
});
