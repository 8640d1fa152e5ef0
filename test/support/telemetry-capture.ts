// A local Application Insights ingestion endpoint: what the Azure Monitor exporter posts to
// `{IngestionEndpoint}/v2.1/track`, over HTTPS signed by the test CA (the bot child trusts it through
// NODE_EXTRA_CA_CERTS). Keeps every body byte, gunzipped, for assertions and secret searches.
import https from 'node:https';
import type { AddressInfo, Socket } from 'node:net';
import { gunzipSync } from 'node:zlib';
import { makeServerCertificate } from '../harness/emulator/tls';
import { testCa } from './emulator';

/** One telemetry item as the exporter sends it (Application Insights' envelope). */
export interface Envelope {
  name: string;
  iKey: string;
  time: string;
  tags?: Record<string, string>;
  data?: { baseType?: string; baseData?: Record<string, any> }; // eslint-disable-line @typescript-eslint/no-explicit-any
}

export interface TelemetryCapture {
  connectionString: string;
  /** Every body received, decompressed. */
  bodies: Buffer[];
  /** Request paths received, e.g. `/v2.1/track`. */
  paths: string[];
  envelopes(): Envelope[];
  /** Resolves once `predicate` holds for the envelopes received, or rejects after `timeoutMs`. */
  waitFor(predicate: (envelopes: Envelope[]) => boolean, timeoutMs: number, what: string): Promise<void>;
  close(): Promise<void>;
}

export const TEST_IKEY = '00000000-0000-0000-0000-000000000000';

function parse(body: Buffer): Envelope[] {
  const text = body.toString('utf8').trim();
  if (!text) return [];
  // The track endpoint takes a JSON array, or newline-delimited JSON.
  if (text.startsWith('[')) return JSON.parse(text) as Envelope[];
  return text
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as Envelope);
}

export async function startTelemetryCapture(): Promise<TelemetryCapture> {
  const certificate = await makeServerCertificate(testCa());
  const bodies: Buffer[] = [];
  const paths: string[] = [];
  const received: Envelope[] = [];
  const sockets = new Set<Socket>();
  const server = https.createServer({ cert: certificate.certPem, key: certificate.keyPem }, (req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      let body = Buffer.concat(chunks);
      if (/gzip/i.test(String(req.headers['content-encoding'] ?? '')) || (body[0] === 0x1f && body[1] === 0x8b)) body = gunzipSync(body);
      bodies.push(body);
      paths.push(req.url ?? '');
      let count = 0;
      try {
        const envelopes = parse(body);
        received.push(...envelopes);
        count = envelopes.length;
      } catch {
        // Kept in `bodies` for the secret search; the test sees no envelope from it.
      }
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ itemsReceived: count, itemsAccepted: count, errors: [] }));
    });
  });
  server.on('connection', (socket: Socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  // Stops by itself if a test forgets to close it.
  const guard = setTimeout(() => void close(), 300_000);
  guard.unref();
  async function close(): Promise<void> {
    clearTimeout(guard);
    for (const socket of sockets) socket.destroy();
    await new Promise<void>((resolve) => server.close(() => resolve()));
    certificate.dispose();
  }
  return {
    connectionString: `InstrumentationKey=${TEST_IKEY};IngestionEndpoint=https://127.0.0.1:${port}/`,
    bodies,
    paths,
    envelopes: () => [...received],
    async waitFor(predicate, timeoutMs, what) {
      const deadline = Date.now() + timeoutMs;
      while (!predicate(received)) {
        if (Date.now() > deadline)
          throw new Error(
            `telemetry: timed out after ${timeoutMs} ms waiting for ${what}; got ${received.length} envelopes: ${[...new Set(received.map((e) => e.data?.baseType))].join(', ')}`,
          );
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    },
    close,
  };
}
