// `npm run demo`: the whole of TAP Desk on this machine with no Microsoft account — emulated tenant,
// Azurite, the bot, and one Microsoft 365 Agents Playground per persona. Ctrl-C stops all of it.
//   npm run demo [-- --as alexw] [--approver meganb|none] [--personas a,b,c] [--tenant seed.json]
//                [--playground-port 56150] [--persist] [--work-dir DIR] [--headless]
//   PORT=3978 sets the bot's port (0: any free port).
import path from 'node:path';
import { parseArgs } from 'node:util';
import {
  DEFAULT_BOT_PORT,
  DEFAULT_PLAYGROUND_PORT,
  DEFAULT_SEED,
  DemoError,
  type DemoStack,
  REPO_ROOT,
  startDemoStack,
} from './demo-stack';
import { watchLaunchers } from './processes';
import { canApproveTenantWide, findPersona, readSeedPeople } from './seed-people';

interface Args {
  headless: boolean;
  seed: string;
  as: string | null;
  approver: string | null;
  personas: string[] | null;
  playgroundPort: number;
  persist: boolean;
  workDir: string;
  help: boolean;
}

const USAGE = `usage: npm run demo -- [--as <alias|upn>] [--approver <alias|upn|none>] [--personas a,b,c]
                        [--tenant <seed.json>] [--playground-port N] [--persist] [--work-dir DIR] [--headless]
  --as              who chats in the first Playground (default alexw)
  --approver        who gets a second Playground, to approve (default meganb; none: only one Playground)
  --personas        one Playground per person on consecutive ports (replaces --as/--approver)
                    Approval cards go to the "TAP approvals" channel in the Playground of the first of them
                    who holds a tenant-wide admin role that may issue passes (else the last one)
  --tenant          emulated tenant seed (default test/fixtures/seeds/contoso.json)
  --playground-port port of the first Playground (default ${DEFAULT_PLAYGROUND_PORT}); PORT=N sets the bot's (default ${DEFAULT_BOT_PORT})
  --persist         keep requests and audit in .local/demo-azurite between runs (the emulated tenant always starts fresh)
  --work-dir        generated Playground configs and logs (default .local/demo)
  --headless        no Playground: print one JSON line {"ready":true,...} for scripts and tests`;

class UsageError extends Error {}

function port(value: string | undefined, what: string): number {
  if (value === undefined || !/^\d+$/.test(value.trim()) || Number(value) > 65535) {
    throw new UsageError(`${what} must be a port number from 0 to 65535, got "${value ?? ''}"`);
  }
  return Number(value);
}

/** Options parsed by node:util parseArgs (strict: an unknown option or a missing value is a usage error). */
function readArgs(argv: string[]): Args {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      strict: true,
      allowPositionals: false,
      options: {
        headless: { type: 'boolean' },
        persist: { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
        tenant: { type: 'string' },
        as: { type: 'string' },
        approver: { type: 'string' },
        personas: { type: 'string' },
        'playground-port': { type: 'string' },
        'work-dir': { type: 'string' },
      },
    }));
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    throw new UsageError(`${message.replace(/\s*\n\s*/g, ' ')} (see npm run demo -- --help)`);
  }
  const needsValue = (name: string, value: string | undefined) => {
    if (value?.trim() === '') throw new UsageError(`--${name} needs a value`);
    return value;
  };
  const tenant = needsValue('tenant', values.tenant);
  const personas = needsValue('personas', values.personas);
  const playgroundPort = needsValue('playground-port', values['playground-port']);
  const workDir = needsValue('work-dir', values['work-dir']);
  return {
    headless: values.headless ?? false,
    persist: values.persist ?? false,
    help: values.help ?? false,
    seed: tenant === undefined ? DEFAULT_SEED : path.resolve(tenant),
    as: needsValue('as', values.as) ?? null,
    approver: needsValue('approver', values.approver) ?? null,
    personas:
      personas === undefined
        ? null
        : personas
            .split(',')
            .map((s) => s.trim())
            .filter(Boolean),
    playgroundPort: playgroundPort === undefined ? DEFAULT_PLAYGROUND_PORT : port(playgroundPort, '--playground-port'),
    workDir: workDir === undefined ? path.join(REPO_ROOT, '.local', 'demo') : path.resolve(workDir),
  };
}

/** Default cast: Alex asks, Megan approves; in another tenant the first user asks and the first admin approves. */
function personasFor(args: Args): string[] {
  if (args.headless) return [];
  if (args.personas) return args.personas;
  let people;
  try {
    people = readSeedPeople(args.seed);
  } catch {
    return []; // startDemoStack reports the unreadable seed
  }
  const first = args.as ?? (findPersona(people, 'alexw') ? 'alexw' : (people.users[0]?.userPrincipalName as string));
  if (args.approver?.toLowerCase() === 'none') return [first];
  const firstId = findPersona(people, first)?.id;
  const approver =
    args.approver ??
    (findPersona(people, 'meganb')
      ? 'meganb'
      : people.users.find((u) => u.id !== firstId && canApproveTenantWide(people, u.id))?.userPrincipalName);
  return approver ? [first, approver] : [first];
}

