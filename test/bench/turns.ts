// 1. Turn overhead: activities per second and latency for `help` and `status` turns against the
// smallest botbuilder echo bot on the same restify + CloudAdapter setup, same load generator
// (autocannon, 50 connections), same connector answering the replies.
import { randomUUID } from 'node:crypto';
import type { BenchEnv } from './support/env';
import { type BotChild, ECHO_BOT_SCRIPT, TAP_DESK_SCRIPT, cpuMs, startBotChild } from './support/bot-child';
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
  durationSeconds: number;
  warmupSeconds: number;
}

async function load(
  env: BenchEnv,
  label: string,
  bot: BotChild,
  activity: Record<string, unknown>,
  options: TurnsOptions,
): Promise<TurnFigures> {
  const request = {
    url: `${bot.url}/api/messages`,
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(activity),
  };
  await autocannon({ ...request, connections: options.connections, duration: options.warmupSeconds });
  const before = env.connector.counts().posts;
  const cpuBefore = [cpuMs(bot.pid), cpuMs(env.azurite.pid)];
  const result = await autocannon({ ...request, connections: options.connections, duration: options.durationSeconds });
  const turns = Math.max(1, result.requests.total);
  return {
    botCpuMsPerTurn: round((cpuMs(bot.pid) - (cpuBefore[0] as number)) / turns, 2),
    storageCpuMsPerTurn: round((cpuMs(env.azurite.pid) - (cpuBefore[1] as number)) / turns, 2),
    label,
    activitiesPerSecond: round(result.requests.average),
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    total: result.requests.total,
    failures: result.non2xx + result.errors + result.timeouts,
    repliesSent: env.connector.counts().posts - before,
  };
}

export async function measureTurns(
  env: BenchEnv,
  options: TurnsOptions & { nodeArgs?: string[] },
): Promise<{ echo: TurnFigures; help: TurnFigures; status: TurnFigures }> {
  const client = env.client('http://unused');
  const asker = env.people.alexw as Persona;
  const message = (text: string) => ({ ...client.activity(asker, 'personal', { type: 'message', text }), id: randomUUID() });

  const echoBot = await startBotChild('echo-bot', ECHO_BOT_SCRIPT, {});
  let echo: TurnFigures;
  try {
    echo = await load(env, 'echo bot', echoBot, message('hello'), options);
  } finally {
    await echoBot.stop();
  }

  const tapDesk = await startBotChild('tapdesk-turns', TAP_DESK_SCRIPT, env.botEnv({ RATE_LIMIT_PER_REQUESTER: '1000' }), options.nodeArgs);
  try {
    // `status` shows the asker's latest request: file one first, as a person would have.
    const channel = env.client(tapDesk.url);
    const filed = await channel.click(asker, 'request.submit', { reason: 'lost-device', lifetime: '60', oneTime: 'true' });
    channel.close();
    if (filed.status !== 200) throw new Error(`could not file the request that status shows: ${JSON.stringify(filed.body)}`);
    const help = await load(env, 'TAP Desk: help', tapDesk, message('help'), options);
    const status = await load(env, 'TAP Desk: status', tapDesk, message('status'), options);
    return { echo, help, status };
  } finally {
    await tapDesk.stop();
  }
}
