// The benchmark's world, all on 127.0.0.1: the emulated tenant (in this process, so its request
// log and faults are at hand), real Azurite, a counting connector, and the bots' environment.
import { randomBytes } from 'node:crypto';
import { startTestEmulator } from '../../support/emulator';
import { startAzurite, type RunningAzurite } from '../../harness/azurite';
import type { Emulator } from '../../harness/emulator';
import { emulatedBotEnv } from '../../harness/bot-env';
import { APPROVALS_CHANNEL } from '../../support/teams-client';
import { PooledTeamsClient } from './pooled-client';
import { personasOf, CONTOSO_SEED } from '../../support/stack';
import { type CountingConnector, startCountingConnector } from './connector';
import { benchTenant } from './seed';
import type { Persona } from '../../support/teams-client';

export interface BenchEnv {
  emulator: Emulator;
  azurite: RunningAzurite;
  connector: CountingConnector;
  people: Record<string, Persona>;
  newHires: Persona[];
  /** Approvers like Megan, each used once: no delegated token is held for them anywhere (first approval with sign-in). */
  approvers: Persona[];
  /** The environment of a TAP Desk process (demo mode: no inbound authentication). */
  botEnv(extra?: Record<string, string>): Record<string, string>;
  /** PASS_ISSUANCE=delegated settings for a bot of this tenant (whose admins consented the delegated TAP scope). */
  delegatedEnv(): Record<string, string>;
  /** The token Teams SSO would give the bot for this person (the emulator's /_emulator/user-token). */
  userToken(userId: string): Promise<string>;
  /** The channel to one bot: a bounded pool of connections, as the Bot Connector service keeps. */
  client(botUrl: string): PooledTeamsClient;
  close(): Promise<void>;
}

export async function startBenchEnv(newHireCount: number, approverCount = 0): Promise<BenchEnv> {
  // One prefix: every bot of a run shares the same tables, as instances behind a load balancer do.
  const tablePrefix = `b${randomBytes(4).toString('hex')}`;
  const tenant = benchTenant(newHireCount, approverCount);
  // Delegated issuance (the approval section runs both modes): admins consented the delegated TAP scope.
  (tenant.seed.applications as Array<Record<string, unknown>>)[0]!.grantedDelegatedPermissions = ['UserAuthMethod-TAP.ReadWrite.All'];
  const emulator = await startTestEmulator({ seed: tenant.seed });
  const azurite = await startAzurite({});
  const connector = await startCountingConnector();
  const serviceDesk = (tenant.seed.groups as Array<{ id: string; displayName: string }>).find((g) => g.displayName === 'Service Desk')?.id;
  return {
    emulator,
    azurite,
    connector,
    people: personasOf(CONTOSO_SEED),
    newHires: tenant.newHires,
    approvers: tenant.approvers,
    botEnv: (extra = {}) => ({
      ...emulatedBotEnv({
        emulator,
        storageConnectionString: azurite.connectionString,
        tablePrefix,
        serviceDeskGroupId: serviceDesk,
        approvals: { conversationId: APPROVALS_CHANNEL, serviceUrl: connector.url },
      }),
      POLICY_CACHE_SECONDS: '300',
      LOG_LEVEL: 'info',
      ...extra,
    }),
    delegatedEnv: () => ({ PASS_ISSUANCE: 'delegated', SSO_APP_ID_URI: `api://botid-${emulator.clientId}` }),
    async userToken(userId) {
      const response = await fetch(`${emulator.baseUrl}/_emulator/user-token`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ userId }),
      });
      const body = (await response.json()) as { token?: string };
      if (!body.token) throw new Error(`no SSO token for ${userId}: ${JSON.stringify(body)}`);
      return body.token;
    },
    client: (botUrl) => new PooledTeamsClient(botUrl, connector.url, emulator.tenantId),
    async close() {
      await connector.close();
      await azurite.stop().catch(() => undefined);
      await emulator.close();
    },
  };
}
