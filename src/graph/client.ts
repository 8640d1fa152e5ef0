// The production Graph client: @azure/identity credentials and the Graph SDK, used unchanged against
// the emulated tenant (custom authority and base URL). The middleware chain is authentication + HTTP
// only: retries are TAP Desk's own (graph-http.ts), because the SDK's RetryHandler would resend a
// POST after a 503 and issue a second pass.
import { ClientCertificateCredential, ClientSecretCredential, ManagedIdentityCredential, type TokenCredential } from '@azure/identity';
import { AuthenticationHandler, Client, HTTPMessageHandler } from '@microsoft/microsoft-graph-client';
import { TokenCredentialAuthenticationProvider } from '@microsoft/microsoft-graph-client/authProviders/azureTokenCredentials';
import { HeldTokenCredential } from './held-token';

/** Graph's application-permission scope; the same for an emulated Graph (tokens are for Graph's audience). */
export const GRAPH_SCOPE = 'https://graph.microsoft.com/.default';
export const PUBLIC_AUTHORITY_HOST = 'https://login.microsoftonline.com';
export const PUBLIC_GRAPH_URL = 'https://graph.microsoft.com/v1.0';

export interface GraphClientOptions {
  tenantId: string;
  clientId: string;
  clientSecret?: string;
  /** PEM file with the certificate and its private key. */
  certificatePath?: string;
  /** Use the managed identity with this client id (wins over a secret or certificate). */
  managedIdentityClientId?: string;
  /** e.g. the emulator's https://127.0.0.1:PORT; defaults to Entra's public cloud. */
  authorityHost?: string;
  /** e.g. the emulator's https://127.0.0.1:PORT/v1.0; defaults to https://graph.microsoft.com/v1.0. */
  graphBaseUrl?: string;
}

export interface GraphClient {
  client: Client;
  /** The same credential the client uses, e.g. for a readiness probe that asks for a token. */
  credential: TokenCredential;
}

function withoutTrailingSlash(url: string): string {
  return url.replace(/\/+$/, '');
}

export function createCredential(options: GraphClientOptions): TokenCredential {
  if (options.managedIdentityClientId) return new ManagedIdentityCredential({ clientId: options.managedIdentityClientId });
  const authorityHost = withoutTrailingSlash(options.authorityHost ?? PUBLIC_AUTHORITY_HOST);
  // Instance discovery asks login.microsoftonline.com about the authority: never for a private one.
  const common = authorityHost === PUBLIC_AUTHORITY_HOST ? { authorityHost } : { authorityHost, disableInstanceDiscovery: true };
  if (options.certificatePath)
    return new ClientCertificateCredential(options.tenantId, options.clientId, { certificatePath: options.certificatePath }, common);
  if (options.clientSecret) return new ClientSecretCredential(options.tenantId, options.clientId, options.clientSecret, common);
  throw new Error('Graph needs a managed identity, a certificate or a client secret');
}

export function createGraphClient(options: GraphClientOptions): GraphClient {
  const credential = createCredential(options);
  const url = new URL(withoutTrailingSlash(options.graphBaseUrl ?? PUBLIC_GRAPH_URL));
  // The SDK attaches the bearer token only to https URLs on Graph hosts or customHosts.
  if (url.protocol !== 'https:') throw new Error(`graphBaseUrl must be https (got ${url.protocol}//${url.host})`);
  const auth = new AuthenticationHandler(
    new TokenCredentialAuthenticationProvider(new HeldTokenCredential(credential), { scopes: [GRAPH_SCOPE] }),
  );
  auth.setNext(new HTTPMessageHandler());
  const client = Client.initWithMiddleware({
    middleware: auth,
    baseUrl: `${url.origin}/`,
    defaultVersion: url.pathname.replace(/^\/+/, '') || 'v1.0',
    // customHosts holds host names: the SDK compares them with the URL's host name, port removed.
    customHosts: new Set([url.hostname]),
  });
  return { client, credential };
}
