// A local Bot Connector: the serviceUrl the bot replies to. Records every activity the bot sends
// or updates, answering like the real connector does (an id per activity). With `throttle` it also
// limits as Teams documents (teams-limits.ts): 429 with Retry-After over a limit, and now and then a
// 412, 502 or 504 from a seeded generator, the statuses Microsoft tells bots to retry
// (https://learn.microsoft.com/en-us/microsoftteams/platform/bots/how-to/rate-limit). Always, as Teams does, it
// refuses a message over the size limit with 413 MessageSizeTooBig (teams-limits.ts). It also plays
// OneDrive's side of a file consent: upload URLs the bot PUTs an accepted file to.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { randomUUID } from 'node:crypto';
import { MESSAGE_SIZE_LIMIT_BYTES, SlidingWindows, TEAMS_LIMITS, type TeamsLimits, messageSizeBytes, seeded } from './teams-limits';

export interface Sent {
  method: 'POST' | 'PUT';
  conversationId: string;
  activityId: string;
  /** The activity as the bot sent it. */
  activity: Record<string, unknown>;
  /** When the connector accepted it (ms since the epoch). */
  at: number;
}

export interface ThrottleOptions {
  limits?: TeamsLimits;
  /** Share of activity requests answered 412/502/504 instead (0..1), from `seed`. */
  faultRate?: number;
  seed?: number;
}

export interface ConnectorOptions {
  throttle?: ThrottleOptions;
  /** false: count only, keep no bodies (the bench's load would pay for the recording). */
  record?: boolean;
}

export interface Upload {
  name: string;
  body: Buffer;
  contentRange: string | null;
  /** Set once the bot PUT the file. */
  done: boolean;
}

export interface ConnectorStats {
  posts: number;
  puts: number;
  /** 429 answers. */
  throttled: number;
  /** 412/502/504 answers. */
  faults: number;
  /** 413 MessageSizeTooBig answers. */
  tooLarge: number;
}

export interface Connector {
  url: string;
  sent: Sent[];
  /** Every body the bot sent, as raw text (for secret searches). */
  raw: string[];
  stats: ConnectorStats;
  /** Throttle from now on (fresh windows), or stop throttling with null. */
  setThrottle(throttle: ThrottleOptions | null): void;
  uploads: Map<string, Upload>;
  /** What Teams puts in a fileConsent/invoke on accept: a fresh upload URL for `name`. */
  consentUpload(name: string): { uploadUrl: string; contentUrl: string; name: string; uniqueId: string; fileType: string };
  waitFor(predicate: (s: Sent) => boolean, timeoutMs?: number): Promise<Sent>;
  /** Resolves once nothing was sent for `quietMs` (the bot's after-the-answer updates have landed), within `timeoutMs`. */
  quiet(quietMs?: number, timeoutMs?: number): Promise<void>;
  close(): Promise<void>;
}

const FAULTS = [412, 502, 504] as const;

