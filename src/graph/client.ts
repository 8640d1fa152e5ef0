// The production Graph client: @azure/identity credentials and the Graph SDK, unchanged for the
// emulated tenant (custom authority and base URL). The middleware chain is authentication + HTTP
// only: retries are TAP Desk's own (graph-http.ts), because the SDK would resend a POST after a 503.
import { ClientCertificateCredential, ClientSecretCredential, ManagedIdentityCredential, type TokenCredential } from '@azure/identity';
import { AuthenticationHandler, Client, HTTPMessageHandler } from '@microsoft/microsoft-graph-client';
import { TokenCredentialAuthenticationProvider } from '@microsoft/microsoft-graph-client/authProviders/azureTokenCredentials';

export const GRAPH_SCOPE = 'https://graph.microsoft.com/.default';
const PUBLIC_AUTHORITY = 'https://login.microsoftonline.com';
const PUBLIC_GRAPH = 'https://graph.microsoft.com/v1.0';

export interface GraphClientOptions {
  tenantId: string;
  clientId: string;
  clientSecret?: string;
  certificatePath?: string;
  managedIdentityClientId?: string;
  authorityHost?: string;
  graphBaseUrl?: string;
}

export function createCredential(options: GraphClientOptions): TokenCredential {
  const authorityHost = options.authorityHost ?? PUBLIC_AUTHORITY;
  // Instance discovery asks login.microsoftonline.com about the authority: not for a private one.
  const common = authorityHost === PUBLIC_AUTHORITY ? { authorityHost } : { authorityHost, disableInstanceDiscovery: true };
  if (options.managedIdentityClientId) return new ManagedIdentityCredential({ clientId: options.managedIdentityClientId });
  if (options.certificatePath) return new ClientCertificateCredential(options.tenantId, options.clientId, { certificatePath: options.certificatePath }, common);
  if (options.clientSecret) return new ClientSecretCredential(options.tenantId, options.clientId, options.clientSecret, common);
  throw new Error('Graph needs a managed identity, a certificate or a client secret');
}

export function createGraphClient(options: GraphClientOptions): { client: Client; credential: TokenCredential } {
  const credential = createCredential(options);
  const baseUrl = (options.graphBaseUrl ?? PUBLIC_GRAPH).replace(/\/+$/, '');
  const url = new URL(baseUrl);
  const auth = new AuthenticationHandler(new TokenCredentialAuthenticationProvider(credential, { scopes: [GRAPH_SCOPE] }));
  auth.setNext(new HTTPMessageHandler());
  const client = Client.initWithMiddleware({
    middleware: auth,
    baseUrl: `${url.origin}/`,
    defaultVersion: url.pathname.replace(/^\/+/, '') || 'v1.0',
    // The SDK attaches the bearer token only to Graph hosts and these (host names, port ignored).
    customHosts: new Set([url.hostname]),
  });
  return { client, credential };
}