function describe(stack: DemoStack): string {
  const lines = [
    ``,
    `TAP Desk demo is running: tenant ${stack.tenantName} (${stack.people.users.length} users), auth OFF (demo mode).`,
    ``,
  ];
  for (const pg of stack.playgrounds) {
    const role = pg.hasApprovalsChannel
      ? `chat with the bot; approvals arrive in ${stack.tenantName} IT > TAP approvals`
      : 'chat with the bot';
    lines.push(`  ${pg.persona.displayName} (${pg.persona.alias})`.padEnd(30) + ` ${pg.url}   ${role}`);
  }
  const requester = stack.playgrounds[0];
  const approver = stack.playgrounds.find((p) => p.hasApprovalsChannel && p !== requester);
  lines.push(``, `Open each address in its own browser window; each is one person in Teams.`);
  if (requester)
    lines.push(
      `  1. As ${requester.persona.displayName}: type "I lost my phone" (or "help") in the personal chat and submit the request card.`,
    );
  if (approver) {
    lines.push(
      `  2. As ${approver.persona.displayName}: open the team "${stack.tenantName} IT", channel "TAP approvals"; approve or deny the card.`,
    );
    lines.push(
      `  3. Back as ${requester?.persona.displayName}: type "status". As ${approver.persona.displayName}: "status ${requester?.persona.alias}", "pending".`,
    );
  } else if (requester) {
    lines.push(
      `  Approval cards go to this Playground's "TAP approvals" channel. Add an approver: npm run demo -- --as ${requester.persona.alias} --approver meganb`,
    );
  }
  lines.push(
    ``,
    `  Someone else: npm run demo -- --as <alias> [--approver <alias>]   (aliases: the UPN before @, e.g. diegos)`,
    `  bot ${stack.botUrl}/api/messages   Graph ${stack.graphUrl}   logs ${stack.logDir}`,
    ``,
    `Ctrl-C stops everything.`,
  );
  return lines.join('\n');
}

function readyLine(stack: DemoStack): string {
  return JSON.stringify({
    ready: true,
    botUrl: stack.botUrl,
    graphUrl: stack.graphUrl,
    tokenUrl: stack.tokenUrl,
    authorityHost: stack.authorityHost,
    tenantId: stack.tenantId,
    clientId: stack.clientId,
    caCertPath: stack.caCertPath,
    storageConnectionString: stack.storageConnectionString,
    serviceDeskGroupId: stack.serviceDeskGroupId,
    ...(stack.playgrounds[0] ? { playgroundUrl: stack.playgrounds[0].url } : {}),
    playgrounds: stack.playgrounds.map((p) => ({
      persona: p.persona.alias,
      userId: p.persona.id,
      url: p.url,
      approvalsChannel: p.hasApprovalsChannel,
    })),
  });
}

async function main(): Promise<number> {
  let args: Args;
  let botPort: number;
  try {
    args = readArgs(process.argv.slice(2));
    botPort =
      process.env.PORT === undefined || process.env.PORT.trim() === '' ? DEFAULT_BOT_PORT : port(process.env.PORT, 'PORT (the bot port)');
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    process.stderr.write(`demo: ${error.message}\n`);
    return 2;
  }
  if (args.help) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }

  // Signals that arrive while starting must still stop what has started: remember and act after.
  let stopRequested: string | null = null;
  let stack: DemoStack | null = null;
  const finished = new Promise<number>((resolve) => {
    const onSignal = (reason: string) => {
      if (stopRequested) {
        process.stderr.write('demo: stopping now\n');
        process.exit(1); // the children's process groups are killed on exit
      }
      stopRequested = reason;
      if (stack) {
        process.stderr.write(`demo: ${reason}, stopping everything\n`);
        void stack.stop().then(() => resolve(0));
      }
    };
    for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.on(signal, () => onSignal(signal));
    // npm and tsx exit on SIGTERM without passing it on; their going away means "stop" as well.
    watchLaunchers(3, (pid) => onSignal(`launcher ${pid} exited`));

    startDemoStack({
      seed: args.seed,
      botPort,
      personas: personasFor(args),
      playgroundPort: args.playgroundPort,
      workDir: args.workDir,
      storageDir: args.persist ? path.join(REPO_ROOT, '.local', 'demo-azurite') : null,
      progress: (line) => process.stderr.write(`demo: ${line}\n`),
    }).then(
      (started) => {
        stack = started;
        if (stopRequested) return void started.stop().then(() => resolve(0));
        process.stdout.write(`${args.headless ? readyLine(started) : describe(started)}\n`);
      },
      (error: unknown) => {
        process.stderr.write(
          `demo: ${error instanceof DemoError ? error.message : `failed to start: ${error instanceof Error ? error.stack : String(error)}`}\n`,
        );
        resolve(1);
      },
    );
  });
  return finished;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`demo: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  },
);
