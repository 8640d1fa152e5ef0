import assert from 'node:assert/strict';
import { FaultConfigError, Faults, parseFaultConfig } from '../../harness/emulator/faults';

describe('emulator: fault injection rules', () => {
  it('matches method and path (case-insensitive regex), and counts down `times`', () => {
    const faults = new Faults({
      rules: [{ method: 'post', path: 'temporaryAccessPassMethods$', kind: 'status429', retryAfterSeconds: 2.5, times: 2 }],
    });
    assert.equal(faults.match('GET', '/users/x/authentication/temporaryAccessPassMethods', false), null);
    assert.deepEqual(faults.match('POST', '/users/x/authentication/TemporaryAccessPassMethods', false), {
      kind: 'status429',
      retryAfterSeconds: 2.5,
    });
    assert.ok(faults.match('POST', '/users/y/authentication/temporaryAccessPassMethods', false));
    assert.equal(faults.match('POST', '/users/z/authentication/temporaryAccessPassMethods', false), null, 'used up');
  });

  it('applies the first matching rule; rules without a path never hit the outer $batch', () => {
    const faults = new Faults({ rules: [{ kind: 'status503' }, { path: '/\\$batch', kind: 'timeout' }] });
    assert.equal(faults.match('POST', '/$batch', true)?.kind, 'timeout');
    assert.equal(faults.match('GET', '/users', false)?.kind, 'status503');
  });

  it('draws the probability from the given random source', () => {
    const draws = [0.9, 0.1];
    const faults = new Faults({ rules: [{ kind: 'status503', probability: 0.5 }] }, { random: () => draws.shift() ?? 0 });
    assert.equal(faults.match('GET', '/users', false), null);
    assert.equal(faults.match('GET', '/users', false)?.kind, 'status503');
  });

  it('set merges settings, new rules replace old ones, clear removes everything', () => {
    const faults = new Faults({ latencyMs: 100, rules: [{ kind: 'status503' }] });
    faults.set({ rules: [{ kind: 'timeout', times: 1 }] });
    assert.equal(faults.latencyMs, 100);
    assert.deepEqual(faults.current(), { latencyMs: 100, rules: [{ kind: 'timeout', times: 1 }] });
    faults.set({ tokenLatencyMs: 40 });
    assert.deepEqual([faults.latencyMs, faults.tokenLatencyMs], [100, 40], 'the two latencies are separate settings');
    faults.clear();
    assert.equal(faults.latencyMs, 0);
    assert.equal(faults.tokenLatencyMs, 0);
    assert.equal(faults.match('GET', '/users', false), null);
  });

  it('limits TAP creates with a token bucket (burst of one second), answering when to retry', () => {
    let clock = 0;
    const faults = new Faults({ tapWriteRatePerSecond: 4 }, { clock: () => clock });
    for (let i = 0; i < 4; i += 1) assert.equal(faults.takeTapWrite(), null, `burst ${i}`);
    assert.deepEqual(faults.takeTapWrite(), { kind: 'status429', retryAfterSeconds: 0.25 });
    clock = 250;
    assert.equal(faults.takeTapWrite(), null, 'one token back after 250 ms');
    assert.ok(faults.takeTapWrite());
    faults.set({ tapWriteRatePerSecond: 0 });
    assert.equal(faults.takeTapWrite(), null, '0 turns the limit off');
  });

  it('refuses malformed configurations with a message naming the setting', () => {
    const cases: Array<[unknown, RegExp]> = [
      [null, /must be an object/],
      [{ latencyMs: -1 }, /latencyMs must be a number ≥ 0/],
      [{ tokenLatencyMs: 'slow' }, /tokenLatencyMs must be a number ≥ 0/],
      [{ rules: {} }, /rules must be an array/],
      [{ rules: [{ kind: 'status500' }] }, /rules\[0\]\.kind must be one of/],
      [{ rules: [{ kind: 'timeout', path: '(' }] }, /rules\[0\]\.path is not a valid regular expression/],
      [{ rules: [{ kind: 'timeout', probability: 2 }] }, /between 0 and 1/],
      [{ latency: 5 }, /unknown fault setting\(s\): latency/],
    ];
    for (const [input, message] of cases)
      assert.throws(
        () => parseFaultConfig(input),
        (e: unknown) => e instanceof FaultConfigError && message.test(e.message),
        JSON.stringify(input),
      );
    assert.throws(() => new Faults({ rules: [{ kind: 'nope' as never }] }), FaultConfigError);
  });
});
