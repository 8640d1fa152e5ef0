// The benchmark's own arithmetic: percentiles and sequential remote round trips from the emulator's logs.
import assert from 'node:assert/strict';
import { percentile, sequentialRoundTrips } from '../bench/support/stats';
import type { LogEntry } from '../harness/emulator';

const entry = (route: string, start: number, end: number, batchId?: string): LogEntry => ({
  method: route.split(' ')[0] as string,
  path: route.split(' ')[1] as string,
  route,
  status: 200,
  start,
  end,
  ...(batchId ? { batchId } : {}),
});

describe('bench stats', () => {
  it('percentile takes the nearest rank', () => {
    const samples = [5, 1, 4, 2, 3, 10, 9, 8, 7, 6];
    assert.equal(percentile(samples, 50), 5);
    assert.equal(percentile(samples, 99), 10);
    assert.equal(percentile(samples, 0), 1);
    assert.ok(Number.isNaN(percentile([], 50)));
  });

  it('a $batch is one round trip however many requests ride in it; a create after it is the second', () => {
    const log = [
      entry('POST /$batch', 100, 160, 'b1'),
      entry('GET /users/{id}', 101, 155, 'b1'),
      entry('GET /users/{id}/transitiveMemberOf', 101, 158, 'b1'),
      entry('POST /users/{id}/authentication/temporaryAccessPassMethods', 170, 225),
    ];
    assert.deepEqual(sequentialRoundTrips(log, 0, 1000), {
      count: 2,
      chain: ['POST /$batch', 'POST /users/{id}/authentication/temporaryAccessPassMethods'],
    });
  });

  it('overlapping requests ran in parallel and count once; requests outside the window do not count', () => {
    const log = [entry('GET /a', 10, 60), entry('GET /b', 20, 70), entry('GET /c', 80, 90), entry('GET /d', 500, 600)];
    assert.equal(sequentialRoundTrips(log, 0, 100).count, 2);
    assert.equal(sequentialRoundTrips(log, 0, 1000).count, 3);
    assert.equal(sequentialRoundTrips([], 0, 1000).count, 0);
  });

  it('token calls count alike: a sign-in link beside the review and an exchange beside the facts read add nothing; the create does', () => {
    const log = [
      entry('POST /$batch', 0, 50, 'b1'),
      entry('POST /$batch', 100, 150, 'b2'),
      entry('POST /users/{id}/authentication/temporaryAccessPassMethods', 160, 210),
    ];
    const link = { route: 'GET /api/botsignin/getsigninresource', status: 200, start: 2, end: 52 };
    const exchange = { route: 'POST /oauth2/v2.0/token', status: 200, start: 99, end: 149 };
    assert.equal(sequentialRoundTrips(log, 0, 1000).count, 3);
    assert.deepEqual(sequentialRoundTrips(log, 0, 1000, [link, exchange]), {
      count: 3,
      chain: ['POST /$batch', 'POST /oauth2/v2.0/token', 'POST /users/{id}/authentication/temporaryAccessPassMethods'],
    });
    // One after the other (as before): five in sequence.
    const late = [
      { ...link, start: 55, end: 95 },
      { ...exchange, start: 152, end: 158 },
    ];
    const shifted = [log[0]!, log[1]!, { ...log[2]!, start: 215, end: 260 }];
    assert.equal(sequentialRoundTrips(shifted, 0, 1000, late).count, 5);
  });
});
