// What every use case may use: the ports, the clock and config. Built once in main.ts.
import type { Config } from '../../config';
import type { Logger } from '../../logger';
import type { ApproverSessions, Clock, Directory, Notifier, Stores, VerifiedIdService } from './ports';
import type { RequestTargets } from '../requests/targets';

export interface UseCaseDeps {
  config: Config;
  stores: Stores;
  directory: Directory;
  notifier: Notifier;
  clock: Clock;
  logger: Logger;
  /** PASS_ISSUANCE=delegated: approvers' on-behalf-of Graph tokens (per instance, within their life). */
  approverSessions?: ApproverSessions | null;
  /** Which person each request is for, as this instance last saw it (request-targets.ts). */
  requestTargets: RequestTargets;
  /** Verified ID's Request Service for Face Checks; null or absent: not configured. */
  verifiedId?: VerifiedIdService | null;
}

/** Face Check is configured and its service wired: the card offers it and the evidence policy may name it. */
export function faceCheckOffered(deps: UseCaseDeps): boolean {
  return Boolean(deps.verifiedId && deps.config.faceCheck);
}
