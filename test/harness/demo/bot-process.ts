// TAP Desk itself as a child process, as `tsx src/main.ts` would run it, ready once /readyz says so.
// A child (not in-process) because NODE_EXTRA_CA_CERTS — trust in the emulator's HTTPS — is only
// read when a process starts.
import path from 'node:path';
import { type Child, EXIT_WITH_PARENT, startChild } from './processes';
import { HARNESS_READYZ_KEY } from '../bot-env';

export interface BotOptions {
  repoRoot: string;
  /** The bot's whole environment (config variables and NODE_EXTRA_CA_CERTS). */
  env: NodeJS.ProcessEnv;
  url: string;
  logFile: string;
  readyTimeoutMs: number;
}

/** Settings people may tune for the demo; everything else the demo sets itself. */
const PASS_THROUGH = [
  'PASS_DELIVERY',
  'REQUEST_TTL_MINUTES',
  'REFUSE_HIGH_RISK',
  'RATE_LIMIT_PER_REQUESTER',
  'RATE_LIMIT_PER_TARGET',
  'POLICY_CACHE_SECONDS',
  'MAX_BODY_BYTES',
  'LOG_LEVEL',
];

/**
 * The environment children start from. The bot's configuration must come from the demo alone (an
 * inherited MICROSOFT_APP_ID would switch authentication on and lock the Playground out), and
 * tsx's loader flags must not leak into the Playground.
 */
export function baseEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const name of ['PATH', 'HOME', 'LANG', 'TZ', 'TMPDIR', ...PASS_THROUGH]) {
    if (process.env[name] !== undefined) env[name] = process.env[name];
  }
  return env;
}

/** Starts the bot; `onStarted` learns of the child at once so a caller can stop it if waiting fails. */
export async function startBot(options: BotOptions, onStarted: (child: Child) => void): Promise<Child> {
  const bot = startChild(
    'bot',
    process.execPath,
    ['-r', EXIT_WITH_PARENT, '-r', require.resolve('tsx/cjs'), path.join(options.repoRoot, 'src/main.ts')],
    {
      cwd: options.repoRoot,
      env: options.env,
      logFile: options.logFile,
    },
  );
  onStarted(bot);
  try {
    await waitForReady(options.url, bot, options.readyTimeoutMs);
  } catch (error) {
    // A bot that exited explains itself in its last log line; one still running, through /readyz.
    const said = bot.isRunning() ? '' : lastWords(bot);
    throw new Error(`${error instanceof Error ? error.message : String(error)}${said ? `: ${said}` : ''}`, { cause: error });
  }
  return bot;
}

/**
 * Polls `${url}/readyz` every `intervalMs` until it answers 200; fails early if the child exits, and
 * names the failing readiness checks when time runs out. The bench polls finely to time start-up.
 */
export async function waitForReady(url: string, child: Child, timeoutMs: number, intervalMs = 100): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let last = 'no answer';
  while (Date.now() < deadline && child.isRunning()) {
    try {
      // With the harness key the answer names the failing checks; a bot started without it says only its status.
      const response = await fetch(`${url}/readyz`, { headers: { 'x-readyz-key': HARNESS_READYZ_KEY }, signal: AbortSignal.timeout(2000) });
      if (response.ok) return;
      last = failedChecks(response.status, await response.text());
    } catch (error) {
      last = error instanceof Error ? error.message : String(error);
    }
    await new Promise((r) => setTimeout(r, intervalMs));
  }
  throw new Error(child.isRunning() ? `not ready within ${Math.round(timeoutMs / 1000)} s: ${last}` : 'it exited');
}

/** `/readyz` says which checks fail and why; that is what a person needs to read. */
function failedChecks(status: number, body: string): string {
  try {
    const json = JSON.parse(body) as { checks?: Array<{ name: string; ok: boolean; detail?: string; missing?: string[] }> };
    const failed = (json.checks ?? []).filter((c) => !c.ok);
    if (failed.length > 0) {
      return failed.map((c) => `${c.name}: ${c.detail ?? 'failed'}${c.missing ? ` (${c.missing.join(', ')})` : ''}`).join('; ');
    }
  } catch {
    // not JSON: show the start of it
  }
  return `${status} ${body.slice(0, 200)}`;
}

/** The last informative line the bot wrote (its logs are JSON lines), for the one-line error. */
function lastWords(child: Child): string {
  const lines = child.tail(30).map((l) => {
    try {
      const json = JSON.parse(l) as { msg?: string; err?: { message?: string } };
      return [json.msg, json.err?.message].filter(Boolean).join(': ');
    } catch {
      return l.trim();
    }
  });
  return lines.filter((l) => l && !/^\s*at\s/.test(l)).slice(-1)[0] ?? '';
}
