// The whole system for integration tests: emulated tenant (HTTPS), real Azurite, a local connector,
// and TAP Desk itself over HTTP — in this process (controllable clock, captured logs) or as a child.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { Writable } from 'node:stream';
import { spawn, type ChildProcess } from 'node:child_process';
import { loadConfig } from '../../src/config';
import { createLogger } from '../../src/logger';
import { startTapDesk, type RunningApp } from '../../src/main';
import { startAzurite } from '../harness/azurite';
import { freePort } from '../harness/ports';
import { emulatedBotEnv } from '../harness/bot-env';
import { DEMO_TENANT_SEED } from '../harness/emulator/default-seed';
import { startTestEmulator } from './emulator';
import { startConnector, type Connector, type ConnectorOptions } from './connector';
import { APPROVALS_CHANNEL, type Persona, TeamsClient } from './teams-client';

export const CONTOSO_SEED = DEMO_TENANT_SEED;
export const REPO_ROOT = path.resolve(__dirname, '../..');

export class TestClock {
  private offsetMs = 0;
  now = (): Date => new Date(Date.now() + this.offsetMs);
  advance(minutes: number): void {
    this.offsetMs += minutes * 60_000;
  }
  /** Back to real time (the emulated Graph keeps real time). */
  reset(): void {
    this.offsetMs = 0;
  }
}

interface SeedUser {
  id: string;
  userPrincipalName: string;
  displayName: string;
}

/** Personas by alias (the UPN's local part, lower case): `people.alexw`. */
export function personasOf(seedPath: string): Record<string, Persona> {
  const seed = JSON.parse(readFileSync(seedPath, 'utf8')) as { users: SeedUser[] };
  const out: Record<string, Persona> = {};
  for (const u of seed.users) {
    out[(u.userPrincipalName.split('@')[0] as string).toLowerCase()] = { id: u.id, upn: u.userPrincipalName, name: u.displayName };
  }
  return out;
}

function serviceDeskGroupOf(seedPath: string): string | undefined {
  const seed = JSON.parse(readFileSync(seedPath, 'utf8')) as { groups?: Array<{ id: string; displayName: string }> };
  return seed.groups?.find((g) => g.displayName === 'Service Desk')?.id;
}

export interface StackOptions {
  seed?: string;
  env?: Record<string, string>;
  /** Extra bot instances run as child processes sharing the same emulator and Azurite. */
  childBots?: number;
  emulatorLatencyMs?: number;
  /** Headers for every activity the test client posts (e.g. a Bot Framework token for the serviceUrl). */
  clientHeaders?: (serviceUrl: string) => Record<string, string>;
  /** The Bot Connector's behaviour, e.g. throttling at Teams' documented limits. */
  connector?: ConnectorOptions;
  /** Face Check against the emulated Request Service: the main bot gets a known port, where callbacks come. */
  faceCheck?: boolean;
}

export interface Stack {
  emulator: Awaited<ReturnType<typeof startTestEmulator>>;
  connector: Connector;
  bot: RunningApp;
  client: TeamsClient;
  clock: TestClock;
  people: Record<string, Persona>;
  logs: string[];
  env: Record<string, string>;
  storageConnectionString: string;
  azurite: Awaited<ReturnType<typeof startAzurite>>;
  children: Array<{ url: string; client: TeamsClient; process: ChildProcess; logs: string[] }>;
  startChild(extraEnv?: Record<string, string>): Promise<{ url: string; client: TeamsClient; process: ChildProcess; logs: string[] }>;
  close(): Promise<void>;
}

export async function startStack(options: StackOptions = {}): Promise<Stack> {
  const seed = options.seed ?? CONTOSO_SEED;
  const emulator = await startTestEmulator({
    seed,
    faults: options.emulatorLatencyMs ? { latencyMs: options.emulatorLatencyMs } : undefined,
  });
  const azurite = await startAzurite({});
  const connector = await startConnector(options.connector);
  const clock = new TestClock();
  const logs: string[] = [];
  const botPort = options.faceCheck ? await freePort() : 0;
  const env: Record<string, string> = {
    ...emulatedBotEnv({
      emulator,
      storageConnectionString: azurite.connectionString,
      tablePrefix: `t${randomBytes(4).toString('hex')}`,
      serviceDeskGroupId: serviceDeskGroupOf(seed),
      approvals: { conversationId: APPROVALS_CHANNEL, serviceUrl: connector.url },
      ...(options.faceCheck ? { faceCheck: { callbackBaseUrl: `http://127.0.0.1:${botPort}` } } : {}),
    }),
    PORT: String(botPort),
    POLICY_CACHE_SECONDS: '300',
    LOG_LEVEL: 'debug',
    ...options.env,
  };
  const sink = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      logs.push(chunk.toString('utf8'));
      callback();
    },
  });
  const bot = await startTapDesk(loadConfig(env), { clock, logger: createLogger({ level: 'debug', destination: sink }), sweepSeconds: 0 });
  const children: Stack['children'] = [];

  async function startChild(extraEnv: Record<string, string> = {}) {
    const childLogs: string[] = [];
    // One process (tsx's CLI would run the bot in a child of its own, out of reach of a SIGKILL).
    const child = spawn(process.execPath, ['-r', 'tsx/cjs', path.join(REPO_ROOT, 'src/main.ts')], {
      cwd: REPO_ROOT,
      // The 'listening' line (info) tells the port, whatever the stack's own level.
      env: { ...process.env, ...env, LOG_LEVEL: 'info', ...extraEnv, PORT: '0', NODE_EXTRA_CA_CERTS: emulator.caCertPath },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const url = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`child bot did not start: ${childLogs.join('')}`)), 20_000);
      child.stdout?.on('data', (chunk: Buffer) => {
        const text = chunk.toString('utf8');
        childLogs.push(text);
        const match = /"port":(\d+)/.exec(text);
        if (match && /listening/.test(text)) {
          clearTimeout(timer);
          resolve(`http://127.0.0.1:${match[1]}`);
        }
      });
      child.stderr?.on('data', (chunk: Buffer) => childLogs.push(chunk.toString('utf8')));
      child.on('exit', (code) => reject(new Error(`child bot exited with ${code}: ${childLogs.join('')}`)));
    });
    const entry = { url, client: new TeamsClient(url, connector.url, emulator.tenantId), process: child, logs: childLogs };
    children.push(entry);
    return entry;
  }
  for (let i = 0; i < (options.childBots ?? 0); i += 1) await startChild();

  return {
    emulator,
    connector,
    bot,
    client: new TeamsClient(bot.url, connector.url, emulator.tenantId, options.clientHeaders?.(connector.url) ?? {}),
    clock,
    people: personasOf(seed),
    logs,
    env,
    storageConnectionString: azurite.connectionString,
    azurite,
    children,
    startChild,
    async close() {
      const step = async (name: string, action: () => Promise<unknown>) => {
        const t = Date.now();
        await action();
        if (process.env.DEBUG_CLOSE) console.log('closed', name, Date.now() - t);
      };
      for (const child of children) child.process.kill('SIGKILL');
      await step('bot', () => bot.stop());
      await step('connector', () => connector.close());
      await step('azurite', () => azurite.stop().catch(() => undefined));
      await step('emulator', () => emulator.close());
    },
  };
}
