// Graph's error answers: `{"error":{"code","message","innerError":{"date","request-id","client-request-id"}}}`
// (src/graph/README.md §10). Handlers throw GraphError; the router turns it into this body with the request's ids.
export class GraphError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    /** Extra innerError members, e.g. the TAP service repeats its message there. */
    readonly inner: Record<string, string> = {},
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }
}

export interface RequestIds {
  requestId: string;
  clientRequestId: string;
}

/** Graph's innerError date: UTC to the second, without a zone designator ("2025-02-13T10:17:05"). */
export function graphErrorDate(now: Date): string {
  return now.toISOString().slice(0, 19);
}

export function graphErrorBody(error: GraphError, ids: RequestIds, now: Date): object {
  return {
    error: {
      code: error.code,
      message: error.message,
      innerError: { ...error.inner, date: graphErrorDate(now), 'request-id': ids.requestId, 'client-request-id': ids.clientRequestId },
    },
  };
}

export const INSUFFICIENT_PRIVILEGES = 'Insufficient privileges to complete the operation.';

export function resourceNotFound(what: string): GraphError {
  return new GraphError(
    404,
    'Request_ResourceNotFound',
    `Resource '${what}' does not exist or one of its queried reference-property objects are not present.`,
  );
}

export function accessDenied(): GraphError {
  return new GraphError(403, 'Authorization_RequestDenied', INSUFFICIENT_PRIVILEGES);
}

export function badRequest(message: string, code = 'BadRequest'): GraphError {
  return new GraphError(400, code, message);
}

/** The authentication-methods service's refusals: code `badRequest`, message repeated in innerError. */
export function authMethodRefusal(message: string): GraphError {
  return new GraphError(400, 'badRequest', message, { message });
}

export function segmentNotFound(segment: string): GraphError {
  return new GraphError(400, 'BadRequest', `Resource not found for the segment '${segment}'.`);
}

export function methodNotAllowed(): GraphError {
  return new GraphError(405, 'Request_BadRequest', 'Specified HTTP method is not allowed for the request target.');
}

function retryAfter(seconds: number | null): Record<string, string> {
  return seconds === null ? {} : { 'Retry-After': String(seconds) };
}

/** Graph's 429 (throttling-429-response.json); Retry-After in seconds, or none. */
export function throttledError(retryAfterSeconds: number | null): GraphError {
  return new GraphError(
    429,
    'TooManyRequests',
    'Please retry again later.',
    { code: '429', message: 'Please retry after', status: '429' },
    retryAfter(retryAfterSeconds),
  );
}

export function unavailableError(retryAfterSeconds: number | null): GraphError {
  return new GraphError(503, 'serviceNotAvailable', 'Service unavailable. Please try again later.', {}, retryAfter(retryAfterSeconds));
}