export async function startConnector(options: ConnectorOptions = {}): Promise<Connector> {
  const record = options.record ?? true;
  const sent: Sent[] = [];
  const raw: string[] = [];
  const uploads = new Map<string, Upload>();
  const stats: ConnectorStats = { posts: 0, puts: 0, throttled: 0, faults: 0, tooLarge: 0 };
  const waiters: Array<() => void> = [];
  let throttle: ThrottleOptions | null = null;
  let perConversation = new SlidingWindows(TEAMS_LIMITS.perConversation);
  let perApp = new SlidingWindows(TEAMS_LIMITS.perApp);
  let random = seeded(24);
  const setThrottle = (next: ThrottleOptions | null) => {
    throttle = next;
    const limits = next?.limits ?? TEAMS_LIMITS;
    perConversation = new SlidingWindows(limits.perConversation);
    perApp = new SlidingWindows(limits.perApp);
    random = seeded(next?.seed ?? 24);
  };
  setThrottle(options.throttle ?? null);
  let next = 1;

  /** Null when the request may go ahead, else the status and headers to refuse it with. */
  function refusal(conversationId: string): { status: number; headers: Record<string, string> } | null {
    if (!throttle) return null;
    if ((throttle.faultRate ?? 0) > 0 && random() < (throttle.faultRate ?? 0)) {
      stats.faults += 1;
      return { status: FAULTS[Math.floor(random() * FAULTS.length)] as number, headers: {} };
    }
    const now = Date.now();
    // The app-wide window first: a request refused there must not use up the conversation's.
    const appWait = perApp.take('app', now);
    const wait = appWait || perConversation.take(conversationId, now);
    if (!wait) return null;
    stats.throttled += 1;
    return { status: 429, headers: { 'retry-after': String(Math.max(1, Math.ceil(wait / 1000))) } };
  }

  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const buffer = Buffer.concat(chunks);
      const upload = /^\/_uploads\/([^/?]+)/.exec(req.url ?? '');
      if (upload) {
        const slot = uploads.get(decodeURIComponent(upload[1] as string));
        if (!slot || req.method !== 'PUT') {
          res.writeHead(404);
          res.end();
          return;
        }
        const range = req.headers['content-range'] ?? null;
        // OneDrive's upload session: one PUT of the whole file says bytes 0-(n-1)/n.
        if (range !== `bytes 0-${buffer.length - 1}/${buffer.length}`) {
          res.writeHead(400, { 'content-type': 'application/json' });
          res.end(JSON.stringify({ error: { code: 'invalidRange', message: `Content-Range ${range}` } }));
          return;
        }
        Object.assign(slot, { body: buffer, contentRange: range, done: true });
        res.writeHead(201, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ id: upload[1], name: slot.name, size: buffer.length }));
        return;
      }
      const body = buffer.toString('utf8');
      if (record) raw.push(body);
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
      if (messageSizeBytes(body) > MESSAGE_SIZE_LIMIT_BYTES) {
        stats.tooLarge += 1;
        // The status and code are documented (teams-limits.ts); the message's words are not, so these are ours.
        res.writeHead(413, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ error: { code: 'MessageSizeTooBig', message: 'Message size too big' } }));
        return;
      }
      const refused = refusal(conversationId.split(';messageid=')[0] as string);
      if (refused) {
        res.writeHead(refused.status, { 'content-type': 'application/json', ...refused.headers });
        res.end(
          JSON.stringify({ error: { code: refused.status === 429 ? 'TooManyRequests' : 'ServiceError', message: 'try again later' } }),
        );
        return;
      }
      const activityId = req.method === 'PUT' ? decodeURIComponent(match[2] as string) : `act-${next++}`;
      if (req.method === 'PUT') stats.puts += 1;
      else stats.posts += 1;
      if (record) {
        const activity = body ? (JSON.parse(body) as Record<string, unknown>) : {};
        sent.push({ method: req.method === 'PUT' ? 'PUT' : 'POST', conversationId, activityId, activity, at: Date.now() });
        for (const wake of waiters.splice(0)) wake();
      }
      // Separate calls: restify (in the same test process) patches writeHead not to return the response.
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ id: activityId }));
    });
  });
  server.keepAliveTimeout = 30_000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  const url = `http://127.0.0.1:${port}/`;
  return {
    url,
    sent,
    raw,
    stats,
    setThrottle,
    uploads,
    consentUpload(name) {
      const id = randomUUID();
      uploads.set(id, { name, body: Buffer.alloc(0), contentRange: null, done: false });
      return {
        uploadUrl: `${url}_uploads/${id}`,
        contentUrl: `https://contoso-my.sharepoint.com/personal/files/${encodeURIComponent(name)}`,
        name,
        uniqueId: id,
        fileType: name.split('.').pop() ?? '',
      };
    },
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
    async quiet(quietMs = 300, timeoutMs = 5000) {
      const deadline = Date.now() + timeoutMs;
      const count = () => stats.posts + stats.puts + stats.throttled + stats.faults;
      let seen = count();
      let since = Date.now();
      while (Date.now() - since < quietMs) {
        if (Date.now() > deadline) throw new Error(`the bot was still sending after ${timeoutMs} ms`);
        await new Promise((resolve) => setTimeout(resolve, 25));
        if (count() !== seen) {
          seen = count();
          since = Date.now();
        }
      }
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
