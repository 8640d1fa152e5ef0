// Composition for PASS_ISSUANCE=delegated: Teams SSO on the approver's click and the on-behalf-of
// Graph writes it unlocks. Null in application mode (the app's own Graph client writes).
import type { Config } from './config';
import type { Logger } from './logger';
import type { ApproverSessions, Clock, Stores } from './app/kernel/ports';
import type { SignInPrompts } from './app/sign-in/prompts';
import { signInChallenges } from './teams/sign-in-challenges';
import { signInPrompts } from './app/sign-in/prompts';
import { DelegatedGraph } from './graph/delegated-credential';
import type { GraphDirectory } from './graph/directory';
import { TeamsSso } from './teams/sso';

export function delegatedIssuance(
  config: Config,
  deps: { stores: Stores; directory: GraphDirectory; clock: Clock; logger: Logger },
): { sso: TeamsSso; prompts: SignInPrompts; sessions: ApproverSessions } | null {
  if (config.passIssuance !== 'delegated' || !config.sso) return null;
  const { graph } = config;
  const sessions = new DelegatedGraph({
    tenantId: config.tenantId,
    clientId: config.sso.clientId,
    clientSecret: graph.clientSecret ?? undefined,
    certificatePath: graph.certificatePath ?? undefined,
    // The managed identity signs for the app registration (a federated credential), so no secret exists.
    managedIdentityClientId: graph.useManagedIdentity ? graph.clientId : undefined,
    authorityHost: graph.authorityHost,
    graphBaseUrl: graph.baseUrl,
    tapWritePacer: deps.directory.tapWritePacer,
    directory: { policyCacheSeconds: 0, clock: deps.clock, logger: deps.logger },
    clock: deps.clock,
    logger: deps.logger,
  });
  const challenges = signInChallenges({ kv: deps.stores.kv, clock: deps.clock });
  const sso = new TeamsSso({
    config: config.sso,
    tenantId: config.tenantId,
    authorityHost: graph.authorityHost,
    challenges,
    clock: deps.clock,
    logger: deps.logger,
  });
  return { sso, prompts: signInPrompts({ kv: deps.stores.kv, clock: deps.clock }), sessions };
}
