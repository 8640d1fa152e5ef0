// Entra's endpoints on this host: /{tenant}/v2.0/.well-known/openid-configuration (and v1),
// /{tenant}/discovery/v2.0/keys, /common/discovery/instance, POST /{tenant}/oauth2/v2.0/token.
// `{tenant}` is the tenant id or one of its domains.
import { type SigningKey } from './access-tokens';
import { instanceDiscovery, openIdConfiguration, tokenIssuer } from './openid-metadata';
import { type StsAnswer, stsError, unknownTenant } from './sts-errors';
import { type Tenant } from './tenant';
import { issueToken } from './token-endpoint';

export interface EntraRequest {
  method: string;
  segments: readonly string[];
  headers: Readonly<Record<string, string>>;
  body: string;
}

export interface EntraDeps {
  tenant: Tenant;
  key: SigningKey;
  baseUrl: string;
  now: Date;
  onTokenIssued(): void;
}

/** The answer, or null when the path is not an Entra endpoint. */
export function handleEntra(request: EntraRequest, deps: EntraDeps): StsAnswer | null {
  const [tenantSegment, ...restSegments] = request.segments;
  if (!tenantSegment) return null;
  const rest = restSegments.join('/').toLowerCase();
  const urls = { baseUrl: deps.baseUrl, tenantId: deps.tenant.id };
  if (tenantSegment.toLowerCase() === 'common' && rest === 'discovery/instance') return { status: 200, body: instanceDiscovery(urls) };
  const known = [
    'v2.0/.well-known/openid-configuration',
    '.well-known/openid-configuration',
    'discovery/v2.0/keys',
    'discovery/keys',
    'oauth2/v2.0/token',
  ];
  if (!known.includes(rest)) return null;
  if (!deps.tenant.isNamed(tenantSegment)) return unknownTenant(tenantSegment, deps.now);
  if (rest === 'oauth2/v2.0/token') {
    if (request.method !== 'POST')
      return stsError(
        400,
        'invalid_request',
        900561,
        `The endpoint only accepts POST, OPTIONS requests. Received a ${request.method} request.`,
        deps.now,
      );
    const answer = issueToken(
      {
        form: new URLSearchParams(request.body),
        authorization: request.headers.authorization,
        contentType: request.headers['content-type'],
      },
      deps.tenant,
      deps.key,
      tokenIssuer(deps.tenant.id),
      deps.now,
    );
    if (answer.status === 200) deps.onTokenIssued();
    return answer;
  }
  if (request.method !== 'GET')
    return stsError(
      400,
      'invalid_request',
      900561,
      `The endpoint only accepts GET requests. Received a ${request.method} request.`,
      deps.now,
    );
  if (rest.startsWith('discovery/')) return { status: 200, body: { keys: [deps.key.jwk()] } };
  return { status: 200, body: openIdConfiguration(urls, rest.startsWith('v2.0/')) };
}
