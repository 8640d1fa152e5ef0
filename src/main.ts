// Composition root: config → adapters → use cases → HTTP server. The only file that knows everything.
import type { Server } from 'restify';
import { ConfigError, loadConfig, type Config } from './config';
import { createLogger, type Logger } from './logger';
import { createStores } from './store/create-stores';
import { GRAPH_SCOPE, createGraphClient } from './graph/client';
import { rolesOfToken } from './graph/token-roles';
import { GraphDirectory } from './graph/directory';
import { createAdapter } from './teams/adapter';
import { TapDeskBot } from './teams/bot';
import { configuredApprovals, createHandlers } from './teams/handlers';
import { Conversations } from './teams/conversations';
import { TeamsNotifier } from './teams/notifier';
import { CardRenderer } from './teams/cards/renderer';
import { createHttpServer } from './http/server';
import { createReadinessChecks } from './http/readiness';
import { createUseCases } from './app';
import { startSweeper } from './app/requests/sweep';
import { InFlight } from './http/in-flight';
import type { Clock } from './app/kernel/ports';
import { startTelemetryIfConfigured, type Telemetry } from './telemetry/telemetry';
import { delegatedIssuance } from './delegated-issuance';
import { RequestTargets } from './app/requests/targets';
import { Outbox } from './app/kernel/outbox';
import { ConversationPacer } from './teams/pacer';
import { classifyConnectorError } from './teams/connector-errors';
import type { Notice } from './teams/notifier';
import { RequestService } from './verified-id/request-service';
import { HeldTokenCredential } from './graph/held-token';

export interface RunningApp {
  url: string;
  port: number;
  /** Runs one sweep for due work now (expiry, reminders, settling); the timer does the same. */
  sweepNow(): Promise<unknown>;
  /** Posts and card updates still waiting in the outbox (all instances'). */
  outboxPending(): Promise<number>;
  stop(): Promise<void>;
}

export interface StartOptions {
  clock?: Clock;
  logger?: Logger;
  /** Seconds between sweeps for due work (expiry, reminders, settling); 0 turns the sweeper off. */
  sweepSeconds?: number;
  /** Application Insights export, started by main() before anything else (telemetry/telemetry.ts). */
  telemetry?: Telemetry | null;
}

const systemClock: Clock = { now: () => new Date() };

