// One Microsoft 365 Agents Playground (the Teams stand-in) as a child process. The CLI has no host
// flag and would listen on every interface; loopback-only.cjs keeps it on 127.0.0.1. Its config
// file and log file are found through environment variables (read from the package's dist/index.js:
// M365_AGENTS_PLAYGROUND_CONFIG_PATH, M365_AGENTS_PLAYGROUND_LOGFILE; else ./.m365agentsplayground.yml
// and ./devTools/ in the working directory).
import path from 'node:path';
import { type Child, EXIT_WITH_PARENT, startChild } from './processes';

const PLAYGROUND_CLI = require.resolve('@microsoft/m365agentsplayground/cli.js');
const LOOPBACK_ONLY = path.join(__dirname, 'loopback-only.cjs');

export interface PlaygroundOptions {
  name: string;
  /** The bot's messaging endpoint, e.g. http://127.0.0.1:3978/api/messages. */
  appEndpoint: string;
  port: number;
  configPath: string;
  logDir: string;
  /** The environment to start from (the Playground needs nothing of ours). */
  env: NodeJS.ProcessEnv;
  readyTimeoutMs: number;
}

export interface StartedPlayground {
  child: Child;
  url: string;
  /** Where the bot sends its replies (the Playground's emulated Bot Framework connector). */
  serviceUrl: string;
}

export function playgroundServiceUrl(port: number): string {
  return `http://127.0.0.1:${port}/_connector`;
}

/** Starts it and waits for "Listening on <port>"; on failure the child is stopped and the error explains. */
export async function startPlayground(
  options: PlaygroundOptions,
  onStarted: (child: Child) => void = () => undefined,
): Promise<StartedPlayground> {
  const { port } = options;
  const serviceUrl = playgroundServiceUrl(port);
  const child = startChild(
    options.name,
    process.execPath,
    [
      '-r',
      EXIT_WITH_PARENT,
      '-r',
      LOOPBACK_ONLY,
      PLAYGROUND_CLI,
      '--app-endpoint',
      options.appEndpoint,
      '--channel-id',
      'msteams',
      '--port',
      String(port),
      '--service-url',
      serviceUrl,
      '--disable-telemetry',
    ],
    {
      cwd: path.dirname(options.configPath),
      env: {
        ...options.env,
        TEAMSAPPTESTER_BROWSER: 'none',
        M365_AGENTS_PLAYGROUND_CONFIG_PATH: options.configPath,
        M365_AGENTS_PLAYGROUND_LOGFILE: path.join(
          options.logDir,
          `${path.basename(options.configPath, '.m365agentsplayground.yml')}-playground.log`,
        ),
      },
      logFile: path.join(options.logDir, `${path.basename(options.configPath, '.m365agentsplayground.yml')}-playground.out`),
    },
  );
  onStarted(child);
  try {
    const match = await child.waitFor(/Listening on (\d+)/, options.readyTimeoutMs);
    // The Playground silently moves to a random port when its port is taken (a race with our check).
    if (Number(match[1]) !== port) throw new Error(`it took port ${match[1]} instead of ${port}, which was taken meanwhile`);
  } catch (error) {
    const said = child
      .tail(5)
      .filter((l) => !/^\s*at\s/.test(l))
      .slice(-1)[0];
    await child.stop(1000);
    throw new Error(`${error instanceof Error ? error.message : String(error)}${said ? `: ${said.trim()}` : ''}`, { cause: error });
  }
  return { child, url: `http://127.0.0.1:${port}`, serviceUrl };
}
