// 2. Approval latency in Graph round trips, and 5. diagnosis: with the emulator adding a fixed
// latency L to every Graph request, the time from the click to its answer and how many Graph round
// trips it made one after the other (from the emulator's request log).
import assert from 'node:assert/strict';
import type { BenchEnv } from './support/env';
import type { BotChild } from './support/bot-child';
import { percentile, round, sequentialRoundTrips } from './support/stats';
import { approve, fileRequest, passIn } from '../integration/flows/journey';
import { cardOf, clickSigned, textOf, type Persona } from '../support/teams-client';

/**
 * Turns run and not counted before each set: the first fill the policy cache and the token, and the
 * process's JIT warms up, as it has long done in an instance that has been serving for a while.
 */
export const WARMUP_TURNS = 5;

export interface LatencyFigures {
  label: string;
  latencyMs: number;
  samples: number;
  p50Ms: number;
  p99Ms: number;
  /** The most sequential Graph round trips any one sample made. */
  maxRoundTrips: number;
  chain: string[];
  /** Token-endpoint exchanges (on-behalf-of) in the worst sample: 0 in application mode, and in delegated mode once the approver's token is held. */
  maxExchanges: number;
  /** Exchanges in the set's first approval (delegated: the approver's sign-in; at most one). */
  firstExchanges: number;
}

type Trips = ReturnType<typeof sequentialRoundTrips>;

/** trips: Graph round trips in sequence; remote: those and the token calls together, in sequence (what L bounds). */
async function timed<T>(
  env: BenchEnv,
  action: () => Promise<T>,
): Promise<{ ms: number; value: T; trips: Trips; remote: Trips; exchanges: number }> {
  const from = Date.now();
  const tokens = env.emulator.stats().tokensIssued;
  const t = performance.now();
  const value = await action();
  const ms = performance.now() - t;
  const to = Date.now();
  const stats = env.emulator.stats();
  const trips = sequentialRoundTrips(stats.log, from, to);
  const remote = sequentialRoundTrips(stats.log, from, to, stats.tokenCalls);
  return { ms, value, trips, remote, exchanges: stats.tokensIssued - tokens };
}

function figures(
  label: string,
  latencyMs: number,
  runs: Array<{ ms: number; trips: ReturnType<typeof sequentialRoundTrips>; exchanges?: number }>,
  firstExchanges = 0,
): LatencyFigures {
  const worst = runs.reduce((a, b) => (b.trips.count > a.trips.count ? b : a));
  return {
    label,
    latencyMs,
    samples: runs.length,
    p50Ms: round(
      percentile(
        runs.map((r) => r.ms),
        50,
      ),
    ),
    p99Ms: round(
      percentile(
        runs.map((r) => r.ms),
        99,
      ),
    ),
    maxRoundTrips: worst.trips.count,
    chain: worst.trips.chain,
    maxExchanges: Math.max(...runs.map((r) => r.exchanges ?? 0)),
    firstExchanges,
  };
}

/**
 * Approvals by Megan of requests new hires filed for themselves (WARMUP_TURNS + samples of them).
 * `delegated`: the bot runs with PASS_ISSUANCE=delegated and the client answers its loginRequest as
 * Teams does (a token from the emulator); the first (warm-up) approval signs Megan in, the measured
 * ones use her held token: no exchange, the same two Graph round trips.
 */
export async function measureApprovals(
  env: BenchEnv,
  bot: BotChild,
  hires: Persona[],
  latencyMs: number,
  samples: number,
  delegated = false,
): Promise<LatencyFigures> {
  const client = env.client(bot.url);
  const approver = env.people.meganb as Persona;
  if (delegated) client.ssoTokens = (persona) => env.userToken(persona.id);
  env.emulator.faults.set({ latencyMs });
  try {
    const runs = [];
    let firstExchanges = 0;
    for (let i = 0; i < WARMUP_TURNS + samples; i += 1) {
      const hire = hires[i] as Persona;
      const requestId = await fileRequest(client, hire);
      const run = await timed(env, async () =>
        delegated
          ? (await clickSigned(client, approver, 'approval.approve', { requestId, verification: 'call-back' }, { where: 'channel' })).final
          : approve(client, approver, requestId),
      );
      const card = cardOf(run.value);
      assert.ok(passIn(card), `approval ${requestId} showed no pass: ${textOf(card)}`);
      if (i === 0) firstExchanges = run.exchanges;
      if (i >= WARMUP_TURNS) runs.push(run);
    }
    return figures(`${delegated ? 'delegated ' : ''}approve, L = ${latencyMs} ms`, latencyMs, runs, firstExchanges);
  } finally {
    env.emulator.faults.set({ latencyMs: 0 });
    client.close();
  }
}

/** "Why can't I sign in?" run to its result card: for oneself (Diego, disabled) and by the help desk (Megan for Miriam). */
export async function measureDiagnosis(env: BenchEnv, bot: BotChild, latencyMs: number, samples: number): Promise<LatencyFigures[]> {
  const client = env.client(bot.url);
  const { diegos, meganb, miriamg } = env.people as Record<string, Persona>;
  env.emulator.faults.set({ latencyMs });
  try {
    const cases = [
      { label: `diagnose self, L = ${latencyMs} ms`, who: diegos as Persona, subject: diegos as Persona, symptom: 'other' },
      {
        label: `diagnose by help desk, L = ${latencyMs} ms`,
        who: meganb as Persona,
        subject: miriamg as Persona,
        symptom: 'blocked-by-policy',
      },
    ];
    const out: LatencyFigures[] = [];
    for (const c of cases) {
      const runs = [];
      for (let i = 0; i < WARMUP_TURNS + samples; i += 1) {
        const run = await timed(env, () => client.click(c.who, 'diagnose.run', { subjectId: c.subject.id, symptom: c.symptom }));
        const text = textOf(cardOf(run.value));
        assert.ok(text.length > 0, 'the diagnosis card is empty');
        if (i >= WARMUP_TURNS) runs.push(run);
      }
      out.push(figures(c.label, latencyMs, runs));
    }
    return out;
  } finally {
    env.emulator.faults.set({ latencyMs: 0 });
    client.close();
  }
}

