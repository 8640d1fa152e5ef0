// The whole demo as one object: emulated tenant (in this process), Azurite, the bot and one Agents
// Playground per persona (child processes). Used by `npm run demo` and by the e2e harness.
// A part that fails to start stops the parts already running and surfaces as a DemoError.
import path from 'node:path';
import { startEmulator, type Emulator } from '../emulator';
import { DEMO_TENANT_SEED } from '../emulator/default-seed';
import { startAzurite, type RunningAzurite } from '../azurite';
import { emulatedBotEnv } from '../bot-env';
import { APPROVALS_CHANNEL_ID, writePlaygroundConfig } from './playground-config';
import { playgroundServiceUrl, startPlayground } from './playground';
import { baseEnv, startBot } from './bot-process';
import { freePort, portIsFree } from '../ports';
import { delegatedDemoSeed, startSsoProxy } from './demo-sso';
import { canApproveTenantWide, findPersona, type Persona, readSeedPeople, type SeedPeople, serviceDeskGroupId } from './seed-people';

export const REPO_ROOT = path.resolve(__dirname, '../../..');
export const DEFAULT_SEED = DEMO_TENANT_SEED;
export const DEFAULT_BOT_PORT = 3978;
export const DEFAULT_PLAYGROUND_PORT = 56150;

/** One line for a person: which part, what happened, what to do next. */
export class DemoError extends Error {
  constructor(
    readonly part: string,
    readonly problem: string,
    readonly next: string,
  ) {
    super(`${part}: ${problem}. ${next}`);
    this.name = 'DemoError';
  }
}

export interface DemoOptions {
  seed: string;
  /** Bot port; 0 picks a free one. */
  botPort: number;
  /** Aliases, UPNs or ids; one Playground each on consecutive ports. Empty: no Playground. */
  personas: string[];
  /** Port of the first Playground; 0 picks free ones. */
  playgroundPort: number;
  /** Generated Playground configs and the logs of every part go here. */
  workDir: string;
  /** Azurite keeps its tables here between runs; in memory when absent. */
  storageDir?: string | null;
  /** Extra bot settings (PASS_DELIVERY, REQUEST_TTL_MINUTES, ...). */
  botEnv?: Record<string, string>;
  /** Aliases for whom silent SSO "fails" (delegated mode): they sign in on the token service's page, Teams' fallback. */
  ssoFallback?: string[];
  /** Progress for people (stderr in the CLI). */
  progress?: (line: string) => void;
  readyTimeoutMs?: number;
}

export interface RunningPlayground {
  persona: Persona;
  url: string;
  port: number;
  serviceUrl: string;
  configPath: string;
  /** Approval cards are posted into this Playground's "TAP approvals" channel. */
  hasApprovalsChannel: boolean;
}

export interface DemoStack {
  botUrl: string;
  graphUrl: string;
  tokenUrl: string;
  authorityHost: string;
  tenantId: string;
  tenantName: string;
  clientId: string;
  caCertPath: string;
  storageConnectionString: string;
  serviceDeskGroupId: string | null;
  playgrounds: RunningPlayground[];
  people: SeedPeople;
  logDir: string;
  emulator: Emulator;
  stop(): Promise<void>;
}

function resolvePersonas(people: SeedPeople, names: string[]): Persona[] {
  const out: Persona[] = [];
  for (const name of names) {
    const persona = findPersona(people, name);
    if (!persona) {
      const some = people.users
        .slice(0, 6)
        .map((u) => u.userPrincipalName.split('@')[0])
        .join(', ');
      throw new DemoError(
        'persona',
        `"${name}" is not a user of the tenant ${people.tenantName}`,
        `Use an alias or UPN from the seed, e.g. ${some}`,
      );
    }
    if (!out.some((p) => p.id === persona.id)) out.push(persona);
  }
  return out;
}

/** The approvals channel lives in the first Playground of someone who can approve, else the last one. */
function approvalsIndex(people: SeedPeople, personas: Persona[]): number {
  const approver = personas.findIndex((p) => canApproveTenantWide(people, p.id));
  return approver >= 0 ? approver : personas.length - 1;
}

async function choosePorts(options: DemoOptions, count: number): Promise<{ bot: number; playgrounds: number[] }> {
  const playgrounds: number[] = [];
  for (let i = 0; i < count; i += 1) {
    const port = options.playgroundPort === 0 ? await freePort() : options.playgroundPort + i;
    if (!(await portIsFree(port))) {
      throw new DemoError(
        'Agents Playground',
        `port ${port} on 127.0.0.1 is in use (another demo still running?)`,
        `Stop it, or choose other ports: npm run demo -- --playground-port ${port + 10}`,
      );
    }
    playgrounds.push(port);
  }
  const bot = options.botPort === 0 ? await freePort() : options.botPort;
  if (!(await portIsFree(bot))) {
    throw new DemoError(
      'bot',
      `port ${bot} on 127.0.0.1 is in use (another demo or bot still running?)`,
      `Stop it, or choose another port: PORT=${bot + 1} npm run demo`,
    );
  }
  return { bot, playgrounds };
}

