import assert from 'node:assert/strict';
import { parseBatch, runBatch } from '../../harness/emulator/batch';
import { GraphError } from '../../harness/emulator/errors';
import { type GraphAnswer, type GraphRequest } from '../../harness/emulator/graph-router';

const get = (id: string, extra: object = {}) => ({ id, method: 'GET', url: `/users/${id}`, ...extra });

function fakeGraph(statusOf: (url: string) => number) {
  const seen: string[] = [];
  return {
    seen,
    deps: {
      version: 'v1.0' as const,
      handle: async (r: GraphRequest): Promise<GraphAnswer> => {
        seen.push(r.url);
        await new Promise((resolve) => setTimeout(resolve, 1));
        return { status: statusOf(r.url), headers: {}, body: { url: r.url } };
      },
      failedDependency: (): GraphAnswer => ({ status: 424, headers: {}, body: { error: { code: 'FailedDependency' } } }),
    },
  };
}

describe('emulator: $batch', () => {
  it('refuses a malformed batch as a whole', () => {
    const cases: Array<[unknown, RegExp]> = [
      [{}, /Invalid batch payload format/],
      [{ requests: [] }, /Invalid batch payload format/],
      [{ requests: Array.from({ length: 21 }, (_, i) => get(String(i))) }, /must not exceed 20/],
      [{ requests: [get('a'), get('A')] }, /duplicate id 'A'/],
      [{ requests: [{ method: 'GET', url: '/users' }] }, /id is missing/],
      [{ requests: [get('a', { method: 'FETCH' })] }, /Invalid method/],
      [{ requests: [get('a', { url: 'https://graph.microsoft.com/v1.0/users' })] }, /must be relative/],
      [{ requests: [{ id: '1', method: 'POST', url: '/x', body: {} }] }, /does not contain Content-Type header/],
      [{ requests: [get('a', { dependsOn: ['b'] })] }, /depends on 'b'/],
      [{ requests: [get('a', { dependsOn: ['b'] }), get('b', { dependsOn: ['a'] })] }, /circular/],
    ];
    for (const [body, message] of cases)
      assert.throws(
        () => parseBatch(body),
        (e: unknown) => e instanceof GraphError && e.status === 400 && message.test(e.message),
        String(message),
      );
  });

  it('accepts 20 requests and relative urls without a leading slash', () => {
    assert.equal(parseBatch({ requests: Array.from({ length: 20 }, (_, i) => get(String(i))) }).length, 20);
    assert.equal(parseBatch({ requests: [{ id: '1', method: 'get', url: 'users?$top=1' }] })[0]?.url, '/users?$top=1');
  });

  it('runs dependents after their dependencies and answers 424 after a failure, down the chain', async () => {
    const graph = fakeGraph((url) => (url === '/users/1' ? 404 : 200));
    const result = await runBatch(
      { requests: [get('1'), get('2', { dependsOn: ['1'] }), get('4', { dependsOn: ['2'] }), get('3', { dependsOn: ['4'] }), get('5')] },
      graph.deps,
      'batch-1',
    );
    const statuses = Object.fromEntries((result.body.responses as Array<{ id: string; status: number }>).map((r) => [r.id, r.status]));
    assert.deepEqual(statuses, { '1': 404, '2': 424, '4': 424, '3': 424, '5': 200 });
    assert.deepEqual(graph.seen.sort(), ['/users/1', '/users/5'], 'dependents of a failure are not run');
  });

  it('answers in completion order reversed, not request order', async () => {
    const graph = fakeGraph(() => 200);
    const result = await runBatch({ requests: [get('a'), get('b', { dependsOn: ['a'] })] }, graph.deps);
    assert.deepEqual(
      (result.body.responses as Array<{ id: string }>).map((r) => r.id),
      ['b', 'a'],
    );
  });
});
