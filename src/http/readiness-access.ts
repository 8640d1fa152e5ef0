// Who may read /readyz's details (which Graph permissions the app holds or lacks, the tenant's licence
// tier, raw error text): a caller that sends the configured READYZ_DETAILS_KEY. Everyone else gets the
// status alone, which is all a load balancer or an availability test needs. The help desk reads the
// same details through `health` in Teams.
import { createHash, timingSafeEqual } from 'node:crypto';

export const READINESS_KEY_HEADER = 'x-readyz-key';

const digest = (value: string) => createHash('sha256').update(value, 'utf8').digest();

/** Compares digests in constant time, so the answer time says nothing about how much of a guess matched. */
export function mayReadDetails(sent: string | string[] | undefined, key: string | null): boolean {
  if (!key || typeof sent !== 'string' || sent === '') return false;
  return timingSafeEqual(digest(sent), digest(key));
}
