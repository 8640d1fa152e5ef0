// MSAL reads the authority's OpenID configuration (and, for a custom authority host, instance discovery) before its
// first token, once per client application, and keeps it 24 hours. @azure/identity builds a new MSAL application for
// every OnBehalfOfCredential, and delegated issuance needs one per approver's sign-in, so without this every first
// approval would wait on a metadata round trip to Entra before the exchange itself. This pipeline policy (given to the
// credential as `additionalPolicies`) keeps those GET answers for the process, as long as MSAL keeps them for one
// application: a cache, not state (a miss just asks Entra again; ARCHITECTURE.md rule 8).
import type { OnBehalfOfCredentialOptions } from '@azure/identity';

type Policy = NonNullable<OnBehalfOfCredentialOptions['additionalPolicies']>[number]['policy'];
type Response = Awaited<ReturnType<Policy['sendRequest']>>;

/** MSAL's own refresh time for authority metadata (AUTHORITY_METADATA_REFRESH_TIME_SECONDS). */
export const METADATA_KEEP_MS = 24 * 3_600_000;
/** One authority per deployment; a few URLs at most (v2 configuration, instance discovery). */
const MAX_KEPT = 16;
const METADATA_PATH = /\/(?:\.well-known\/openid-configuration|discovery\/instance)$/i;

export function authorityMetadataCache(now: () => number = Date.now): Policy {
  const kept = new Map<string, { at: number; response: Response }>();
  return {
    name: 'tapdeskAuthorityMetadataCache',
    async sendRequest(request, next) {
      if (request.method !== 'GET' || !METADATA_PATH.test(new URL(request.url).pathname)) return next(request);
      const hit = kept.get(request.url);
      if (hit && now() - hit.at < METADATA_KEEP_MS) return { ...hit.response, request };
      const response = await next(request);
      if (response.status === 200 && response.bodyAsText) {
        kept.delete(request.url);
        kept.set(request.url, { at: now(), response });
        if (kept.size > MAX_KEPT) kept.delete(kept.keys().next().value as string);
      }
      return response;
    },
  };
}
