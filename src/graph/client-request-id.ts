// Graph's documented correlation header: `client-request-id` (a GUID) is echoed in the answer and kept
// in the tenant's Microsoft Graph activity logs, so an admin can match TAP Desk's lines to Graph's.
import type { Correlation } from '../log-context';
import { GUID } from '../domain/ids';

/** The turn's (or sweep's) id when it is a GUID; otherwise a fresh one, which the failure log names. */
export function clientRequestIdFor(ids: Readonly<Correlation>, newId: () => string): string {
  for (const candidate of [ids.turnId, ids.sweepId]) if (candidate && GUID.test(candidate)) return candidate;
  return newId();
}
