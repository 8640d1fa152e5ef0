// GraphHttp through the real Graph SDK client over a fake transport: every call carries the turn id
// as client-request-id, and a failure is logged with Graph's request-id beside it — never a body.
import assert from 'node:assert/strict';
import { Client, type Context, type Middleware } from '@microsoft/microsoft-graph-client';
import { GraphHttp } from '../../../src/graph/graph-http';
import { runCorrelated } from '../../../src/log-context';

const TURN = '3f2c1d5e-8a7b-4c6d-9e0f-1a2b3c4d5e6f';

interface Seen {
  url: string;
  headers: Record<string, string>;
}

function fakeGraph(answer: (seen: Seen) => Response): { client: Client; seen: Seen[] } {
  const seen: Seen[] = [];
  const transport: Middleware = {
    async execute(context: Context) {
      const headers: Record<string, string> = {};
      new Headers(context.options?.headers as ConstructorParameters<typeof Headers>[0]).forEach((value, key) => (headers[key] = value));
      const call = { url: String(context.request), headers };
      seen.push(call);
      context.response = answer(call);
    },
  };
  return { client: Client.initWithMiddleware({ middleware: transport, baseUrl: 'https://graph.microsoft.com/' }), seen };
}

function recordingLogger() {
  const lines: Array<{ level: string; fields: Record<string, unknown>; msg: string }> = [];
  return {
    lines,
    logger: {
      warn: (fields: Record<string, unknown>, msg: string) => lines.push({ level: 'warn', fields, msg }),
      info: (fields: Record<string, unknown>, msg: string) => lines.push({ level: 'info', fields, msg }),
    } as never,
  };
}

const options = { maxRetryWaitMs: 1000, maxAttempts: 2, requestTimeoutMs: 5000, sleep: async () => undefined };

describe('GraphHttp: correlation with Graph', () => {
  it("sends the turn's id as client-request-id and logs nothing when Graph answers", async () => {
    const { client, seen } = fakeGraph(() => new Response('{"value":[]}', { status: 200, headers: { 'request-id': 'r-1' } }));
    const { logger, lines } = recordingLogger();
    const http = new GraphHttp(client, { ...options, logger });
    const answer = await runCorrelated({ turnId: TURN }, () => http.get('/users?$top=1'));
    assert.equal(answer.status, 200);
    assert.equal(seen[0]?.headers['client-request-id'], TURN);
    assert.deepEqual(lines, []);
  });

  it("logs a throttled call with Graph's request-id and ours, then retries with the same id", async () => {
    let calls = 0;
    const { client, seen } = fakeGraph(() =>
      ++calls === 1
        ? new Response('{"error":{"code":"TooManyRequests","message":"slow down"}}', {
            status: 429,
            headers: { 'request-id': 'graph-req-1', 'retry-after': '0' },
          })
        : new Response('{"id":"x"}', { status: 200 }),
    );
    const { logger, lines } = recordingLogger();
    const http = new GraphHttp(client, { ...options, logger });
    await runCorrelated({ turnId: TURN, requestId: 'TAP-0042' }, () => http.get("/users?$filter=startswith(displayName,'alex')"));
    assert.deepEqual(
      seen.map((s) => s.headers['client-request-id']),
      [TURN, TURN],
    );
    assert.equal(lines.length, 1);
    assert.equal(lines[0]?.level, 'warn');
    assert.deepEqual(lines[0]?.fields.graph, {
      method: 'GET',
      path: '/users',
      status: 429,
      code: 'TooManyRequests',
      requestId: 'graph-req-1',
      clientRequestId: TURN,
    });
  });

  it('logs a refused write without its body (a TAP create answer would hold the pass)', async () => {
    const { client } = fakeGraph(
      () =>
        new Response('{"error":{"code":"Authorization_RequestDenied","message":"no","temporaryAccessPass":"Xy7#never"}}', { status: 403 }),
    );
    const { logger, lines } = recordingLogger();
    const http = new GraphHttp(client, { ...options, logger });
    const answer = await http.post('/users/u/authentication/temporaryAccessPassMethods', { lifetimeInMinutes: 60 });
    assert.equal(answer.status, 403);
    assert.equal(lines.length, 1);
    assert.ok(!JSON.stringify(lines).includes('Xy7#never'));
    const graph = lines[0]?.fields.graph as Record<string, unknown>;
    assert.equal(graph.code, 'Authorization_RequestDenied');
    assert.equal(graph.requestId, null, 'none sent');
    assert.match(String(graph.clientRequestId), /^[0-9a-f-]{36}$/, 'outside a turn: a fresh GUID, logged');
  });

  it('logs an ordinary 404 at info, and a call that got no answer at warn', async () => {
    const notFound = fakeGraph(() => new Response('{"error":{"code":"Request_ResourceNotFound"}}', { status: 404 }));
    const quiet = recordingLogger();
    await new GraphHttp(notFound.client, { ...options, logger: quiet.logger }).get('/users/nobody@contoso.com');
    assert.deepEqual(
      quiet.lines.map((l) => l.level),
      ['info'],
    );

    const dropped = fakeGraph(() => {
      throw new TypeError('fetch failed');
    });
    const loud = recordingLogger();
    await assert.rejects(() =>
      new GraphHttp(dropped.client, { ...options, logger: loud.logger }).delete('/users/u/authentication/temporaryAccessPassMethods/p'),
    );
    assert.equal(loud.lines[0]?.level, 'warn');
    assert.equal(loud.lines[0]?.msg, 'no answer from Microsoft Graph');
  });
});
