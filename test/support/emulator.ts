// The emulated tenant for tests, its certificate signed by the test CA this process trusts (see
// with-test-ca.cjs), so Graph and Entra calls verify TLS as in production; plus small helpers to get
// a token and call Graph on it.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { startEmulator, type Emulator, type EmulatorOptions } from '../harness/emulator';
import { DEMO_TENANT_SEED } from '../harness/emulator/default-seed';

export const CONTOSO = DEMO_TENANT_SEED;
export const TEST_SEEDS = path.resolve(__dirname, '../fixtures/seeds');

export function testCa(): { certPem: string; keyPem: string } {
  const dir = process.env.TAPDESK_TEST_CA_DIR;
  if (!dir) throw new Error('run integration tests through test/support/with-test-ca.cjs (npm run test:int)');
  return { certPem: readFileSync(path.join(dir, 'ca.pem'), 'utf8'), keyPem: readFileSync(path.join(dir, 'ca.key'), 'utf8') };
}

export function startTestEmulator(options: Partial<EmulatorOptions> = {}): Promise<Emulator> {
  return startEmulator({ seed: CONTOSO, ca: testCa(), ...options });
}

export interface TokenAnswer {
  status: number;
  // Token endpoint JSON: access_token, or an AADSTS error.
  body: Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
}

export async function requestToken(
  emulator: Emulator,
  clientId = emulator.clientId,
  clientSecret = emulator.clientSecret,
  tenant = emulator.tenantId,
): Promise<TokenAnswer> {
  const response = await fetch(`${emulator.baseUrl}/${tenant}/oauth2/v2.0/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      grant_type: 'client_credentials',
      client_id: clientId,
      client_secret: clientSecret,
      scope: 'https://graph.microsoft.com/.default',
    }),
  });
  return { status: response.status, body: (await response.json()) as TokenAnswer['body'] };
}

export interface GraphReply {
  status: number;
  headers: Headers;
  // Graph JSON, or null for an empty body.
  body: any; // eslint-disable-line @typescript-eslint/no-explicit-any
}

export type GraphCall = (method: string, url: string, body?: unknown, headers?: Record<string, string>) => Promise<GraphReply>;

/** Calls Graph on the emulator with a token of `clientId` (the seed's first application by default). */
export async function graphCaller(
  emulator: Emulator,
  clientId = emulator.clientId,
  clientSecret = emulator.clientSecret,
): Promise<GraphCall> {
  const token = await requestToken(emulator, clientId, clientSecret);
  if (token.status !== 200) throw new Error(`no token: ${JSON.stringify(token.body)}`);
  return async (method, url, body, headers = {}) => {
    const response = await fetch(url.startsWith('https:') ? url : `${emulator.graphUrl}${url}`, {
      method,
      headers: {
        authorization: `Bearer ${token.body.access_token as string}`,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        ...headers,
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    return { status: response.status, headers: response.headers, body: text ? JSON.parse(text) : null };
  };
}
