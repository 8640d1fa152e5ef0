// The metrics of metrics.ts as OpenTelemetry instruments, exported to Application Insights every
// minute (customMetrics, named `tapdesk.*`; infra/README.md has the alerts over them). Loaded only
// with the rest of azure-monitor.ts, i.e. only when a connection string is set.
import type { Resource } from '@opentelemetry/resources';
import { MeterProvider, PeriodicExportingMetricReader, type PushMetricExporter } from '@opentelemetry/sdk-metrics';
import type { MetricsRecorder } from './metrics';

export const METRIC_NAMES = {
  passesIssued: 'tapdesk.passes.issued',
  issuancesFailed: 'tapdesk.issuances.failed',
  refusals: 'tapdesk.refusals',
  graphThrottled: 'tapdesk.graph.throttled',
  approvalsWaiting: 'tapdesk.approvals.waiting',
} as const;

export function createMetrics(
  resource: Resource,
  exporter: PushMetricExporter,
  exportIntervalMillis = 60_000,
): { provider: MeterProvider; recorder: MetricsRecorder } {
  const provider = new MeterProvider({ resource, readers: [new PeriodicExportingMetricReader({ exporter, exportIntervalMillis })] });
  const meter = provider.getMeter('tap-desk');
  const issued = meter.createCounter(METRIC_NAMES.passesIssued, { description: 'Temporary Access Passes created and recorded' });
  const failed = meter.createCounter(METRIC_NAMES.issuancesFailed, { description: 'Issuances that ended failed, by code' });
  const refusals = meter.createCounter(METRIC_NAMES.refusals, { description: 'Requests and decisions refused, by reason code' });
  const throttled = meter.createCounter(METRIC_NAMES.graphThrottled, { description: 'Microsoft Graph 429 answers, by method' });
  // The last count a sweep saw; until the first sweep there is nothing to report.
  let waiting: number | null = null;
  meter.createObservableGauge(METRIC_NAMES.approvalsWaiting, { description: 'Requests waiting for an approver' }).addCallback((result) => {
    if (waiting !== null) result.observe(waiting);
  });
  return {
    provider,
    recorder: {
      passIssued: () => issued.add(1),
      issuanceFailed: (code) => failed.add(1, { code }),
      refused: (reason, stage) => refusals.add(1, { reason, stage }),
      graphThrottled: (method) => throttled.add(1, { method }),
      approvalsWaiting: (count) => {
        waiting = count;
      },
    },
  };
}
