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
import { readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { AddressInfo } from 'node:net';

const TAP_WRITE = 'UserAuthMethod-TAP.ReadWrite.All';
const LOGIN_REQUEST = 'application/vnd.microsoft.activity.loginRequest';

/** The seed as a tenant set up for delegated issuance (admin consent given, no TAP write app permission). */
export function delegatedDemoSeed(seedPath: string): object {
  const seed = JSON.parse(readFileSync(seedPath, 'utf8')) as { applications?: Array<Record<string, unknown>> };
  const app = seed.applications?.[0];
  if (app) {
    const granted = Array.isArray(app.grantedApplicationPermissions) ? (app.grantedApplicationPermissions as string[]) : [];
    app.grantedApplicationPermissions = [...granted.filter((p) => p !== TAP_WRITE), ...(granted.includes('UserAuthMethod-TAP.Read.All') ? [] : ['UserAuthMethod-TAP.Read.All'])];
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
export async function startSsoProxy(options: { botUrl: string; userTokenUrl: string; caCertPath: string }): Promise<SsoProxy> {
  const ca = readFileSync(options.caCertPath, 'utf8');
  const forward = (path: string, headers: Record<string, string>, payload: Buffer | string) =>
    fetch(`${options.botUrl}${path}`, { method: 'POST', headers, body: payload });

  const server: Server = createServer((request, response) => {
    void (async () => {
      const raw = await body(request);
      const headers: Record<string, string> = { 'content-type': String(request.headers['content-type'] ?? 'application/json') };
      if (request.headers.authorization) headers.authorization = request.headers.authorization;
      let answer = await forward(request.url ?? '/api/messages', headers, raw);
      let text = await answer.text();
      const login = loginRequestIn(text);
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
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
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
    const parsed = JSON.parse(text) as { statusCode?: number; type?: string; value?: { connectionName?: string; tokenExchangeResource?: { id?: string } } };
    const id = parsed.value?.tokenExchangeResource?.id;
    return parsed.statusCode === 401 && parsed.type === LOGIN_REQUEST && id ? { id, connectionName: parsed.value?.connectionName ?? '' } : null;
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
