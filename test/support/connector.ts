// A local Bot Connector: the serviceUrl the bot replies to. Records every activity the bot sends
// or updates, answering like the real connector does (an id per activity).
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Sent {
  method: 'POST' | 'PUT';
  conversationId: string;
  activityId: string;
  /** The activity as the bot sent it. */
  activity: Record<string, unknown>;
}

export interface Connector {
  url: string;
  sent: Sent[];
  /** Every body the bot sent, as raw text (for secret searches). */
  raw: string[];
  waitFor(predicate: (s: Sent) => boolean, timeoutMs?: number): Promise<Sent>;
  close(): Promise<void>;
}

export async function startConnector(): Promise<Connector> {
  const sent: Sent[] = [];
  const raw: string[] = [];
  const waiters: Array<() => void> = [];
  let next = 1;
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      raw.push(body);
      const match = /^\/v3\/conversations\/([^/]+)\/activities(?:\/([^/?]+))?/.exec(req.url ?? '');
      if (!match) {
        if (req.method === 'POST' && req.url?.startsWith('/v3/conversations')) {
          res.writeHead(200, { 'content-type': 'application/json' });
          res.end(JSON.stringify({ id: `conv-${next++}` }));
          return;
        }
        res.writeHead(404);
        res.end();
        return;
      }
      const conversationId = decodeURIComponent(match[1] as string);
      const activity = body ? (JSON.parse(body) as Record<string, unknown>) : {};
      const activityId = req.method === 'PUT' ? decodeURIComponent(match[2] as string) : `act-${next++}`;
      sent.push({ method: req.method === 'PUT' ? 'PUT' : 'POST', conversationId, activityId, activity });
      for (const wake of waiters.splice(0)) wake();
      // Separate calls: restify (in the same test process) patches writeHead not to return the response.
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ id: activityId }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}/`,
    sent,
    raw,
    async waitFor(predicate, timeoutMs = 5000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const found = sent.find(predicate);
        if (found) return found;
        if (Date.now() > deadline) throw new Error('the bot did not send the expected activity in time');
        await new Promise<void>((resolve) => {
          waiters.push(resolve);
          setTimeout(resolve, 100);
        });
      }
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
