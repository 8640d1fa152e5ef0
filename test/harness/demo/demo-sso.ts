// The demo in delegated mode (PASS_ISSUANCE=delegated, the demo's default). Two things a real tenant
// and Teams provide:
// - the tenant is set up for it: an admin consented the delegated TAP scope (and User.RevokeSessions.All, for
//   "This wasn't me"), and the app holds TAP read
//   instead of TAP write (so every pass is visibly the approver's own create);
// - Teams' SSO. The Agents Playground does not do SSO: its card renderer has no handler for a
//   loginRequest and falls back to opening the sign-in URL in a pop-up. So a loopback proxy sits
//   between the Playground and the bot and does what Teams does: when an Action.Execute invoke is
//   answered with the 401 loginRequest, it gets the clicker's token from the emulator
//   (POST /_emulator/user-token, the token Teams SSO would give the bot) and sends the same action again
//   with value.authentication {id, connectionName, token}; the Playground sees the second answer.
// - Teams' fallback, for the people named in `fallbackFor` (silent SSO "fails" for them). The Playground has no
//   UI for a loginRequest (it shows nothing), so the proxy shows what Teams would: a card with the loginRequest's
//   Sign in button (opening the emulator's sign-in page, the token service's, through this proxy so that the proxy
//   learns the code the page gives, as Teams does) and a Continue button; Continue sends the original action
//   again with value.state = that code, as Teams sends it once the person has signed in.
import { readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { AddressInfo } from 'node:net';

const TAP_WRITE = 'UserAuthMethod-TAP.ReadWrite.All';
const LOGIN_REQUEST = 'application/vnd.microsoft.activity.loginRequest';
/** The verb of the proxy's own Continue button (never reaches the bot). */
const CONTINUE_VERB = 'demo.sign-in-continue';

interface LoginValue {
  text: string;
  connectionName: string;
  buttons: Array<{ type: string; title?: string; value: string }>;
}

/** The seed as a tenant set up for delegated issuance (admin consent given, no TAP write app permission). */
export function delegatedDemoSeed(seedPath: string): object {
  const seed = JSON.parse(readFileSync(seedPath, 'utf8')) as { applications?: Array<Record<string, unknown>> };
  const app = seed.applications?.[0];
  if (app) {
    const granted = Array.isArray(app.grantedApplicationPermissions) ? (app.grantedApplicationPermissions as string[]) : [];
    app.grantedApplicationPermissions = [
      ...granted.filter((p) => p !== TAP_WRITE),
      ...(granted.includes('UserAuthMethod-TAP.Read.All') ? [] : ['UserAuthMethod-TAP.Read.All']),
    ];
    const delegated = Array.isArray(app.grantedDelegatedPermissions) ? (app.grantedDelegatedPermissions as string[]) : [];
    app.grantedDelegatedPermissions = [...new Set([...delegated, TAP_WRITE, 'User.RevokeSessions.All'])];
  }
  return seed;
}

export interface SsoProxy {
  /** Point the Playground here instead of the bot. */
  url: string;
  close(): Promise<void>;
}

function body(request: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => resolve(Buffer.concat(chunks)));
    request.on('error', reject);
  });
}

