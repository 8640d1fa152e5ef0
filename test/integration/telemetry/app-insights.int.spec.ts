// Application Insights export, for real and offline: a bot process with a connection string whose
// IngestionEndpoint is a local HTTPS capture server. One request → approve journey, then a graceful
// stop (which must flush), then what arrived: request telemetry per turn, Graph dependencies, log
// lines as traces with their turn and request ids, the alerting metrics (passes issued, refusals by
// reason, Graph throttling, approvals waiting) — and the pass value nowhere in any byte. And a bot
// without a connection string loads none of it.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { ChildProcess } from 'node:child_process';
import { REPO_ROOT, startStack, type Stack } from '../../support/stack';
import { cardOf } from '../../support/teams-client';
import { type Envelope, startTelemetryCapture, type TelemetryCapture, TEST_IKEY } from '../../support/telemetry-capture';
import { approve, fileRequest, passIn, submitRequest } from '../flows/journey';

/** The exit code, once the process has exited and its output is all read ('close', not 'exit'). */
function exited(child: ChildProcess, timeoutMs: number): Promise<number | null> {
  if (child.exitCode !== null && child.stdout?.readableEnded !== false) return Promise.resolve(child.exitCode);
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`bot did not exit within ${timeoutMs} ms of SIGTERM`)), timeoutMs);
    child.once('close', (code) => {
      clearTimeout(timer);
      resolve(code);
    });
  });
}

/** The line the preloaded reporter prints at exit. */
function telemetryModulesOf(logs: string[]): number {
  const line = logs
    .join('')
    .split('\n')
    .find((l) => l.startsWith('{"telemetryModules"'));
  assert.ok(line, 'the module report was printed at exit');
  return (JSON.parse(line) as { telemetryModules: number }).telemetryModules;
}

const REPORTER = `--require ${path.join(REPO_ROOT, 'test/support/report-telemetry-modules.cjs')}`;

const ofType = (envelopes: Envelope[], baseType: string) => envelopes.filter((e) => e.data?.baseType === baseType);
const props = (e: Envelope): Record<string, string> => (e.data?.baseData?.properties ?? {}) as Record<string, string>;

