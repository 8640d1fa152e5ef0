// 1. Turn overhead: activities per second and latency for `help` and `status` turns against the
// smallest botbuilder echo bot on the same restify + CloudAdapter setup, and (for `status`, which must
// read its request) that echo bot plus one Tables point read of the same row; same load generator
// (autocannon, 50 connections), same connector answering the replies.
import { randomUUID } from 'node:crypto';
import type { BenchEnv } from './support/env';
import { type BotChild, ECHO_BOT_SCRIPT, ECHO_READ_BOT_SCRIPT, TAP_DESK_SCRIPT, cpuMs, startBotChild } from './support/bot-child';
import { tableNames } from '../../src/store/table-stores';
import { fileRequest } from '../integration/flows/journey';
import { round } from './support/stats';
import type { Persona } from '../support/teams-client';

// autocannon ships no types; this is the part of its result the benchmark reads.
interface CannonResult {
  requests: { average: number; total: number };
  latency: { p50: number; p99: number; average: number };
  non2xx: number;
  errors: number;
  timeouts: number;
}
const autocannon = require('autocannon') as (options: Record<string, unknown>) => Promise<CannonResult>;

export interface TurnFigures {
  label: string;
  activitiesPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  total: number;
  failures: number;
  repliesSent: number;
  /** CPU the bot process spent per turn, and the storage emulator beside it (same two cores). */
  botCpuMsPerTurn: number;
  storageCpuMsPerTurn: number;
}

export interface TurnsOptions {
  connections: number;
  /** Seconds of measured load per kind of turn, in total over the rounds. */
  durationSeconds: number;
  warmupSeconds: number;
  /** The loads take turns in this many rounds, so a change in what else runs on the machine hits every kind alike. */
  rounds: number;
}

interface Load {
  label: string;
  bot: BotChild;
  body: string;
}

interface Slice {
  turns: number;
  seconds: number;
  p50: number;
  p99: number;
  failures: number;
  replies: number;
  botCpu: number;
  storageCpu: number;
}

async function cannon(target: Load, connections: number, seconds: number): Promise<CannonResult> {
  return autocannon({
    url: `${target.bot.url}/api/messages`,
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: target.body,
    connections,
    duration: seconds,
  });
}

async function slice(env: BenchEnv, target: Load, connections: number, seconds: number): Promise<Slice> {
  const replies = env.connector.counts().posts;
  const cpu = [cpuMs(target.bot.pid), cpuMs(env.azurite.pid)] as const;
  const began = performance.now();
  const result = await cannon(target, connections, seconds);
  return {
    seconds: (performance.now() - began) / 1000,
    turns: result.requests.total,
    p50: result.latency.p50,
    p99: result.latency.p99,
    failures: result.non2xx + result.errors + result.timeouts,
    replies: env.connector.counts().posts - replies,
    botCpu: cpuMs(target.bot.pid) - cpu[0],
    storageCpu: cpuMs(env.azurite.pid) - cpu[1],
  };
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] as number;

function figuresOf(label: string, slices: Slice[]): TurnFigures {
  const sum = (pick: (s: Slice) => number) => slices.reduce((total, s) => total + pick(s), 0);
  const turns = Math.max(
    1,
    sum((s) => s.turns),
  );
  return {
    label,
    activitiesPerSecond: round(sum((s) => s.turns) / sum((s) => s.seconds)),
    // Per round, then the median round: autocannon gives percentiles per run, not its samples.
    p50Ms: median(slices.map((s) => s.p50)),
    p99Ms: median(slices.map((s) => s.p99)),
    total: sum((s) => s.turns),
    failures: sum((s) => s.failures),
    repliesSent: sum((s) => s.replies),
    botCpuMsPerTurn: round(sum((s) => s.botCpu) / turns, 2),
    storageCpuMsPerTurn: round(sum((s) => s.storageCpu) / turns, 2),
  };
}

/** Warms every load up, then runs them in turn, round after round; figures add the rounds up. */
async function interleaved(env: BenchEnv, loads: Load[], options: TurnsOptions): Promise<TurnFigures[]> {
  for (const target of loads) await cannon(target, options.connections, options.warmupSeconds);
  const slices: Slice[][] = loads.map(() => []);
  const seconds = options.durationSeconds / options.rounds;
  for (let round = 0; round < options.rounds; round += 1) {
    for (const [i, target] of loads.entries()) slices[i]!.push(await slice(env, target, options.connections, seconds));
  }
  return loads.map((target, i) => figuresOf(target.label, slices[i]!));
}

export interface TurnsResult {
  echo: TurnFigures;
  /** The echo bot plus one point read of the request row `status` shows: the fair ceiling for a turn that reads storage. */
  echoRead: TurnFigures;
  help: TurnFigures;
  status: TurnFigures;
}

export async function measureTurns(
  env: BenchEnv,
  options: TurnsOptions & { nodeArgs?: string[]; botEnv?: Record<string, string> },
): Promise<TurnsResult> {
  const client = env.client('http://unused');
  const asker = env.people.alexw as Persona;
  const message = (text: string) => JSON.stringify({ ...client.activity(asker, 'personal', { type: 'message', text }), id: randomUUID() });
  const botEnv = env.botEnv({ RATE_LIMIT_PER_REQUESTER: '1000', ...options.botEnv });

  const bots: BotChild[] = [];
  try {
    // `status` shows the asker's latest request: file one first, as a person would have. The reference
    // bot reads that same row, so both turns read an entity of the same size from the same Azurite.
    const tapDesk = await startBotChild('tapdesk-turns', TAP_DESK_SCRIPT, botEnv, options.nodeArgs);
    bots.push(tapDesk);
    const channel = env.client(tapDesk.url);
    const requestId = await fileRequest(channel, asker);
    channel.close();
    const echo = await startBotChild('echo-bot', ECHO_BOT_SCRIPT, {});
    bots.push(echo);
    const echoRead = await startBotChild('echo-read-bot', ECHO_READ_BOT_SCRIPT, {
      READ_CONNECTION_STRING: botEnv.STORAGE_CONNECTION_STRING as string,
      READ_TABLE: tableNames(botEnv.STORAGE_TABLE_PREFIX).requests,
      READ_PARTITION: 'request',
      READ_ROW: requestId,
    });
    bots.push(echoRead);
    // All four bots stay up (an idle one costs nothing) and the loads take turns round after round.
    const [e, r, h, s] = await interleaved(
      env,
      [
        { label: 'echo bot', bot: echo, body: message('hello') },
        { label: 'echo + one Tables point read', bot: echoRead, body: message('hello') },
        { label: 'TAP Desk: help', bot: tapDesk, body: message('help') },
        { label: 'TAP Desk: status', bot: tapDesk, body: message('status') },
      ],
      options,
    );
    return { echo: e!, echoRead: r!, help: h!, status: s! };
  } finally {
    await Promise.all(bots.map((b) => b.stop()));
  }
}
