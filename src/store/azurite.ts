// Runs the real Azurite table server as a child process on 127.0.0.1, for the demo and the tests
// (never in production). It dies with its parent.
import { spawn } from 'node:child_process';
import net from 'node:net';
import path from 'node:path';
import { mkdirSync } from 'node:fs';

/** Azurite's documented development account (public, well known; not a secret). */
export const AZURITE_ACCOUNT = 'devstoreaccount1';
const AZURITE_KEY = 'Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==';

export interface RunningAzurite {
  connectionString: string;
  tableUrl: string;
  stop(): Promise<void>;
  kill(): void;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

async function answers(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

export async function startAzurite(options: { location?: string; port?: number } = {}): Promise<RunningAzurite> {
  const port = options.port && options.port > 0 ? options.port : await freePort();
  const main = path.join(path.dirname(require.resolve('azurite/package.json')), 'dist/src/table/main.js');
  const args = [main, '--tableHost', '127.0.0.1', '--tablePort', String(port), '--loose', '--skipApiVersionCheck', '--disableTelemetry', '--silent'];
  if (options.location) {
    mkdirSync(options.location, { recursive: true });
    args.push('--location', options.location);
  } else args.push('--inMemoryPersistence');
  const child = spawn(process.execPath, args, { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr += chunk.toString('utf8');
  });
  // A child ended by a signal has a null exitCode and a signalCode.
  const exited = () => child.exitCode !== null || child.signalCode !== null;
  const kill = () => {
    if (!exited()) child.kill('SIGKILL');
  };
  process.once('exit', kill);

  const deadline = Date.now() + 15_000;
  while (!(await answers(port))) {
    if (exited() || Date.now() > deadline) {
      kill();
      throw new Error(`Azurite did not start on 127.0.0.1:${port}${stderr ? `: ${stderr.trim().split('\n')[0]}` : ''}`);
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  const tableUrl = `http://127.0.0.1:${port}/${AZURITE_ACCOUNT}`;
  return {
    connectionString: `DefaultEndpointsProtocol=http;AccountName=${AZURITE_ACCOUNT};AccountKey=${AZURITE_KEY};TableEndpoint=${tableUrl};`,
    tableUrl,
    kill,
    stop: () =>
      new Promise<void>((resolve) => {
        process.off('exit', kill);
        if (exited()) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
        setTimeout(kill, 3000).unref();
      }),
  };
}
