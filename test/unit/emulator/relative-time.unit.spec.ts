import assert from 'node:assert/strict';
import { durationMs, isRelativeTime, resolveTime } from '../../harness/emulator/relative-time';

describe('emulator: relative seed times', () => {
  const now = new Date('2025-06-02T10:00:00.000Z');

  it('resolves now, now-<duration> and now+<duration> against the load time', () => {
    assert.equal(resolveTime('now', now), '2025-06-02T10:00:00.000Z');
    assert.equal(resolveTime('now-PT20M', now), '2025-06-02T09:40:00.000Z');
    assert.equal(resolveTime('now+P1D', now), '2025-06-03T10:00:00.000Z');
    assert.equal(resolveTime('now-P1DT2H30M', now), '2025-06-01T07:30:00.000Z');
    assert.equal(resolveTime('now+P2W', now), '2025-06-16T10:00:00.000Z');
    assert.equal(resolveTime('now-PT0.5S', now), '2025-06-02T09:59:59.500Z');
  });

  it('leaves literal dates alone', () => {
    assert.equal(resolveTime('0001-01-01T00:00:00Z', now), '0001-01-01T00:00:00Z');
    assert.equal(resolveTime('2022-06-05T00:00:00Z', now), '2022-06-05T00:00:00Z');
    assert.equal(resolveTime('nowhere', now), 'nowhere');
    assert.equal(isRelativeTime('nowhere'), false);
    assert.equal(isRelativeTime('now-PT1H'), true);
  });

  it('reads ISO 8601 durations (years and months as 365 and 30 days)', () => {
    assert.equal(durationMs('PT2H50M'), (2 * 60 + 50) * 60_000);
    assert.equal(durationMs('P400D'), 400 * 86_400_000);
    assert.equal(durationMs('P1Y2M'), (365 + 60) * 86_400_000);
    assert.equal(durationMs('PT30S'), 30_000);
  });

  it('refuses what is not a duration', () => {
    for (const bad of ['P', 'PT', 'P1H', '20M', 'P1DT', 'P-1D', 'PT1.5M'])
      assert.throws(() => durationMs(bad), /not an ISO 8601 duration/, bad);
    assert.throws(() => resolveTime('now-20M', now), /not an ISO 8601 duration/);
  });
});