export async function startDemoStack(options: DemoOptions): Promise<DemoStack> {
  const progress = options.progress ?? (() => undefined);
  const timeout = options.readyTimeoutMs ?? 20_000;
  const logDir = path.join(options.workDir, 'logs');
  let people: SeedPeople;
  try {
    people = readSeedPeople(options.seed);
  } catch (error) {
    throw new DemoError(
      'tenant seed',
      `cannot read ${options.seed} (${error instanceof Error ? error.message : String(error)})`,
      'Pass a seed file with --tenant <file>',
    );
  }
  const personas = resolvePersonas(people, options.personas);
  const ports = await choosePorts(options, personas.length);
  const approvals = personas.length > 0 ? approvalsIndex(people, personas) : -1;
  const deskGroup = serviceDeskGroupId(people);

  const stops: Array<() => Promise<void>> = [];
  const stopAll = async () => {
    for (const stop of stops.splice(0).reverse()) await stop().catch(() => undefined);
  };
  const part = async <T>(name: string, next: string, start: () => Promise<T>): Promise<T> => {
    try {
      return await start();
    } catch (error) {
      await stopAll();
      if (error instanceof DemoError) throw error;
      throw new DemoError(name, `did not start (${error instanceof Error ? error.message : String(error)})`, next);
    }
  };

  // Delegated issuance (demo-sso.ts) unless application mode is asked for, or implied by requester delivery.
  const setting = (name: string) => options.botEnv?.[name] ?? process.env[name];
  const delegated =
    (setting('PASS_ISSUANCE') ?? (setting('PASS_DELIVERY') === 'requester' ? 'application' : 'delegated')).toLowerCase() === 'delegated';
  const emulator = await part('emulated tenant', 'Check the seed file (format: test/fixtures/seeds/README.md)', () =>
    startEmulator({ seed: delegated ? delegatedDemoSeed(options.seed) : options.seed }),
  );
  stops.push(() => emulator.close());
  progress(`emulated tenant ${people.tenantName}: ${emulator.graphUrl}`);

  const azurite: RunningAzurite = await part('Azurite', 'Check that node_modules/azurite is installed (npm ci)', () =>
    startAzurite(options.storageDir ? { location: options.storageDir } : {}),
  );
  stops.push(() => azurite.stop());
  progress(`Azurite table storage: ${azurite.tableUrl}${options.storageDir ? ` (kept in ${options.storageDir})` : ' (in memory)'}`);

  const botEnv: NodeJS.ProcessEnv = {
    ...baseEnv(),
    ...options.botEnv,
    ...emulatedBotEnv({
      emulator,
      storageConnectionString: azurite.connectionString,
      tablePrefix: 'tapdesk',
      serviceDeskGroupId: deskGroup,
      // Face Check when the tenant has Verified ID (contoso.json does); the emulated service calls the bot back here.
      faceCheck: { callbackBaseUrl: `http://127.0.0.1:${ports.bot}` },
      ...(approvals >= 0
        ? { approvals: { conversationId: APPROVALS_CHANNEL_ID, serviceUrl: playgroundServiceUrl(ports.playgrounds[approvals] as number) } }
        : {}),
    }),
    PORT: String(ports.bot),
    HOST: '127.0.0.1',
    // The Agents Playground does not render a card with a user-specific refresh ("not supported yet"): it would drop it.
    USER_SPECIFIC_VIEWS: 'false',
    ...(delegated ? { PASS_ISSUANCE: 'delegated', SSO_APP_ID_URI: `api://botid-${emulator.clientId}` } : { PASS_ISSUANCE: 'application' }),
  };
  const botUrl = `http://127.0.0.1:${ports.bot}`;
  await part('bot', `See ${path.join(logDir, 'bot.log')}`, () =>
    startBot({ repoRoot: REPO_ROOT, env: botEnv, url: botUrl, logFile: path.join(logDir, 'bot.log'), readyTimeoutMs: timeout }, (bot) => {
      // The bot drains in-flight turns for up to 10 s on SIGTERM.
      stops.push(() => bot.stop(12_000));
    }),
  );
  progress(`bot: ${botUrl}/api/messages`);
  // The Playground has no SSO: in delegated mode it talks to the bot through a proxy that signs approvers in as Teams would.
  const sso = delegated
    ? await part('SSO proxy', 'See demo-sso.ts', () =>
        startSsoProxy({
          botUrl,
          userTokenUrl: `${emulator.baseUrl}/_emulator/user-token`,
          caCertPath: emulator.caCertPath,
          fallbackFor: (options.ssoFallback ?? []).map((alias) => findPersona(people, alias)?.id ?? alias),
        }),
      )
    : null;
  if (sso) {
    stops.push(() => sso.close());
    progress(`delegated issuance: approvers sign in through Teams SSO, played by ${sso.url}`);
  }
  const playgroundEndpoint = `${sso?.url ?? botUrl}/api/messages`;

  const playgrounds = await part('Agents Playground', `See the *-playground.out files in ${logDir}`, () =>
    Promise.all(
      personas.map(async (persona, i): Promise<RunningPlayground> => {
        const port = ports.playgrounds[i] as number;
        const colleagues = personas.filter((p) => p.id !== persona.id);
        const configPath = writePlaygroundConfig(path.join(options.workDir, 'playground'), { people, current: persona, colleagues });
        const started = await startPlayground(
          {
            name: `Agents Playground for ${persona.alias}`,
            appEndpoint: playgroundEndpoint,
            port,
            configPath,
            logDir,
            env: baseEnv(),
            readyTimeoutMs: timeout,
          },
          (child) => {
            stops.push(() => child.stop(3000));
          },
        );
        return { persona, port, url: started.url, serviceUrl: started.serviceUrl, configPath, hasApprovalsChannel: i === approvals };
      }),
    ),
  );

  return {
    botUrl,
    graphUrl: emulator.graphUrl,
    tokenUrl: emulator.tokenUrl,
    authorityHost: emulator.authorityHost,
    tenantId: emulator.tenantId,
    tenantName: people.tenantName,
    clientId: emulator.clientId,
    caCertPath: emulator.caCertPath,
    storageConnectionString: azurite.connectionString,
    serviceDeskGroupId: deskGroup,
    playgrounds,
    people,
    logDir,
    emulator,
    stop: stopAll,
  };
}
