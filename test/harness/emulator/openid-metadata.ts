// What a client library reads before asking for a token: the tenant's OpenID configuration (v2 and
// v1), its signing keys, and instance discovery, all pointing at this emulator instead of
// login.microsoftonline.com.
export interface AuthorityUrls {
  /** https://127.0.0.1:PORT */
  baseUrl: string;
  tenantId: string;
}

/** Entra's v1 token issuer, which app-only Graph tokens carry. */
export function tokenIssuer(tenantId: string): string {
  return `https://sts.windows.net/${tenantId}/`;
}

export function openIdConfiguration({ baseUrl, tenantId }: AuthorityUrls, v2: boolean): object {
  const tenant = `${baseUrl}/${tenantId}`;
  const oauth = v2 ? `${tenant}/oauth2/v2.0` : `${tenant}/oauth2`;
  return {
    token_endpoint: `${oauth}/token`,
    token_endpoint_auth_methods_supported: ['client_secret_post', 'private_key_jwt', 'client_secret_basic'],
    jwks_uri: `${tenant}/discovery/${v2 ? 'v2.0/' : ''}keys`,
    response_modes_supported: ['query', 'fragment', 'form_post'],
    subject_types_supported: ['pairwise'],
    id_token_signing_alg_values_supported: ['RS256'],
    response_types_supported: ['code', 'id_token', 'code id_token', 'id_token token'],
    scopes_supported: ['openid', 'profile', 'email', 'offline_access'],
    issuer: v2 ? `${tenant}/v2.0` : tokenIssuer(tenantId),
    request_uri_parameter_supported: false,
    userinfo_endpoint: `${baseUrl}/oidc/userinfo`,
    authorization_endpoint: `${oauth}/authorize`,
    device_authorization_endpoint: `${oauth}/devicecode`,
    http_logout_supported: true,
    frontchannel_logout_supported: true,
    end_session_endpoint: `${oauth}/logout`,
    claims_supported: ['sub', 'iss', 'aud', 'exp', 'iat', 'tid', 'roles', 'appid', 'oid'],
    kerberos_endpoint: `${tenant}/kerberos`,
    tenant_region_scope: 'EU',
    cloud_instance_name: 'microsoftonline.com',
    cloud_graph_host_name: 'graph.windows.net',
    msgraph_host: 'graph.microsoft.com',
    rbac_url: 'https://pas.windows.net',
  };
}

/** GET /common/discovery/instance: this host is its own (only) alias. */
export function instanceDiscovery({ baseUrl, tenantId }: AuthorityUrls): object {
  const host = new URL(baseUrl).host;
  return {
    tenant_discovery_endpoint: `${baseUrl}/${tenantId}/v2.0/.well-known/openid-configuration`,
    'api-version': '1.1',
    metadata: [{ preferred_network: host, preferred_cache: host, aliases: [host] }],
  };
}
