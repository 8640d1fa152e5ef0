// Telemetry's face to the rest of the app, and the switch: with no Application Insights connection
// string nothing of OpenTelemetry is loaded (start-up time and memory stay as they were); with one,
// azure-monitor.ts is required here, before the HTTP server and clients are created.
import type { TurnSummary } from '../http/server';

export interface Telemetry {
  /** Forwards one serialised (already redacted) pino line as a log record. */
  forwardLog(line: string): void;
  /** Names the inbound HTTP request of a turn that just ended with its correlation ids. */
  turnEnded(turn: TurnSummary): void;
  /** Sends everything buffered, then stops; never waits longer than `timeoutMs`. */
  shutdown(timeoutMs?: number): Promise<void>;
}

export interface TelemetryOptions {
  connectionString: string;
  /** Managed identity whose Entra token authenticates the export (Application Insights with local auth off); null: the connection string's key. */
  managedIdentityClientId: string | null;
  /** Where the exporters' own problems go (not the forwarding logger: a failing export must not loop). */
  diagnostics: (level: 'warn' | 'error', message: string) => void;
}

export function startTelemetryIfConfigured(
  connectionString: string | null,
  managedIdentityClientId: string | null,
  diagnostics: TelemetryOptions['diagnostics'],
): Telemetry | null {
  if (!connectionString) return null;
  // Lazy on purpose: this require is the only way OpenTelemetry gets into the process.
  const { startAzureMonitor } = require('./azure-monitor') as typeof import('./azure-monitor');
  return startAzureMonitor({ connectionString, managedIdentityClientId, diagnostics });
}
