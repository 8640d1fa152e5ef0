// Runs the real Azurite table server as a child process on 127.0.0.1, for the demo and the tests
// (never in production).
//
// The child dies with its parent however the parent ends: it reads a pipe from the parent and shuts
// down when that pipe closes, which the operating system does even after a SIGKILL. Shutdown is
// Azurite's own graceful one (SIGINT), so a `location` keeps what was written.
import { type ChildProcessByStdio, spawn } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import type { Readable, Writable } from 'node:stream';
import { freePort } from './ports';

/** Azurite's documented development account and key: public, the same on every machine. */
export const AZURITE_ACCOUNT = 'devstoreaccount1';
export const AZURITE_ACCOUNT_KEY = 'Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==';

const PACKAGE_DIR = path.dirname(require.resolve('azurite/package.json'));
/** The documented `azurite-table` bin. */
const TABLE_MAIN = path.join(PACKAGE_DIR, 'dist/src/table/main.js');
/** Where relative `location`s go: `.local/azurite` at the repository root (git-ignored). */
export const AZURITE_DATA_ROOT = path.resolve(PACKAGE_DIR, '../..', '.local/azurite');

const START_TIMEOUT_MS = 15_000;
const STOP_TIMEOUT_MS = 5_000;

/**
 * Loaded into the child before Azurite: when the parent's pipe closes, run Azurite's SIGINT
 * shutdown; after SIGINT (from us or from a terminal), release the pipe so the child can exit, and
 * exit anyway if shutting down hangs.
 */
const WATCHDOG = [
  `const bail = () => setTimeout(() => process.exit(0), ${STOP_TIMEOUT_MS}).unref();`,
  `process.stdin.on('error', () => {});`,
  `process.stdin.on('close', () => { process.emit('SIGINT', 'SIGINT'); });`,
  `process.once('SIGINT', () => { process.stdin.destroy(); bail(); });`,
  `process.stdin.resume();`,
].join('\n');

export interface AzuriteOptions {
  /** A data directory (relative paths are taken under `.local/azurite`); without it, data is in memory only. */
  location?: string;
  /** 0 or absent: a free port. */
  port?: number;
}

export interface RunningAzurite {
  connectionString: string;
  tableUrl: string;
  port: number;
  /** The data directory, or null when in memory. */
  location: string | null;
  /** Graceful stop (data flushed to `location`); resolves when the process has exited. */
  stop(): Promise<void>;
  /** Immediate SIGKILL, as a crash would. */
  kill(): void;
  /** The Azurite process (benchmarks read its CPU time). */
  pid: number;
}

type AzuriteChild = ChildProcessByStdio<Writable, Readable, Readable>;

/** Any HTTP answer means the table service is serving. */
function answers(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const request = http.get({ host: '127.0.0.1', port, path: `/${AZURITE_ACCOUNT}/Tables`, timeout: 1_000, agent: false }, (response) => {
      response.resume();
      resolve(true);
    });
    request.once('timeout', () => request.destroy());
    request.once('error', () => resolve(false));
  });
}

const exited = (child: AzuriteChild) => child.exitCode !== null || child.signalCode !== null;

function launch(port: number, location: string | null): AzuriteChild {
  const args = ['--import', `data:text/javascript,${encodeURIComponent(WATCHDOG)}`, TABLE_MAIN];
  args.push('--tableHost', '127.0.0.1', '--tablePort', String(port), '--loose', '--skipApiVersionCheck', '--disableTelemetry', '--silent');
  if (location) args.push('--location', location);
  else args.push('--inMemoryPersistence');
  return spawn(process.execPath, args, { stdio: ['pipe', 'pipe', 'pipe'], windowsHide: true });
}

/** Resolves once Azurite says it started and answers HTTP; rejects with its first words if it exits. */
async function ready(child: AzuriteChild, port: number): Promise<void> {
  let output = '';
  const keep = (chunk: Buffer) => {
    output = (output + chunk.toString('utf8')).slice(-4_000);
  };
  child.stdout.on('data', keep);
  child.stderr.on('data', keep);
  const deadline = Date.now() + START_TIMEOUT_MS;
  while (!(output.includes('successfully started') && (await answers(port)))) {
    if (exited(child) || Date.now() > deadline) {
      const said = output.trim().split('\n').filter(Boolean).pop();
      throw new Error(`Azurite did not start on 127.0.0.1:${port}${said ? `: ${said}` : ''}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

export async function startAzurite(options: AzuriteOptions = {}): Promise<RunningAzurite> {
  const location = options.location ? path.resolve(AZURITE_DATA_ROOT, options.location) : null;
  if (location) mkdirSync(location, { recursive: true });
  const fixedPort = options.port && options.port > 0 ? options.port : null;

  // A free port can be taken between finding it and Azurite binding it: try again with another.
  for (let attempt = 1; ; attempt += 1) {
    const port = fixedPort ?? (await freePort());
    const child = launch(port, location);
    // Belt and braces for a parent that exits normally: the pipe closing is the main mechanism.
    const onExit = () => {
      if (!exited(child)) child.kill(location ? 'SIGINT' : 'SIGKILL');
    };
    process.on('exit', onExit);
    child.once('exit', () => process.off('exit', onExit));
    try {
      await ready(child, port);
    } catch (error) {
      child.kill('SIGKILL');
      if (fixedPort || attempt >= 3) throw error;
      continue;
    }
    // ready()'s listeners stay attached: they keep draining, so a chatty child never blocks on a full pipe.
    return running(child, port, location);
  }
}

function running(child: AzuriteChild, port: number, location: string | null): RunningAzurite {
  const tableUrl = `http://127.0.0.1:${port}/${AZURITE_ACCOUNT}`;
  const gone = new Promise<void>((resolve) => {
    if (exited(child)) resolve();
    else child.once('exit', () => resolve());
  });
  return {
    connectionString: `DefaultEndpointsProtocol=http;AccountName=${AZURITE_ACCOUNT};AccountKey=${AZURITE_ACCOUNT_KEY};TableEndpoint=${tableUrl};`,
    tableUrl,
    port,
    location,
    pid: child.pid ?? -1,
    kill() {
      if (!exited(child)) child.kill('SIGKILL');
    },
    async stop() {
      if (!exited(child)) {
        child.kill('SIGINT');
        const timer = setTimeout(() => child.kill('SIGKILL'), STOP_TIMEOUT_MS + 1_000);
        await gone;
        clearTimeout(timer);
      }
      child.stdin.destroy();
    },
  };
}
