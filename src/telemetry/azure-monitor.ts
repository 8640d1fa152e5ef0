// OpenTelemetry → Application Insights, loaded only when a connection string is set (telemetry.ts).
// Exported: inbound HTTP requests (turns, named with their turn and request ids), outgoing calls as
// dependencies (Graph through fetch/undici; Table Storage, Entra tokens and the Bot Connector through
// node's http), the log lines as traces, and the alerting metrics (azure-monitor-metrics.ts). Bodies are never captured: neither instrumentation
// records them, and no hook here adds one — a TAP create's response and the reply that shows the
// pass both carry the pass value (SECURITY.md: never in telemetry).
import { context, diag, DiagLogLevel, SpanKind, trace, type Attributes, type Context, type Link } from '@opentelemetry/api';
import type { Logger as OtelLogger } from '@opentelemetry/api-logs';
import { registerInstrumentations } from '@opentelemetry/instrumentation';
import { HttpInstrumentation } from '@opentelemetry/instrumentation-http';
import { UndiciInstrumentation } from '@opentelemetry/instrumentation-undici';
import { type Resource, resourceFromAttributes } from '@opentelemetry/resources';
import { BatchLogRecordProcessor, LoggerProvider } from '@opentelemetry/sdk-logs';
import {
  BatchSpanProcessor,
  NodeTracerProvider,
  ParentBasedSampler,
  SamplingDecision,
  type ReadableSpan,
  type Sampler,
  type SamplingResult,
  type Span,
  type SpanExporter,
  type SpanProcessor,
} from '@opentelemetry/sdk-trace-node';
import { ManagedIdentityCredential } from '@azure/identity';
import {
  type AzureMonitorExporterOptions,
  AzureMonitorLogExporter,
  AzureMonitorMetricExporter,
  AzureMonitorTraceExporter,
} from '@azure/monitor-opentelemetry-exporter';
import { correlation } from '../log-context';
import { toLogRecord } from './log-records';
import { createMetrics } from './azure-monitor-metrics';
import { setMetricsRecorder } from './metrics';
import { correlationAttributes, scrubUrl, turnAttributes, URL_ATTRIBUTES } from './span-fields';
import type { Telemetry, TelemetryOptions } from './telemetry';

/** Adds the correlation ids to every dependency span, and keeps credentials out of exported URLs. */
class CorrelationProcessor implements SpanProcessor {
  onStart(span: Span): void {
    span.setAttributes(correlationAttributes(correlation()));
    for (const name of URL_ATTRIBUTES) {
      const value = span.attributes[name];
      if (typeof value !== 'string') continue;
      const scrubbed = name === 'url.query' ? scrubUrl(`?${value}`).slice(1) : scrubUrl(value);
      if (scrubbed !== value) span.setAttribute(name, scrubbed);
    }
  }
  onEnd(_span: ReadableSpan): void {}
  forceFlush(): Promise<void> {
    return Promise.resolve();
  }
  shutdown(): Promise<void> {
    return Promise.resolve();
  }
}

/**
 * Every instance sweeps every 20 s; an idle sweep's one storage query is not worth a dependency
 * record each time. Calls a sweep makes about a request (settling, expiry) are kept.
 */
class IdleSweepSampler implements Sampler {
  shouldSample(
    _context: Context,
    _traceId: string,
    _name: string,
    kind: SpanKind,
    _attributes: Attributes,
    _links: Link[],
  ): SamplingResult {
    const ids = correlation();
    if (kind === SpanKind.CLIENT && ids.sweepId && !ids.requestId) return { decision: SamplingDecision.NOT_RECORD };
    return { decision: SamplingDecision.RECORD_AND_SAMPLED };
  }
  toString(): string {
    return 'IdleSweepSampler';
  }
}

/** Spans with the correlation ids, scrubbed URLs and no idle-sweep noise, batched to `exporter`. */
export function createTracerProvider(resource: Resource, exporter: SpanExporter): NodeTracerProvider {
  return new NodeTracerProvider({
    resource,
    sampler: new ParentBasedSampler({ root: new IdleSweepSampler() }),
    spanProcessors: [new CorrelationProcessor(), new BatchSpanProcessor(exporter)],
  });
}

/**
 * With local authentication off (infra/), Application Insights takes only Entra-authenticated telemetry:
 * the managed identity, holding "Monitoring Metrics Publisher" on the component, signs it.
 */
export function azureMonitorExporterOptions(
  options: Pick<TelemetryOptions, 'connectionString' | 'managedIdentityClientId'>,
): AzureMonitorExporterOptions {
  return {
    connectionString: options.connectionString,
    ...(options.managedIdentityClientId
      ? { credential: new ManagedIdentityCredential({ clientId: options.managedIdentityClientId }) }
      : {}),
  };
}

export function startAzureMonitor(options: TelemetryOptions): Telemetry {
  diag.setLogger(
    {
      error: (message: string) => options.diagnostics('error', message),
      warn: (message: string) => options.diagnostics('warn', message),
      info: () => undefined,
      debug: () => undefined,
      verbose: () => undefined,
    },
    DiagLogLevel.WARN,
  );
  const resource = resourceFromAttributes({ 'service.name': 'tap-desk' });
  const exporterOptions = azureMonitorExporterOptions(options);
  const tracerProvider = createTracerProvider(resource, new AzureMonitorTraceExporter(exporterOptions));
  tracerProvider.register();
  const loggerProvider = new LoggerProvider({
    resource,
    processors: [new BatchLogRecordProcessor({ exporter: new AzureMonitorLogExporter(exporterOptions) })],
  });
  const otelLogger: OtelLogger = loggerProvider.getLogger('tap-desk');
  const meters = createMetrics(resource, new AzureMonitorMetricExporter(exporterOptions));
  setMetricsRecorder(meters.recorder);
  registerInstrumentations({
    tracerProvider,
    instrumentations: [
      // Liveness probes come every few seconds from the platform: not worth a request record each.
      new HttpInstrumentation({ ignoreIncomingRequestHook: (request) => request.url === '/healthz' }),
      new UndiciInstrumentation(),
    ],
  });
  // The http instrumentation patches node's http and https on their next require; restify and the
  // storage and connector clients were loaded before this ran, so require them now.
  require('http');
  require('https');
  return {
    forwardLog(line: string): void {
      const record = toLogRecord(line);
      if (record) otelLogger.emit({ ...record, context: context.active() });
    },
    turnEnded(turn): void {
      // Still inside the inbound request's handler: the active span is that request's.
      trace.getActiveSpan()?.setAttributes(turnAttributes(turn));
    },
    async shutdown(timeoutMs = 5000): Promise<void> {
      let timer: NodeJS.Timeout | undefined;
      const bound = new Promise<void>((resolve) => {
        timer = setTimeout(resolve, timeoutMs);
        timer.unref();
      });
      setMetricsRecorder(null);
      await Promise.race([Promise.allSettled([tracerProvider.shutdown(), loggerProvider.shutdown(), meters.provider.shutdown()]), bound]);
      clearTimeout(timer);
    },
  };
}
