// The token endpoint's OAuth error shape (not Graph's): an AADSTS code in error_description plus the
// trace fields (fixture aadsts-oauth-error-response-example.json).
import { randomUUID } from 'node:crypto';

export interface StsAnswer {
  status: number;
  body: object;
}

/** "2016-01-09 02:02:12Z", as the STS writes timestamps. */
function stsTimestamp(now: Date): string {
  return `${now.toISOString().slice(0, 19).replace('T', ' ')}Z`;
}

/** `extra`: members some errors add, e.g. `suberror` (consent_required) or a `claims` challenge. */
export function stsError(
  status: number,
  error: string,
  code: number,
  description: string,
  now: Date,
  extra: Record<string, string> = {},
): StsAnswer {
  const traceId = randomUUID();
  const correlationId = randomUUID();
  const timestamp = stsTimestamp(now);
  return {
    status,
    body: {
      error,
      error_description: `AADSTS${code}: ${description}\r\nTrace ID: ${traceId}\r\nCorrelation ID: ${correlationId}\r\nTimestamp: ${timestamp}`,
      error_codes: [code],
      timestamp,
      trace_id: traceId,
      correlation_id: correlationId,
      error_uri: `https://login.microsoftonline.com/error?code=${code}`,
      ...extra,
    },
  };
}

export function unknownTenant(segment: string, now: Date): StsAnswer {
  return stsError(
    400,
    'invalid_tenant',
    90002,
    `Tenant '${segment}' not found. Check to make sure you have the correct tenant ID and are signing into the correct cloud. Check with your subscription administrator, this may happen if there are no active subscriptions for the tenant.`,
    now,
  );
}
