// A bot as its own process, run from the compiled build as in production (`node dist/...`), with
// the figures the benchmark needs: time from spawn to the first 200 of its readiness probe, and
// its peak resident memory (the kernel's high-water mark, so no sample can miss the peak).
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { waitForReady } from '../../harness/demo/bot-process';
import { EXIT_WITH_PARENT, startChild } from '../../harness/demo/processes';
import { freePort } from '../../harness/ports';
import { REPO_ROOT } from '../../support/stack';

export const LOG_DIR = path.join(REPO_ROOT, '.local', 'bench', 'logs');
/** The production build (`npm run build`), as `npm start` runs it. */
export const TAP_DESK_SCRIPT = 'dist/src/main.js';
/** The yardstick bot, compiled by `npm run bench` (test/bench/tsconfig.json) outside the product's dist/. */
export const ECHO_BOT_SCRIPT = '.local/bench/build/support/echo-bot.js';
/** The echo bot plus one Table Storage point read a turn (echo-read-bot.ts), compiled beside it. */
export const ECHO_READ_BOT_SCRIPT = '.local/bench/build/support/echo-read-bot.js';

export interface BotChild {
  name: string;
  url: string;
  /** Spawn to the first 200 from the readiness probe. */
  startupMs: number;
  pid: number;
  /** VmHWM: the most memory the process has held resident, in MB. */
  peakRssMb(): number;
  stop(): Promise<void>;
}

/** Node's flags from `npm start`, so the bots run as App Service runs them (e.g. the heap cap). */
export function productionNodeFlags(): string[] {
  const pkg = JSON.parse(readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> };
  const start = pkg.scripts.start ?? '';
  if (!/^node\s/.test(start)) throw new Error(`npm start should run node directly, got: ${start}`);
  // Not --env-file*: a developer's .env must not leak into the bench's bots, whose environment the bench sets.
  return start.split(/\s+/).filter((word) => word.startsWith('--') && !word.startsWith('--env-file'));
}

/** User + system CPU time the process has used so far, in ms (Linux: /proc, clock ticks of 10 ms). */
export function cpuMs(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
  // After "pid (comm) ", utime and stime are the 12th and 13th fields.
  return (Number(fields[11]) + Number(fields[12])) * 10;
}

function peakRssMb(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = Number(/VmHWM:\s+(\d+)\s+kB/.exec(status)?.[1] ?? NaN);
  return kb / 1024;
}

/** Starts `<script>` (relative to the repository) with `env` (and node's own `nodeArgs`, e.g. --cpu-prof); resolves once /readyz answers 200. */
export async function startBotChild(name: string, script: string, env: Record<string, string>, nodeArgs: string[] = []): Promise<BotChild> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const started = performance.now();
  const child = startChild(
    name,
    process.execPath,
    [...productionNodeFlags(), ...nodeArgs, '-r', EXIT_WITH_PARENT, path.join(REPO_ROOT, script)],
    {
      cwd: REPO_ROOT,
      env: { PATH: process.env.PATH ?? '', ...env, PORT: String(port), HOST: '127.0.0.1' },
      logFile: path.join(LOG_DIR, `${name}.log`),
    },
  );
  try {
    // Every 10 ms: the start-up figure is read from when this returns.
    await waitForReady(url, child, 20_000, 10);
  } catch (error) {
    child.kill();
    throw new Error(`${name}: ${error instanceof Error ? error.message : String(error)}: ${child.tail(10).join('')}`, { cause: error });
  }
  const startupMs = performance.now() - started;
  return { name, url, startupMs, pid: child.pid, peakRssMb: () => peakRssMb(child.pid), stop: () => child.stop(5000) };
}