describe('Application Insights export', function () {
  this.timeout(120_000);
  let stack: Stack;
  let capture: TelemetryCapture;
  let storage: string;
  let requestId: string;
  let waitingId: string;
  let pass: string;
  let envelopes: Envelope[];
  let exitCode: number | null;
  let botLogs: string[];

  before(async () => {
    stack = await startStack();
    capture = await startTelemetryCapture();
    // The exporter keeps undelivered items under the temp dir and resends them at start: a fresh
    // one per run, so nothing from an earlier run reaches this capture.
    storage = mkdtempSync(path.join(tmpdir(), 'tapdesk-ai-'));
    const bot = await stack.startChild({
      APPLICATIONINSIGHTS_CONNECTION_STRING: capture.connectionString,
      TMPDIR: storage,
      // The SDK's own usage metrics go to a public Microsoft endpoint: not reachable here.
      APPLICATION_INSIGHTS_NO_STATSBEAT: 'true',
      APPLICATIONINSIGHTS_SDKSTATS_DISABLED: 'true',
      NODE_OPTIONS: REPORTER,
    });
    const started = Date.now();
    botLogs = bot.logs;
    requestId = await fileRequest(bot.client, stack.people.alexw!);
    // The approval's first $batch is throttled once (Graph 429): retried, and counted.
    stack.emulator.faults.set({ rules: [{ method: 'POST', path: '^/\\$batch$', kind: 'status429', retryAfterSeconds: 0.05, times: 1 }] });
    pass = passIn(cardOf(await approve(bot.client, stack.people.meganb!, requestId))) ?? '';
    stack.emulator.faults.clear();
    assert.ok(pass, 'the approver was shown a pass');
    // A refusal (not Alex's report), and a request left waiting for an approver.
    assert.match(JSON.stringify(await submitRequest(bot.client, stack.people.alexw!, { target: 'gradya@contoso.com' })), /cannot go ahead/);
    waitingId = await fileRequest(bot.client, stack.people.lynner!, { reason: 'new-device' });
    // The bot's sweeper (every 20 s) counts the requests waiting; let it run once before the stop.
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, 22_000 - (Date.now() - started))));
    bot.process.kill('SIGTERM');
    exitCode = await exited(bot.process, 20_000);
    envelopes = capture.envelopes();
    if (process.env.DUMP_AI) require('node:fs').writeFileSync('/tmp/ai-dump.json', JSON.stringify(envelopes, null, 1));
  });
  after(async () => {
    await stack?.close();
    await capture?.close();
    if (storage) rmSync(storage, { recursive: true, force: true });
  });

  it('posts envelopes for the configured resource to /v2.1/track', () => {
    assert.equal(exitCode, 0, 'graceful stop');
    assert.ok(telemetryModulesOf(botLogs) > 0, 'OpenTelemetry was loaded');
    assert.ok(envelopes.length > 0, 'telemetry arrived');
    assert.ok(
      capture.paths.every((p) => p.startsWith('/v2.1/track')),
      capture.paths.join(', '),
    );
    assert.ok(envelopes.every((e) => e.iKey === TEST_IKEY));
  });

  it('sends request telemetry for each /api/messages turn, named with its turn id and request id', () => {
    const turns = ofType(envelopes, 'RequestData').filter((e) => String(e.data?.baseData?.url ?? '').includes('/api/messages'));
    assert.ok(turns.length >= 2, `a request per turn (file, approve), got ${turns.length}`);
    for (const turn of turns) assert.match(props(turn).turnId ?? '', /^[0-9a-f-]{36}$/, 'each request names its turn');
    const ofRequest = turns.filter((t) => props(t).requestId === requestId);
    assert.ok(ofRequest.length >= 2, `the filing and the approving turn name ${requestId}`);
    assert.equal(new Set(ofRequest.map((t) => props(t).turnId)).size, ofRequest.length, 'one turn id per turn');
    assert.ok(ofRequest.some((t) => props(t).verb === 'approval.approve'));
  });

  it('sends Graph and Table Storage calls as dependencies, tagged with the turn and request', () => {
    const dependencies = ofType(envelopes, 'RemoteDependencyData');
    const graph = dependencies.filter((d) => String(d.data?.baseData?.data ?? '').includes('/v1.0/'));
    assert.ok(graph.length > 0, `Graph dependencies; got ${dependencies.map((d) => d.data?.baseData?.name).join(', ')}`);
    const create = graph.find(
      (d) => /temporaryAccessPassMethods/.test(String(d.data?.baseData?.data)) && /POST/.test(String(d.data?.baseData?.name)),
    );
    assert.ok(create, 'the TAP create is a dependency');
    assert.equal(props(create).requestId, requestId);
    assert.match(props(create).turnId ?? '', /^[0-9a-f-]{36}$/);
    const storageCalls = dependencies.filter((d) => String(d.data?.baseData?.data ?? '').includes(stack.env.STORAGE_TABLE_PREFIX!));
    assert.ok(storageCalls.length > 0, 'Table Storage dependencies');
    assert.ok(storageCalls.some((d) => props(d).requestId === requestId));
  });

  it('sends the log lines as traces carrying their turn id and request id, up to the last one', () => {
    const traces = ofType(envelopes, 'MessageData');
    const messages = traces.map((t) => String(t.data?.baseData?.message));
    assert.ok(messages.includes('TAP Desk stopped'), 'the shutdown line arrived: stop() flushed');
    const filed = traces.find((t) => t.data?.baseData?.message === 'request filed');
    assert.ok(filed, `a "request filed" trace; got ${messages.join(' | ')}`);
    assert.equal(props(filed).requestId, requestId);
    const moves = traces.filter((t) => props(t).requestId === requestId && /^request \w+ → \w+$/.test(String(t.data?.baseData?.message)));
    assert.ok(moves.length >= 2, 'pending → issuing → issued are traced');
    for (const line of moves) assert.match(props(line).turnId ?? '', /^[0-9a-f-]{36}$/);
  });

  it('exports the alerting metrics: passes issued, refusals by reason, Graph throttling, approvals waiting', () => {
    const points = ofType(envelopes, 'MetricData').flatMap((e) =>
      ((e.data?.baseData?.metrics ?? []) as Array<{ name: string; value: number }>).map((m) => ({
        name: m.name,
        value: m.value,
        properties: props(e),
      })),
    );
    const named = (name: string) => points.filter((p) => p.name === name);
    const total = (name: string) => Math.max(0, ...named(name).map((p) => p.value));
    assert.equal(total('tapdesk.passes.issued'), 1, `one pass issued; metrics sent: ${[...new Set(points.map((p) => p.name))].join(', ')}`);
    const refusals = named('tapdesk.refusals');
    assert.ok(
      refusals.some((p) => p.properties.stage === 'request' && /^[a-z]+\.[a-z-]+$/.test(p.properties.reason ?? '') && p.value >= 1),
      JSON.stringify(refusals),
    );
    const throttled = named('tapdesk.graph.throttled');
    assert.ok(
      throttled.some((p) => p.properties.method === 'POST' && p.value >= 1),
      JSON.stringify(throttled),
    );
    assert.ok(
      total('tapdesk.approvals.waiting') >= 1,
      `${waitingId} waits for an approver: ${JSON.stringify(named('tapdesk.approvals.waiting'))}`,
    );
    // Attributes are codes from fixed sets: no request id, person or pass in any metric.
    const values = points.flatMap((p) => Object.values(p.properties));
    for (const value of values)
      assert.ok(!/TAP-\d|@|[0-9a-f]{8}-[0-9a-f]{4}-/.test(value) && !value.includes(pass), `metric attribute ${value}`);
  });

  it('never exports the pass value: not in any byte received', () => {
    assert.ok(pass.length >= 8);
    // The search reads decoded text: the request id, which is exported, is found the same way.
    assert.ok(capture.bodies.some((body) => body.toString('utf8').includes(requestId)));
    for (const body of capture.bodies) assert.ok(!body.toString('utf8').includes(pass), 'a pass value appears in exported telemetry');
  });

  it('without a connection string loads no OpenTelemetry module (and so sends nothing)', async () => {
    const bot = await stack.startChild({ APPLICATIONINSIGHTS_CONNECTION_STRING: '', NODE_OPTIONS: REPORTER });
    await fileRequest(bot.client, stack.people.alexw!, { reason: 'new-device' });
    bot.process.kill('SIGTERM');
    assert.equal(await exited(bot.process, 20_000), 0);
    assert.equal(telemetryModulesOf(bot.logs), 0);
  });
});
