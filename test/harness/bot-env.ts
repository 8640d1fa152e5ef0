// The configuration of a TAP Desk pointed at the emulated tenant and Azurite, built in one place for
// the demo, the integration stack and the bench. Demo mode: no inbound authentication, so never
// where Teams can reach it. Callers add what is theirs (port, log level, tuning) on top.
import type { Emulator } from './emulator';

export interface EmulatedBotEnvOptions {
  emulator: Pick<Emulator, 'baseUrl' | 'tenantId' | 'clientId' | 'clientSecret' | 'authorityHost' | 'graphUrl' | 'caCertPath'> &
    Partial<Pick<Emulator, 'verifiedIdAuthority'>>;
  storageConnectionString: string;
  /** Bots that share a prefix share their tables, as instances behind a load balancer do. */
  tablePrefix: string;
  serviceDeskGroupId?: string | null;
  /** Where approval cards go: the approvals channel and the connector (or Playground) that serves it. */
  approvals?: { conversationId: string; serviceUrl: string };
  /** Face Check against the emulated Request Service (when the tenant has Verified ID): where the bot is reachable. */
  faceCheck?: { callbackBaseUrl: string };
}

/**
 * The emulated deployment's /readyz key, as an operator would set READYZ_DETAILS_KEY: the harness reads
 * readiness details with it; an anonymous caller sees the status only, in demo mode as in production.
 */
export const HARNESS_READYZ_KEY = 'tapdesk-harness-readyz-details-key-0001';

export function emulatedBotEnv(options: EmulatedBotEnvOptions): Record<string, string> {
  const { emulator, approvals, serviceDeskGroupId } = options;
  return {
    TAPDESK_MODE: 'demo',
    TENANT_ID: emulator.tenantId,
    GRAPH_CLIENT_ID: emulator.clientId,
    GRAPH_CLIENT_SECRET: emulator.clientSecret,
    GRAPH_AUTHORITY_HOST: emulator.authorityHost,
    GRAPH_BASE_URL: emulator.graphUrl,
    // The emulator plays the Bot Framework token service too (the SDK's OAuthUrl setting).
    BOTFRAMEWORK_OAUTH_URL: emulator.baseUrl,
    // The emulator's CA: read by Node only when a process starts (an in-process bot needs the test runner's).
    NODE_EXTRA_CA_CERTS: emulator.caCertPath,
    STORAGE_CONNECTION_STRING: options.storageConnectionString,
    STORAGE_TABLE_PREFIX: options.tablePrefix,
    READYZ_DETAILS_KEY: HARNESS_READYZ_KEY,
    ...(serviceDeskGroupId ? { SERVICE_DESK_GROUP_ID: serviceDeskGroupId } : {}),
    ...(options.faceCheck && emulator.verifiedIdAuthority
      ? {
          VERIFIED_ID_AUTHORITY: emulator.verifiedIdAuthority,
          VERIFIED_ID_CALLBACK_URL: options.faceCheck.callbackBaseUrl,
          VERIFIED_ID_ENDPOINT: `${emulator.baseUrl}/verifiedid/v1.0/verifiableCredentials`,
        }
      : {}),
    ...(approvals ? { APPROVALS_CONVERSATION_ID: approvals.conversationId, APPROVALS_SERVICE_URL: approvals.serviceUrl } : {}),
  };
}
