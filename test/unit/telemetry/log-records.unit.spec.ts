// Log lines → telemetry records: what is forwarded is pino's own serialised line, after redaction;
// a failing forward never breaks logging.
import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import { createLogger } from '../../../src/logger';
import { toLogRecord } from '../../../src/telemetry/log-records';

function sink(): { destination: Writable; text: () => string } {
  const chunks: string[] = [];
  return {
    destination: new Writable({
      write(chunk: Buffer, _encoding, callback) {
        chunks.push(chunk.toString('utf8'));
        callback();
      },
    }),
    text: () => chunks.join(''),
  };
}

describe('telemetry: log lines as records', () => {
  it('forwards each serialised line after redaction, and still writes it to the log', () => {
    const out = sink();
    const forwarded: string[] = [];
    const logger = createLogger({ level: 'info', destination: out.destination, forward: (line) => forwarded.push(line) });
    logger.warn({ requestId: 'TAP-0042', temporaryAccessPass: 'Xy7#secret-pass', headers: { authorization: 'Bearer abc.def' } }, 'careful');
    assert.equal(forwarded.length, 1);
    assert.equal(out.text(), forwarded[0], 'the same bytes as the log');
    assert.ok(!forwarded[0]!.includes('Xy7#secret-pass') && !forwarded[0]!.includes('abc.def'));
    const record = toLogRecord(forwarded[0]!);
    assert.ok(record);
    assert.equal(record.attributes.temporaryAccessPass, '[redacted]');
    assert.equal(record.attributes.headers, JSON.stringify({ authorization: '[redacted]' }));
  });

  it('keeps logging when the forward throws', () => {
    const out = sink();
    const logger = createLogger({
      level: 'info',
      destination: out.destination,
      forward: () => {
        throw new Error('exporter broke');
      },
    });
    logger.info('one');
    logger.info('two');
    assert.equal(out.text().split('\n').filter(Boolean).length, 2);
  });

  it('maps level, message, time and fields (nested ones as JSON)', () => {
    const record = toLogRecord(
      JSON.stringify({
        level: 'error',
        time: '2026-12-01T09:00:00.000Z',
        service: 'tap-desk',
        turnId: 't1',
        requestId: 'TAP-0001',
        ms: 12,
        ok: false,
        graph: { status: 429 },
        none: null,
        msg: 'Microsoft Graph request failed',
      }) + '\n',
    );
    assert.deepEqual(record, {
      timestamp: new Date('2026-12-01T09:00:00.000Z'),
      severityNumber: 17,
      severityText: 'ERROR',
      body: 'Microsoft Graph request failed',
      attributes: { service: 'tap-desk', turnId: 't1', requestId: 'TAP-0001', ms: 12, ok: false, graph: '{"status":429}' },
    });
    assert.equal(toLogRecord('{"level":"debug","msg":"x"}')?.severityNumber, 5);
    assert.equal(toLogRecord('{"level":"warn"}')?.severityNumber, 13);
  });

  it('ignores anything that is not one JSON object', () => {
    for (const line of ['', 'not json', '[1,2]', 'null', '"text"']) assert.equal(toLogRecord(line), null, line);
  });
});
