// Structured JSON logs (pino). Tokens and pass values must never reach a log line: known secret
// fields are redacted by path. Every line carries the correlation ids in force (turn, sweep, TAP
// request; see log-context.ts). Whatever else receives the lines (telemetry) gets them after
// redaction, from the destination.
import pino, { type Logger } from 'pino';
import { correlation } from './log-context';

export type { Logger };

const REDACT_PATHS = [
  'temporaryAccessPass',
  '*.temporaryAccessPass',
  '*.*.temporaryAccessPass',
  'pass.value',
  '*.pass.value',
  'authorization',
  'Authorization',
  '*.authorization',
  '*.Authorization',
  'headers.authorization',
  '*.headers.authorization',
  'req.headers.authorization',
  'access_token',
  '*.access_token',
  'client_secret',
  '*.client_secret',
  'clientSecret',
  '*.clientSecret',
  // Delegated issuance: the approver's SSO token (an invoke's value.authentication), the on-behalf-of
  // assertion and the delegated Graph token. None is logged on purpose; these catch an accident.
  'token',
  '*.token',
  '*.*.token',
  'authentication.token',
  '*.authentication.token',
  '*.*.authentication.token',
  'userAssertionToken',
  '*.userAssertionToken',
  'assertion',
  '*.assertion',
  'refresh_token',
  '*.refresh_token',
  'id_token',
  '*.id_token',
];

export interface LoggerOptions {
  level: string;
  destination?: pino.DestinationStream;
  base?: Record<string, unknown>;
  /** Also given each serialised line, after redaction (telemetry's log export). Must not throw. */
  forward?: (line: string) => void;
}

export function createLogger(options: LoggerOptions): Logger {
  return pino(
    {
      level: options.level,
      base: options.base ?? { service: 'tap-desk' },
      redact: { paths: REDACT_PATHS, censor: '[redacted]' },
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
      // Fields given to a log call win over these (pino's default merge).
      mixin: () => ({ ...correlation() }),
    },
    options.forward ? tee(options.destination ?? pino.destination(1), options.forward) : options.destination,
  );
}

/** Writes each line to the destination, then forwards it; a failing forward never breaks logging. */
function tee(destination: pino.DestinationStream, forward: (line: string) => void): pino.DestinationStream {
  return {
    write(line: string) {
      destination.write(line);
      try {
        forward(line);
      } catch {
        // Telemetry is best effort; the line is already in the log.
      }
    },
  };
}
