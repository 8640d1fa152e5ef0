// The tracing pipeline Application Insights gets, run with an in-memory exporter: spans carry the
// correlation ids in force, credentials leave URLs, and an idle sweep's polling is not recorded.
import assert from 'node:assert/strict';
import { SpanKind } from '@opentelemetry/api';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { InMemorySpanExporter } from '@opentelemetry/sdk-trace-node';
import { createTracerProvider } from '../../../src/telemetry/azure-monitor';
import { runCorrelated, withRequestId } from '../../../src/log-context';

describe('telemetry: the tracing pipeline', () => {
  const exporter = new InMemorySpanExporter();
  const provider = createTracerProvider(resourceFromAttributes({ 'service.name': 'tap-desk-test' }), exporter);
  const tracer = provider.getTracer('test');

  async function finished() {
    await provider.forceFlush();
    const spans = exporter.getFinishedSpans();
    exporter.reset();
    return spans;
  }

  after(() => provider.shutdown());

  it('tags a dependency with the turn and request ids, and scrubs secret query values', async () => {
    runCorrelated({ turnId: 't-1', activityId: 'a-1' }, () =>
      withRequestId('TAP-0042', () => {
        tracer
          .startSpan('GET', {
            kind: SpanKind.CLIENT,
            attributes: {
              'http.url': 'https://acct.table.core.windows.net/requests()?sv=1&sig=SECRETSIG',
              'url.query': 'code=SECRETCODE&x=1',
            },
          })
          .end();
      }),
    );
    const [span] = await finished();
    assert.ok(span);
    assert.equal(span.attributes.turnId, 't-1');
    assert.equal(span.attributes.activityId, 'a-1');
    assert.equal(span.attributes.requestId, 'TAP-0042');
    assert.equal(span.attributes['http.url'], 'https://acct.table.core.windows.net/requests()?sv=1&sig=REDACTED');
    assert.equal(span.attributes['url.query'], 'code=REDACTED&x=1');
  });

  it("drops an idle sweep's calls but keeps the calls a sweep makes about a request", async () => {
    runCorrelated({ sweepId: 's-1' }, () => {
      tracer.startSpan('list open requests', { kind: SpanKind.CLIENT }).end();
      withRequestId('TAP-0007', () => tracer.startSpan('settle: list passes', { kind: SpanKind.CLIENT }).end());
    });
    tracer.startSpan('readiness token', { kind: SpanKind.CLIENT }).end();
    const names = (await finished()).map((s) => s.name);
    assert.deepEqual(names.sort(), ['readiness token', 'settle: list passes']);
  });
});