export interface SignInFigures {
  label: string;
  latencyMs: number;
  samples: number;
  /** Click to the pass shown: the loginRequest answer plus the re-sent action's answer. */
  p50Ms: number;
  p99Ms: number;
  /** Click to the 401 loginRequest (live review, the token service's sign-in link). */
  loginRequestP50Ms: number;
  /** Re-sent action (with Teams' SSO token) to the pass (challenge, token check, on-behalf-of, approval). */
  resentP50Ms: number;
  /** Token endpoint exchanges per sample (on-behalf-of): 1 each, since no approver holds a token. */
  exchanges: number[];
  /** The most sequential Graph round trips, both legs together. */
  maxRoundTrips: number;
  chain: string[];
  /**
   * Remote round trips one after the other (Graph, Entra's token endpoint, the token service's sign-in link), in
   * the worst sample: calls that overlap in time count once. remoteChain names them in order.
   */
  remoteRoundTrips: number;
  remoteChain: string[];
  /** Sign-in links asked for per sample (1 each: one prompt). */
  links: number[];
  /** p50 of each sample's time beyond its remote round trips in sequence (ms − remote × L): the bot's own work. */
  ownP50Ms: number;
}

/**
 * The approver's first approval with delegated issuance: a fresh approver each time (no token held for them on
 * this instance, nor anywhere), click → 401 loginRequest → Teams re-sends the action with the approver's SSO token →
 * on-behalf-of exchange → pass. The emulator adds L to Graph and the same L to Entra's token endpoint and the Bot
 * Framework token service (remote services alike). The SSO token Teams attaches is fetched before the click: Teams
 * obtains it itself, outside the bot's time.
 */
export async function measureFirstSignIn(
  env: BenchEnv,
  bot: BotChild,
  hires: Persona[],
  approvers: Persona[],
  latencyMs: number,
  samples: number,
): Promise<SignInFigures> {
  const client = env.client(bot.url);
  const posts: number[] = [];
  const post = client.post.bind(client);
  client.post = async (activity: Record<string, unknown>) => {
    const t = performance.now();
    try {
      return await post(activity);
    } finally {
      posts.push(performance.now() - t);
    }
  };
  env.emulator.faults.set({ latencyMs, tokenLatencyMs: latencyMs });
  try {
    const runs: Array<{ ms: number; legs: number[]; exchanges: number; links: number; trips: Trips; remote: Trips }> = [];
    for (let i = 0; i < WARMUP_TURNS + samples; i += 1) {
      const hire = hires[i] as Persona;
      const approver = approvers[i] as Persona;
      const requestId = await fileRequest(client, hire);
      const token = await env.userToken(approver.id);
      posts.length = 0;
      const links = env.emulator.tokenService.stats().signInResources;
      const run = await timed(env, () =>
        clickSigned(client, approver, 'approval.approve', { requestId, verification: 'call-back' }, { where: 'channel', token }),
      );
      assert.ok(run.value.signedIn, `approver ${approver.upn} was not asked to sign in: a token was held`);
      const card = cardOf(run.value.final);
      assert.ok(passIn(card), `approval ${requestId} after sign-in showed no pass: ${textOf(card)}`);
      const linksAsked = env.emulator.tokenService.stats().signInResources - links;
      if (i >= WARMUP_TURNS)
        runs.push({ ms: run.ms, legs: [...posts], exchanges: run.exchanges, links: linksAsked, trips: run.trips, remote: run.remote });
    }
    const p = (values: number[], q: number) => round(percentile(values, q));
    const worst = runs.reduce((a, b) => (b.trips.count > a.trips.count ? b : a));
    const worstRemote = runs.reduce((a, b) => (b.remote.count > a.remote.count ? b : a));
    return {
      label: `first approval with sign-in (SSO), L = ${latencyMs} ms`,
      latencyMs,
      samples: runs.length,
      p50Ms: p(
        runs.map((r) => r.ms),
        50,
      ),
      p99Ms: p(
        runs.map((r) => r.ms),
        99,
      ),
      loginRequestP50Ms: p(
        runs.map((r) => r.legs[0] ?? Number.NaN),
        50,
      ),
      resentP50Ms: p(
        runs.map((r) => r.legs[1] ?? Number.NaN),
        50,
      ),
      exchanges: runs.map((r) => r.exchanges),
      maxRoundTrips: worst.trips.count,
      chain: worst.trips.chain,
      remoteRoundTrips: worstRemote.remote.count,
      remoteChain: worstRemote.remote.chain,
      links: runs.map((r) => r.links),
      ownP50Ms: p(
        runs.map((r) => r.ms - r.remote.count * latencyMs),
        50,
      ),
    };
  } finally {
    env.emulator.faults.set({ latencyMs: 0, tokenLatencyMs: 0 });
    client.close();
  }
}
