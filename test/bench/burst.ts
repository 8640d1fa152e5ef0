// 3. Burst and 4. footprint: new hires file requests and approvers approve them, all at once,
// across two bot processes sharing one Azurite, while the emulator throttles TAP creates to a set
// rate with 429 + Retry-After. Every request must end issued exactly once (one create, one pass shown).
// An approval Graph refused to take in time is answered "busy, nothing was created"; the approver
// then clicks Approve again, as a person would, and the retries are counted. The Bot Connector throttles
// as Teams does meanwhile (test/support/connector.ts).
import type { BenchEnv } from './support/env';
import { type BotChild, cpuMs } from './support/bot-child';
import { percentile, round } from './support/stats';
import { approve, fileRequest, passIn } from '../integration/flows/journey';
import { cardOf, textOf, type Persona } from '../support/teams-client';

export interface BurstFigures {
  requests: number;
  throttlePerSecond: number;
  totalSeconds: number;
  /** 1,000 / rate: the least time the throttle allows. */
  floorSeconds: number;
  issued: number;
  graphCreates: number;
  distinctPassesShown: number;
  /** Approvals answered "busy, nothing was created" and clicked again. */
  throttledAnswers: number;
  failures: string[];
  fileP50Ms: number;
  approveP50Ms: number;
  approveP99Ms: number;
  /** Seconds from the start to the first and the last pass Graph created: ramp-up and tail beside the steady rate. */
  createsFromS: number;
  createsUntilS: number;
  /** The Bot Connector throttled as Teams documents: what it answered during the burst. */
  connector: { posts: number; updates: number; throttled: number; faults: number };
  /** CPU seconds each part spent during the burst: where the two cores went. */
  cpuSeconds: { bots: number[]; storage: number; emulatorAndChannel: number };
}

const BUSY = /Microsoft Graph is busy/;
const MAX_CLICKS = 60;

export async function runBurst(
  env: BenchEnv,
  bots: [BotChild, BotChild],
  hires: Persona[],
  throttlePerSecond: number,
): Promise<BurstFigures> {
  const clients = bots.map((b) => env.client(b.url));
  const approvers = [env.people.meganb, env.people.adelev] as Persona[];
  env.emulator.resetStats();
  env.emulator.faults.set({ latencyMs: 0, tapWriteRatePerSecond: throttlePerSecond });
  // Teams' Bot Connector limits (7/s, 60 per 30 s, 1,800 an hour per conversation; 50/s per app) and a
  // few 412/502/504: approval cards queue in the bots' outboxes and never hold up an approval.
  env.connector.setThrottle({ faultRate: 0.02, seed: 24 });
  const connectorBefore = { ...env.connector.stats };
  const shown = new Set<string>();
  const failures: string[] = [];
  const fileMs: number[] = [];
  const approveMs: number[] = [];
  let throttledAnswers = 0;

  async function onboard(hire: Persona, i: number): Promise<void> {
    const t0 = performance.now();
    const requestId = await fileRequest(clients[i % 2]!, hire);
    fileMs.push(performance.now() - t0);
    for (let click = 1; click <= MAX_CLICKS; click += 1) {
      const t1 = performance.now();
      const card = cardOf(await approve(clients[(i + 1) % 2]!, approvers[i % 2]!, requestId));
      approveMs.push(performance.now() - t1);
      const pass = passIn(card);
      if (pass) {
        shown.add(pass);
        return;
      }
      const text = textOf(card);
      if (!BUSY.test(text)) throw new Error(`${requestId}: ${text.split('\n').slice(0, 6).join(' | ')}`);
      throttledAnswers += 1;
      await new Promise((resolve) => setTimeout(resolve, 1000));
    }
    throw new Error(`${requestId}: still not issued after ${MAX_CLICKS} clicks`);
  }

  const startedAt = Date.now();
  const cpuBefore = { bots: bots.map((b) => cpuMs(b.pid)), storage: cpuMs(env.azurite.pid), here: process.cpuUsage() };
  const started = performance.now();
  const outcomes = await Promise.allSettled(hires.map((hire, i) => onboard(hire, i)));
  for (const client of clients) client.close();
  const totalSeconds = (performance.now() - started) / 1000;
  const here = process.cpuUsage(cpuBefore.here);
  const cpuSeconds = {
    bots: bots.map((b, i) => round((cpuMs(b.pid) - (cpuBefore.bots[i] as number)) / 1000)),
    storage: round((cpuMs(env.azurite.pid) - cpuBefore.storage) / 1000),
    emulatorAndChannel: round((here.user + here.system) / 1e6),
  };
  env.emulator.faults.set({ tapWriteRatePerSecond: 0 });
  const stats = env.connector.stats;
  const connector = {
    posts: stats.posts - connectorBefore.posts,
    updates: stats.puts - connectorBefore.puts,
    throttled: stats.throttled - connectorBefore.throttled,
    faults: stats.faults - connectorBefore.faults,
  };
  env.connector.setThrottle(null);
  const creates = env.emulator
    .stats()
    .log.filter((e) => e.method === 'POST' && e.route.endsWith('temporaryAccessPassMethods') && e.status === 201)
    .map((e) => e.end - startedAt);
  for (const o of outcomes) if (o.status === 'rejected') failures.push(o.reason instanceof Error ? o.reason.message : String(o.reason));
  return {
    requests: hires.length,
    throttlePerSecond,
    totalSeconds: round(totalSeconds, 2),
    floorSeconds: round(hires.length / throttlePerSecond, 2),
    issued: outcomes.filter((o) => o.status === 'fulfilled').length,
    graphCreates: env.emulator.stats().tapCreates,
    distinctPassesShown: shown.size,
    throttledAnswers,
    failures: failures.slice(0, 10),
    fileP50Ms: round(percentile(fileMs, 50)),
    approveP50Ms: round(percentile(approveMs, 50)),
    approveP99Ms: round(percentile(approveMs, 99)),
    createsFromS: round(Math.min(...creates) / 1000, 2),
    createsUntilS: round(Math.max(...creates) / 1000, 2),
    connector,
    cpuSeconds,
  };
}