/** A loopback proxy to `botUrl` that answers loginRequests with a token from the emulator, as Teams does. */
export async function startSsoProxy(options: {
  botUrl: string;
  userTokenUrl: string;
  caCertPath: string;
  fallbackFor?: readonly string[];
}): Promise<SsoProxy> {
  const ca = readFileSync(options.caCertPath, 'utf8');
  const forward = (path: string, headers: Record<string, string>, payload: Buffer | string) =>
    fetch(`${options.botUrl}${path}`, { method: 'POST', headers, body: payload });
  const fallbackFor = new Set((options.fallbackFor ?? []).map((id) => id.toLowerCase()));
  /** Magic codes the sign-in page gave, and the action waiting for them, by the person's object id. */
  const codes = new Map<string, string>();
  const pending = new Map<string, { value: Record<string, unknown>; login: LoginValue }>();
  let proxyUrl = '';

  const server: Server = createServer((request, response) => {
    void (async () => {
      const raw = await body(request);
      if ((request.url ?? '').startsWith('/sign-in?')) {
        await signInPage(request.method ?? 'GET', new URL(request.url ?? '', proxyUrl), raw, response);
        return;
      }
      const resumed = resume(raw);
      if (resumed?.kind === 'wait') {
        response.writeHead(200, { 'content-type': 'application/json' });
        response.end(JSON.stringify(signInCard(resumed.login, resumed.userId, 'Finish the sign-in page first, then press Continue.')));
        return;
      }
      if (resumed?.kind === 'send') {
        const answer = await forward(request.url ?? '/api/messages', { 'content-type': 'application/json' }, resumed.activity);
        response.writeHead(answer.status, { 'content-type': answer.headers.get('content-type') ?? 'application/json' });
        response.end(await answer.text());
        return;
      }
      const headers: Record<string, string> = { 'content-type': String(request.headers['content-type'] ?? 'application/json') };
      if (request.headers.authorization) headers.authorization = request.headers.authorization;
      let answer = await forward(request.url ?? '/api/messages', headers, raw);
      let text = await answer.text();
      const login = loginRequestIn(text);
      const clicker = login
        ? (JSON.parse(raw.toString('utf8')) as { from?: { aadObjectId?: string } }).from?.aadObjectId?.toLowerCase()
        : undefined;
      if (login && clicker && fallbackFor.has(clicker)) {
        // No silent SSO for this person: Teams' sign-in prompt, as a card the Playground can show.
        const activity = JSON.parse(raw.toString('utf8')) as { value?: Record<string, unknown> };
        const full = JSON.parse(text) as { value: LoginValue };
        pending.set(clicker, { value: activity.value ?? {}, login: full.value });
        codes.delete(clicker);
        response.writeHead(200, { 'content-type': 'application/json' });
        response.end(JSON.stringify(signInCard(full.value, clicker, null)));
        return;
      }
      if (login && request.method === 'POST') {
        const activity = JSON.parse(raw.toString('utf8')) as { from?: { aadObjectId?: string }; value?: Record<string, unknown> };
        const userId = activity.from?.aadObjectId;
        const token = userId ? await userToken(options.userTokenUrl, userId, ca) : null;
        if (token) {
          activity.value = { ...(activity.value ?? {}), authentication: { id: login.id, connectionName: login.connectionName, token } };
          answer = await forward(request.url ?? '/api/messages', headers, JSON.stringify(activity));
          text = await answer.text();
        }
      }
      response.writeHead(answer.status, { 'content-type': answer.headers.get('content-type') ?? 'application/json' });
      response.end(text);
    })().catch(() => {
      if (!response.headersSent) response.writeHead(502);
      response.end();
    });
  });
  /** Teams' sign-in prompt as an Adaptive Card: the loginRequest's text, its Sign in link (via this proxy) and Continue. */
  function signInCard(login: LoginValue, userId: string, note: string | null): object {
    const link = login.buttons.find((b) => b.type === 'signin')?.value ?? '';
    const door = `${proxyUrl}/sign-in?u=${encodeURIComponent(userId)}&to=${encodeURIComponent(link)}`;
    return {
      statusCode: 200,
      type: 'application/vnd.microsoft.card.adaptive',
      value: {
        type: 'AdaptiveCard',
        $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
        version: '1.5',
        body: [
          { type: 'TextBlock', text: login.text || 'Sign in', weight: 'Bolder', wrap: true },
          { type: 'TextBlock', text: 'Teams could not sign you in silently. Sign in on the page, then press Continue.', wrap: true },
          ...(note ? [{ type: 'TextBlock', text: note, color: 'attention', wrap: true }] : []),
        ],
        actions: [
          { type: 'Action.OpenUrl', title: 'Sign in', url: door },
          { type: 'Action.Execute', title: 'Continue', verb: CONTINUE_VERB, data: {} },
        ],
      },
    };
  }

  /** The emulator's sign-in page, passed through; the code it shows is kept for the person's next try. */
  async function signInPage(method: string, url: URL, raw: Buffer, response: ServerResponse): Promise<void> {
    const to = new URL(url.searchParams.get('to') ?? '');
    const userId = url.searchParams.get('u') ?? '';
    const page =
      method === 'POST'
        ? await emulatorPage(new URL('/_emulator/sign-in-page', to).toString(), ca, raw.toString('utf8'))
        : await emulatorPage(to.toString(), ca, null);
    const code = /id="magic-code"[^>]*>(\d+)</.exec(page)?.[1];
    if (code) codes.set(userId, code);
    // The page's form posts back here, so that the code passes this proxy as it passes Teams.
    response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    response.end(page.replace('action="/_emulator/sign-in-page"', `action="${url.pathname}${url.search}"`));
  }

  /** "Continue" on the sign-in card: the original action again with the page's code, or "not yet". */
  function resume(raw: Buffer): { kind: 'send'; activity: string } | { kind: 'wait'; login: LoginValue; userId: string } | null {
    try {
      type Invoke = { type?: string; name?: string; from?: { aadObjectId?: string }; value?: { action?: { verb?: unknown } } };
      const activity = JSON.parse(raw.toString('utf8')) as Invoke;
      if (activity.type !== 'invoke' || activity.name !== 'adaptiveCard/action' || activity.value?.action?.verb !== CONTINUE_VERB)
        return null;
      const userId = activity.from?.aadObjectId?.toLowerCase() ?? '';
      const waiting = pending.get(userId);
      if (!waiting) return null;
      const code = codes.get(userId);
      if (!code) return { kind: 'wait', login: waiting.login, userId };
      pending.delete(userId);
      codes.delete(userId);
      return { kind: 'send', activity: JSON.stringify({ ...activity, value: { ...waiting.value, state: code } }) };
    } catch {
      return null;
    }
  }

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  proxyUrl = `http://127.0.0.1:${port}`;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

function loginRequestIn(text: string): { id: string; connectionName: string } | null {
  try {
    const parsed = JSON.parse(text) as {
      statusCode?: number;
      type?: string;
      value?: { connectionName?: string; tokenExchangeResource?: { id?: string } };
    };
    const id = parsed.value?.tokenExchangeResource?.id;
    return parsed.statusCode === 401 && parsed.type === LOGIN_REQUEST && id
      ? { id, connectionName: parsed.value?.connectionName ?? '' }
      : null;
  } catch {
    return null;
  }
}

/** The emulator's certificate is signed by its own CA, which this (demo) process is told about explicitly. */
function userToken(url: string, userId: string, ca: string): Promise<string | null> {
  return new Promise((resolve, reject) => {
    const call = httpsRequest(url, { method: 'POST', ca, headers: { 'content-type': 'application/json' } }, (answer) => {
      const chunks: Buffer[] = [];
      answer.on('data', (chunk: Buffer) => chunks.push(chunk));
      answer.on('end', () => {
        try {
          const parsed = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { token?: string };
          resolve(answer.statusCode === 200 && parsed.token ? parsed.token : null);
        } catch (error) {
          reject(error);
        }
      });
    });
    call.on('error', reject);
    call.end(JSON.stringify({ userId }));
  });
}

/** A page of the emulator (its own CA), GET or a form POST. */
function emulatorPage(url: string, ca: string, form: string | null): Promise<string> {
  return new Promise((resolve, reject) => {
    const headers: Record<string, string> = form === null ? {} : { 'content-type': 'application/x-www-form-urlencoded' };
    const call = httpsRequest(url, { method: form === null ? 'GET' : 'POST', ca, headers }, (answer) => {
      const chunks: Buffer[] = [];
      answer.on('data', (chunk: Buffer) => chunks.push(chunk));
      answer.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    });
    call.on('error', reject);
    call.end(form ?? undefined);
  });
}
