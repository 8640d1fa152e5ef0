// A local stand-in for the Bot Framework token service: OpenID metadata, a JWKS whose key is endorsed
// for msteams, a token endpoint for the bot's replies, and a signer for channel → bot tokens
// (good ones and the bad ones SECURITY.md case 13 lists).
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { generateKeyPairSync, randomUUID, type KeyObject } from 'node:crypto';
import jwt from 'jsonwebtoken';

export interface BfIssuer {
  url: string;
  metadataUrl: string;
  issuer: string;
  appId: string;
  appPassword: string;
  /** A channel → bot token for an activity. */
  sign(options: {
    serviceUrl: string;
    audience?: string;
    issuer?: string;
    expiresInSeconds?: number;
    foreignKey?: boolean;
    keyId?: string;
  }): string;
  env(): Record<string, string>;
  close(): Promise<void>;
}

function keyPair(): { privateKey: KeyObject; jwk: { n: string; e: string } } {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const jwk = publicKey.export({ format: 'jwk' }) as { n: string; e: string };
  return { privateKey, jwk };
}

export async function startBfIssuer(appId: string): Promise<BfIssuer> {
  const trusted = keyPair();
  const foreign = keyPair();
  const kid = randomUUID();
  const appPassword = `test-${randomUUID()}`;
  let base = '';
  const server = http.createServer((req, res) => {
    const send = (status: number, body: unknown) => {
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(body));
    };
    if (req.url === '/.well-known/openid-configuration') {
      send(200, {
        issuer: base,
        jwks_uri: `${base}/keys`,
        token_endpoint: `${base}/oauth2/v2.0/token`,
        id_token_signing_alg_values_supported: ['RS256'],
      });
    } else if (req.url === '/keys') {
      send(200, { keys: [{ kty: 'RSA', use: 'sig', kid, n: trusted.jwk.n, e: trusted.jwk.e, endorsements: ['msteams'] }] });
    } else if (req.url === '/oauth2/v2.0/token' && req.method === 'POST') {
      const token = jwt.sign({ appid: appId }, trusted.privateKey, {
        algorithm: 'RS256',
        keyid: kid,
        issuer: base,
        audience: 'https://api.botframework.com',
        expiresIn: 3600,
      });
      send(200, { token_type: 'Bearer', expires_in: 3600, access_token: token });
    } else send(404, {});
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url: base,
    metadataUrl: `${base}/.well-known/openid-configuration`,
    issuer: base,
    appId,
    appPassword,
    sign({ serviceUrl, audience, issuer, expiresInSeconds, foreignKey, keyId }) {
      return jwt.sign({ serviceurl: serviceUrl, appid: 'channel' }, (foreignKey ? foreign : trusted).privateKey, {
        algorithm: 'RS256',
        keyid: keyId ?? kid,
        issuer: issuer ?? base,
        audience: audience ?? appId,
        expiresIn: expiresInSeconds ?? 600,
      });
    },
    env() {
      return {
        MICROSOFT_APP_ID: appId,
        MICROSOFT_APP_PASSWORD: appPassword,
        MICROSOFT_APP_TYPE: 'MultiTenant',
        BOTFRAMEWORK_OPENID_METADATA_URL: `${base}/.well-known/openid-configuration`,
        BOTFRAMEWORK_TOKEN_ISSUER: base,
        BOTFRAMEWORK_LOGIN_URL: base,
        BOTFRAMEWORK_OAUTH_SCOPE: 'https://api.botframework.com',
      };
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
