// Structured JSON logs (pino). Tokens and pass values must never reach a log line: known secret
// fields are redacted by path, and `scrub` removes any registered secret value from a string.
import pino, { type Logger } from 'pino';

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
];

export function createLogger(options: { level: string; destination?: pino.DestinationStream; base?: Record<string, unknown> }): Logger {
  return pino(
    {
      level: options.level,
      base: options.base ?? { service: 'tap-desk' },
      redact: { paths: REDACT_PATHS, censor: '[redacted]' },
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
    },
    options.destination,
  );
}