export async function startTapDesk(config: Config, options: StartOptions = {}): Promise<RunningApp> {
  const telemetry = options.telemetry ?? null;
  const logger =
    options.logger ?? createLogger({ level: config.logLevel, forward: telemetry ? (line) => telemetry.forwardLog(line) : undefined });
  const clock = options.clock ?? systemClock;
  if (config.mode === 'demo') {
    logger.warn('DEMO MODE: inbound Bot Framework authentication is OFF. Never run this mode where Teams can reach it.');
  }
  const stores = await createStores({
    ...config.storage,
    managedIdentityClientId: config.graph.useManagedIdentity ? config.graph.clientId : null,
  });
  const graph = createGraphClient({
    tenantId: config.graph.tenantId,
    clientId: config.graph.clientId,
    clientSecret: config.graph.clientSecret ?? undefined,
    certificatePath: config.graph.certificatePath ?? undefined,
    managedIdentityClientId: config.graph.useManagedIdentity ? config.graph.clientId : undefined,
    authorityHost: config.graph.authorityHost,
    graphBaseUrl: config.graph.baseUrl,
  });
  const grantedPermissions = async () => rolesOfToken((await graph.credential.getToken(GRAPH_SCOPE))?.token ?? '');
  const directory = new GraphDirectory(graph.client, { policyCacheSeconds: config.policyCacheSeconds, clock, logger, grantedPermissions });
  const cards = new CardRenderer();
  const adapter = createAdapter(config);
  const conversations = new Conversations(stores.kv, configuredApprovals(config));
  const inFlight = new InFlight();
  const pacer = new ConversationPacer();
  const outbox: Outbox<Notice> = new Outbox<Notice>({
    kv: stores.kv,
    logger,
    deliver: (notice) => notifier.deliver(notice),
    classify: classifyConnectorError,
    pace: (conversationId) => pacer.take(conversationId),
    holdBack: (conversationId, ms) => pacer.holdBack(conversationId, ms),
  });
  const notifier: TeamsNotifier = new TeamsNotifier({
    adapter,
    appId: config.bot.appId ?? '',
    cards,
    conversations,
    clock,
    logger,
    approversTag: config.approversTag,
    userSpecificViews: config.userSpecificViews,
    afterTurn: (task) => inFlight.track(task),
    outbox,
    readRequest: (requestId) => useCases.currentRequest(requestId),
  });
  const signIn = delegatedIssuance(config, { stores, directory, clock, logger });
  // Face Check (optional): the app's own credential, for the Request Service's audience.
  const verifiedId = config.faceCheck ? new RequestService(new HeldTokenCredential(graph.credential), config.faceCheck) : null;
  const useCases = createUseCases({
    config,
    stores,
    directory,
    notifier,
    clock,
    logger,
    approverSessions: signIn?.sessions ?? null,
    requestTargets: new RequestTargets(),
    verifiedId,
  });
  const bot = new TapDeskBot(createHandlers({ config, useCases, cards, conversations, logger, clock, signIn }), logger);
  adapter.onTurnError = async (context, error) => {
    logger.error({ err: error, activityType: context.activity.type }, 'turn failed');
    if (context.activity.type === 'message') {
      await context
        .sendActivity(
          'Sorry, I could not finish that. Nothing was changed. Please try again in a minute; if it keeps failing, contact the help desk.',
        )
        .catch(() => undefined);
    }
  };
  const server: Server = createHttpServer({
    adapter,
    logic: (context) => bot.run(context),
    readiness: createReadinessChecks({
      stores,
      credential: graph.credential,
      directory,
      issuance: config.passIssuance,
      refuseHighRisk: config.refuseHighRisk,
      verifiedId,
    }),
    logger,
    maxBodyBytes: config.maxBodyBytes,
    inFlight,
    readinessKey: config.readinessKey,
    turnEnded: telemetry ? (turn) => telemetry.turnEnded(turn) : undefined,
    verifiedIdCallback: {
      allowed: (requestId, apiKey) => useCases.faceCheckCallbackAllowed(requestId, apiKey),
      receive: (input) => useCases.receiveFaceCheckCallback(input),
    },
  });
  await new Promise<void>((resolve) => server.listen(config.port, config.host, resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  const sweeper = startSweeper({ run: () => useCases.sweep(), logger, intervalSeconds: options.sweepSeconds ?? 20 });
  // Posts and updates left by an instance that stopped, or held back by Teams, go out from here too.
  outbox.start(config.outboxDrainSeconds * 1000);
  logger.info({ port, mode: config.mode, tenantId: config.tenantId, passIssuance: config.passIssuance }, 'TAP Desk is listening');

  return {
    url: `http://${config.host === '0.0.0.0' ? '127.0.0.1' : config.host}:${port}`,
    port,
    sweepNow: () => useCases.sweep(),
    outboxPending: () => outbox.pending(),
    async stop() {
      sweeper.stop();
      outbox.stop();
      await inFlight.drain(10_000);
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        // Keep-alive connections would hold close() open; turns have finished by now.
        (server.server as { closeAllConnections?: () => void }).closeAllConnections?.();
      });
      logger.info('TAP Desk stopped');
      // Last, so the lines above (and the last turns' records) are sent too.
      await telemetry?.shutdown();
    },
  };
}

async function main(): Promise<void> {
  let config: Config;
  try {
    config = loadConfig(process.env);
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`tap-desk: configuration error: ${error.message}\n`);
      process.exit(1);
    }
    throw error;
  }
  try {
    // Before the app's clients and server exist, so their calls are instrumented from the first one.
    const diagnostics = createLogger({ level: 'warn', base: { service: 'tap-desk', component: 'telemetry' }, destination: process.stderr });
    const telemetry = startTelemetryIfConfigured(config.appInsightsConnectionString, config.appInsightsClientId, (level, message) =>
      diagnostics[level](message),
    );
    const app = await startTapDesk(config, { telemetry });
    let stopping = false;
    const stop = (signal: string) => {
      if (stopping) return;
      stopping = true;
      process.stderr.write(`tap-desk: ${signal}, finishing in-flight turns\n`);
      app.stop().then(
        () => process.exit(0),
        () => process.exit(1),
      );
    };
    process.on('SIGTERM', () => stop('SIGTERM'));
    process.on('SIGINT', () => stop('SIGINT'));
  } catch (error) {
    process.stderr.write(`tap-desk: could not start: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  }
}

if (require.main === module) void main();
