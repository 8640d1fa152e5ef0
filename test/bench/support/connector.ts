// A lean Bot Connector for load: answers every reply and card update with an id, as the real one
// does, and only counts them (the recording connector of the integration tests would cost the load
// generator's process more than the bots it measures).
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface CountingConnector {
  url: string;
  counts(): { posts: number; puts: number };
  close(): Promise<void>;
}

export async function startCountingConnector(): Promise<CountingConnector> {
  let posts = 0;
  let puts = 0;
  let next = 1;
  const server = http.createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      if (req.method === 'PUT') puts += 1;
      else posts += 1;
      const id = req.method === 'PUT' ? decodeURIComponent(/activities\/([^/?]+)/.exec(req.url ?? '')?.[1] ?? 'x') : `act-${next++}`;
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ id }));
    });
  });
  server.keepAliveTimeout = 30_000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/`,
    counts: () => ({ posts, puts }),
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
