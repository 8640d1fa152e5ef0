// One approval's whole trail in the logs: every line of one turn shares a turn id, every line about
// the request carries its id — on both instances — and Graph saw the turn id as client-request-id.
import assert from 'node:assert/strict';
import { startStack, type Stack } from '../../support/stack';
import { cardOf } from '../../support/teams-client';
import { assertNoPassLeaks } from '../../support/leaks';
import { approve, fileRequest, passIn } from './journey';

type Line = Record<string, unknown> & { msg: string; turnId?: string; requestId?: string; sweepId?: string };

const parse = (texts: string[]): Line[] =>
  texts
    .join('')
    .split('\n')
    .filter((l) => l.trim().startsWith('{'))
    .map((l) => JSON.parse(l) as Line);

/** The log lines `action` produced on the in-process bot (nothing else runs there meanwhile). */
async function linesOf<T>(stack: Stack, action: () => Promise<T>): Promise<{ result: T; lines: Line[] }> {
  const from = stack.logs.length;
  const result = await action();
  return { result, lines: parse(stack.logs.slice(from)) };
}

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

describe('correlation ids in the logs', function () {
  this.timeout(90_000);
  let stack: Stack;
  let alexRequest = '';

  before(async () => {
    stack = await startStack({ childBots: 1 });
  });
  after(async () => {
    await stack?.close();
  });

  it("each turn's lines share one turn id; the approval's lines carry its request id; Graph got the turn id", async () => {
    const { people, emulator } = stack;
    const filing = await linesOf(stack, () => fileRequest(stack.client, people.alexw!));
    const requestId = filing.result;
    alexRequest = requestId;
    const fileTurns = new Set(filing.lines.map((l) => l.turnId));
    assert.equal(fileTurns.size, 1, `one turn id on every line of the filing turn: ${[...fileTurns].join(', ')}`);
    const fileTurn = [...fileTurns][0] as string;
    assert.match(fileTurn, GUID);
    const filed = filing.lines.find((l) => l.msg === 'request filed');
    assert.equal(filed?.requestId, requestId);
    assert.equal(filing.lines.find((l) => l.msg === 'turn')?.requestId, requestId, 'the turn line names the request it filed');

    const graphFrom = emulator.stats().log.length;
    // The first $batch of the approval is throttled once: the retry succeeds, and the refusal is
    // logged with Graph's request-id and our client-request-id.
    emulator.faults.set({ rules: [{ method: 'POST', path: '^/\\$batch$', kind: 'status429', retryAfterSeconds: 0.05, times: 1 }] });
    const approving = await linesOf(stack, () => approve(stack.client, people.meganb!, requestId));
    emulator.faults.clear();
    assert.ok(passIn(cardOf(approving.result)), 'issued');
    const approveTurns = new Set(approving.lines.map((l) => l.turnId));
    assert.equal(approveTurns.size, 1, 'one turn id on every line of the approving turn');
    const approveTurn = [...approveTurns][0] as string;
    assert.notEqual(approveTurn, fileTurn, 'a fresh id per turn');
    assert.deepEqual(
      approving.lines.filter((l) => l.requestId !== requestId).map((l) => l.msg),
      [],
      'every line of the approving turn carries the request id',
    );
    assert.ok(
      approving.lines.some((l) => l.msg === 'request pending → issuing') &&
        approving.lines.some((l) => l.msg === 'request issuing → issued'),
    );

    const failure = approving.lines.find((l) => l.msg === 'Microsoft Graph request failed');
    assert.ok(failure, 'the 429 is logged');
    const graph = failure.graph as Record<string, unknown>;
    assert.equal(graph.status, 429);
    assert.equal(failure.level, 'warn');
    assert.equal(graph.clientRequestId, approveTurn);
    assert.match(String(graph.requestId), GUID, "Graph's request-id, for Microsoft support");

    const graphCalls = emulator
      .stats()
      .log.slice(graphFrom)
      .filter((e) => e.route === 'POST /$batch' || !e.batchId);
    assert.ok(graphCalls.length >= 3, 'batch (twice) and the create');
    for (const call of graphCalls) assert.equal(call.clientRequestId, approveTurn, `${call.route} carried the turn id`);
  });

  it('a request filed on one instance and approved on the other has one request id in both logs', async () => {
    const { people } = stack;
    const child = stack.children[0]!;
    const childFrom = child.logs.length;
    const requestId = await fileRequest(child.client, people.gradya!);
    const approving = await linesOf(stack, () => approve(stack.client, people.meganb!, requestId));
    assert.ok(passIn(cardOf(approving.result)));
    // The child's stdout may lag its answer by a moment.
    const deadline = Date.now() + 5000;
    let childLines = parse(child.logs.slice(childFrom));
    while (!childLines.some((l) => l.msg === 'turn' && l.requestId === requestId) && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 50));
      childLines = parse(child.logs.slice(childFrom));
    }
    const filed = childLines.filter((l) => l.requestId === requestId);
    assert.ok(
      filed.some((l) => l.msg === 'request filed'),
      'filed on the child, with the id',
    );
    assert.ok(
      approving.lines.filter((l) => l.requestId === requestId).some((l) => l.msg === 'request issuing → issued'),
      'issued here, with the id',
    );
    const turnsOfRequest = new Set([...filed, ...approving.lines.filter((l) => l.requestId === requestId)].map((l) => l.turnId));
    assert.equal(turnsOfRequest.size, 2, 'two turns, two instances, one request id');
  });

  it("a help-desk revoke of a pass TAP Desk issued joins that request's trail", async () => {
    assert.ok(alexRequest, 'the first test issued a pass to Alex');
    const revoking = await linesOf(stack, () => stack.client.say(stack.people.meganb!, `revoke ${stack.people.alexw!.upn}`));
    assert.equal(revoking.result.status, 200);
    const revoked = revoking.lines.find((l) => l.msg === 'pass revoked');
    assert.ok(revoked, `revoked: ${revoking.lines.map((l) => l.msg).join(' | ')}`);
    assert.equal(revoked.requestId, alexRequest);
    assert.equal(revoking.lines.find((l) => l.msg === 'turn')?.requestId, alexRequest);
  });

  it("a sweep's lines share a sweep id, and its expiry lines carry the request id", async () => {
    const { people, clock } = stack;
    const requestId = await fileRequest(stack.client, people.alexw!, { reason: 'new-device' });
    clock.advance(31);
    try {
      const sweep = await linesOf(stack, () => stack.bot.sweepNow());
      const expiry = sweep.lines.filter((l) => l.requestId === requestId);
      assert.ok(
        expiry.some((l) => l.msg === 'request pending → expired'),
        `expiry logged: ${sweep.lines.map((l) => l.msg).join(' | ')}`,
      );
      const sweepIds = new Set(sweep.lines.map((l) => l.sweepId));
      assert.equal(sweepIds.size, 1, 'one sweep id on every line of the sweep');
      assert.match(String([...sweepIds][0]), GUID);
      assert.ok(
        sweep.lines.every((l) => l.turnId === undefined),
        'a sweep is not a turn',
      );
    } finally {
      clock.reset();
    }
  });

  it('no pass value reached a log, the store or a sent activity', async () => {
    const result = await assertNoPassLeaks(stack);
    assert.ok(result.passes >= 2);
  });
});
