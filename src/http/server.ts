// restify: POST /api/messages, GET /healthz, GET /readyz (status for anyone, details only with the
// readiness key: readiness-access.ts). Input is checked here before botbuilder
// sees it: media type (415: JSON only, json-body.ts), body size (413), JSON and activity shape (400);
// no restify body parser is used, so nothing reaches the disk. Any inbound authentication failure is 401
// without detail (botbuilder would answer some of them with 500 and the error text). Each turn runs
// under its own correlation ids (log-context.ts) and ends with one `turn` log line.
import { randomUUID } from 'node:crypto';
import restify, { type Server } from 'restify';
import type { Activity, TurnContext } from 'botbuilder';
import type { TapDeskAdapter } from '../teams/adapter';
import type { Logger } from '../logger';
import { requestIdsOfTurn, runCorrelated } from '../log-context';
import { validateActivity } from './activity-shape';
import { type TurnCorrelation, turnCorrelation } from './turn-correlation';
import { TurnGate } from './turn-gate';
import { readJsonBody } from './json-body';
import { mayReadDetails, READINESS_KEY_HEADER } from './readiness-access';
import { type CallbackReceiver, VERIFIED_ID_CALLBACK_PATH, registerVerifiedIdCallback } from './verified-id-callback';

export interface ReadinessCheck {
  name: string;
  run(): Promise<{ ok: boolean; detail?: string; missing?: string[]; [more: string]: unknown }>;
}

export interface HttpDeps {
  adapter: TapDeskAdapter;
  logic: (context: TurnContext) => Promise<void>;
  readiness: ReadinessCheck[];
  logger: Logger;
  maxBodyBytes: number;
  /** Raised when a turn is admitted; lets graceful shutdown wait for in-flight turns. */
  inFlight: { enter(): void; leave(): void; draining(): boolean };
  /** How many turns run at once and how many may wait (default DEFAULT_TURN_LIMITS). */
  turns?: TurnGate;
  /** Secret a caller sends in the X-Readyz-Key header to see /readyz details; null: nobody sees them over HTTP. */
  readinessKey?: string | null;
  /** Told of each finished turn while its HTTP request is still current (telemetry names the request with it). */
  turnEnded?: (turn: TurnSummary) => void;
  /** Verified ID's Face Check callbacks (POST /api/verifiedid/callback, its own key and body limit). */
  verifiedIdCallback?: CallbackReceiver;
}

export interface TurnSummary extends TurnCorrelation {
  status: number;
  requestIds: string[];
}

export function createHttpServer(deps: HttpDeps): Server {
  const server = restify.createServer({ name: 'tap-desk', handleUncaughtExceptions: false });
  const turns = deps.turns ?? new TurnGate();
  server.pre((req, res, next) => {
    const length = Number(req.headers['content-length'] ?? 0);
    // The callback route has its own limit, checked only after its key (verified-id-callback.ts).
    const ownLimit = deps.verifiedIdCallback && req.getPath() === VERIFIED_ID_CALLBACK_PATH;
    if (length > deps.maxBodyBytes && !ownLimit) {
      res.send(413, { error: 'Request body too large' });
      return next(false);
    }
    return next();
  });

  server.get('/healthz', (_req, res, next) => {
    res.send(200, { status: 'ok' });
    return next();
  });

  server.get('/readyz', async (req, res) => {
    const results = await Promise.all(
      deps.readiness.map(async (check) => {
        try {
          return { name: check.name, ...(await check.run()) };
        } catch (error) {
          return { name: check.name, ok: false, detail: error instanceof Error ? error.message : String(error) };
        }
      }),
    );
    const ok = results.every((r) => r.ok) && !deps.inFlight.draining();
    const status = ok ? 'ready' : 'not ready';
    // Permissions, licences and error text describe the tenant: only a caller holding the key sees them.
    const details = mayReadDetails(req.headers[READINESS_KEY_HEADER], deps.readinessKey ?? null);
    res.send(ok ? 200 : 503, details ? { status, checks: results } : { status });
  });

  if (deps.verifiedIdCallback) registerVerifiedIdCallback(server, deps.verifiedIdCallback, deps.logger, deps.inFlight);

  server.post('/api/messages', async (req, res) => {
    if (deps.inFlight.draining()) {
      res.send(503, { error: 'Shutting down' });
      return;
    }
    const body = await readJsonBody(req, deps.maxBodyBytes);
    if (!body.ok) {
      // Whatever of the body was not read, node discards after the answer (never buffered or stored).
      res.send(body.status, { error: body.error });
      return;
    }
    const shape = validateActivity(body.value);
    if (!shape.ok) {
      res.send(400, { error: shape.error });
      return;
    }
    const authHeader = String(req.headers.authorization ?? '');
    const turn = turnCorrelation(shape.activity, randomUUID);
    const started = Date.now();
    deps.inFlight.enter();
    const release = await turns.enter(body.bytes);
    if (!release) {
      deps.inFlight.leave();
      deps.logger.warn({ waiting: turns.waiting }, 'turn refused: this instance has as many turns waiting as it takes');
      res.header('Retry-After', '1');
      res.send(503, { error: 'Busy, try again' });
      return;
    }
    await runCorrelated({ turnId: turn.turnId, activityId: turn.activityId }, async () => {
      try {
        let answer: { status: number; body?: unknown };
        try {
          const invokeResponse = await deps.adapter.processRequest(authHeader, shape.activity as unknown as Activity, deps.logic);
          answer = { status: invokeResponse?.status ?? 200, body: invokeResponse?.body };
        } catch (error) {
          // Turn errors are handled by the adapter's onTurnError and never reach here, so an error
          // at this point came from authenticating the request.
          deps.logger.warn(
            { err: error instanceof Error ? { name: error.name, message: error.message } : String(error) },
            'inbound request refused',
          );
          answer = { status: 401 };
        }
        endTurn(turn, answer.status, started);
        if (answer.body !== undefined) res.send(answer.status, answer.body);
        else res.send(answer.status);
      } finally {
        release();
        deps.inFlight.leave();
      }
    });
  });

  /** Before the answer goes out, while the HTTP request (and its telemetry) is still open. */
  function endTurn(turn: TurnCorrelation, status: number, started: number): void {
    const summary: TurnSummary = { ...turn, status, requestIds: requestIdsOfTurn() };
    // One line per turn, like an access log; it names the request(s) the turn worked on.
    const requestId = summary.requestIds.join(',') || undefined;
    deps.logger.info(
      { activityType: turn.activityType, invokeName: turn.invokeName, verb: turn.verb, requestId, status, ms: Date.now() - started },
      'turn',
    );
    try {
      deps.turnEnded?.(summary);
    } catch (error) {
      deps.logger.warn({ err: error }, 'telemetry could not name the turn');
    }
  }

  server.on('restifyError', (req, res, err, callback) => {
    // Keep restify's error bodies short: no stack, no internal message for 5xx.
    const status = typeof err.statusCode === 'number' ? err.statusCode : 500;
    err.toJSON = () => ({ error: status >= 500 ? 'Internal error' : err.message });
    return callback();
  });
  return server;
}
