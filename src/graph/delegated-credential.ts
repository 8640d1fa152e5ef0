// Delegated issuance: the approver's Teams SSO token is exchanged on-behalf-of them (OAuth 2.0 OBO,
// @azure/identity's OnBehalfOfCredential) for a Graph token carrying the delegated TAP scope, so that
// Entra itself decides whether this approver may create this pass. The Graph token is kept in memory,
// per approver and per instance, only until shortly before it expires, in a bounded map: a cache, not
// state (ARCHITECTURE.md rule 8) — losing it costs the approver one more sign-in prompt. A token is never
// logged or stored.
import { ManagedIdentityCredential, OnBehalfOfCredential } from '@azure/identity';
import { AuthenticationHandler, Client, HTTPMessageHandler } from '@microsoft/microsoft-graph-client';
import { type ApproverSessions, type ApproverWriter, type Clock, DirectoryError, type ExchangeOutcome } from '../app/kernel/ports';
import type { Logger } from '../logger';
import { GraphDirectory, type GraphDirectoryOptions } from './directory';
import { type GraphClientOptions, PUBLIC_AUTHORITY_HOST, PUBLIC_GRAPH_URL } from './client';
import type { WritePacer } from './write-pacer';
import { authorityMetadataCache } from './authority-metadata-cache';

/**
 * The least-privileged delegated scope that lets a signed-in admin create and delete another user's
 * Temporary Access Pass: TAP methods only, not every authentication method
 * (https://learn.microsoft.com/graph/api/authentication-post-temporaryaccesspassmethods?view=graph-rest-1.0 and
 * https://learn.microsoft.com/graph/api/temporaryaccesspassauthenticationmethod-delete?view=graph-rest-1.0; the
 * create page's generated table names a *read* scope as "least privileged", which cannot be right for a
 * POST, so TAP Desk asks for the TAP write scope). Entra then also requires the approver's active role
 * (Authentication Administrator or Privileged Authentication Administrator) and its scope.
 */
// Scope: UserAuthMethod-TAP.ReadWrite.All.
/**
 * Optional: ending sign-in sessions after "This wasn't me" or a revoke (least privileged for revokeSignInSessions,
 * https://learn.microsoft.com/graph/api/user-revokesigninsessions). Without consent only that step is skipped.
 */
// Scope: User.RevokeSessions.All.
/** The exchange asks for `.default`: every delegated Graph scope an admin consented for this app (the two above). */
const GRAPH_DEFAULT_SCOPE = 'https://graph.microsoft.com/.default';
/** Federated credential audience for a managed identity acting as an app registration's credential. */
const TOKEN_EXCHANGE_SCOPE = 'api://AzureADTokenExchange/.default';
/** A token this close to its expiry is not used: the create might reach Graph after it lapsed. */
const EXPIRY_MARGIN_MS = 120_000;

/** The app registration that exposes the API the SSO token is for makes the exchange, with the same credential choices as the app's own Graph client. */
export interface DelegatedGraphOptions extends GraphClientOptions {
  /** The app-side directory's TAP pacer: Graph throttles TAP creates per tenant, whoever signs them. */
  tapWritePacer: WritePacer;
  directory: Omit<GraphDirectoryOptions, 'tapWritePacer'>;
  clock: Clock;
  logger: Logger;
  /** Most approvers whose tokens one instance holds (least recently used first out; SECURITY.md). */
  maxApprovers?: number;
  /** For tests: the exchange itself (default: OnBehalfOfCredential). */
  exchange?: (assertion: string) => Promise<{ token: string; expiresOnTimestamp: number }>;
}

interface Held {
  token: string;
  expiresAt: number;
}

export class DelegatedGraph implements ApproverSessions {
  private readonly held = new Map<string, Held>();
  private readonly graphUrl: URL;
  /** Shared by every exchange's credential: one metadata read per process, not one per approver's sign-in. */
  private readonly metadataCache = authorityMetadataCache();

  constructor(private readonly options: DelegatedGraphOptions) {
    this.graphUrl = new URL((options.graphBaseUrl ?? PUBLIC_GRAPH_URL).replace(/\/+$/, ''));
  }

  /** The approver's Graph writer when a usable token is held for them, else null (ask them to sign in). */
  writerFor(approverId: string): ApproverWriter | null {
    const key = approverId.toLowerCase();
    const held = this.held.get(key);
    if (!held) return null;
    if (held.expiresAt - EXPIRY_MARGIN_MS <= this.options.clock.now().getTime()) {
      this.held.delete(key);
      return null;
    }
    // Most recently used last: the bound evicts from the front.
    this.held.delete(key);
    this.held.set(key, held);
    const directory = new GraphDirectory(this.clientFor(held.token), {
      ...this.options.directory,
      tapWritePacer: this.options.tapWritePacer,
    });
    // Graph refusing this token (401) or this approver (403) ends the session here: the next click signs
    // them in again, and Entra's answer to a fresh token decides. Only that token goes, not a newer one.
    const dropOnRefusal = <T>(call: Promise<T>): Promise<T> =>
      call.catch((error: unknown) => {
        if (error instanceof DirectoryError && (error.status === 401 || error.status === 403) && this.held.get(key) === held) {
          this.held.delete(key);
          this.options.logger.info({ approverId: key, graphStatus: error.status }, 'approver token dropped: Graph refused it');
        }
        throw error;
      });
    return {
      approverId: key,
      createPass: (targetId, spec) => dropOnRefusal(directory.createPass(targetId, spec)),
      listPasses: (targetId) => dropOnRefusal(directory.listPasses(targetId)),
      deletePass: (targetId, passId) => dropOnRefusal(directory.deletePass(targetId, passId)),
      revokeSignInSessions: (userId) => dropOnRefusal(directory.revokeSignInSessions(userId)),
      forget: () => {
        if (this.held.get(key) === held) this.held.delete(key);
      },
    };
  }

  /** Exchanges a validated SSO token of `approverId` for a delegated Graph token and holds it. */
  async exchange(approverId: string, ssoToken: string): Promise<ExchangeOutcome> {
    let answer: { token: string; expiresOnTimestamp: number };
    try {
      answer = await (this.options.exchange ?? ((assertion: string) => this.onBehalfOf(assertion)))(ssoToken);
    } catch (error) {
      const outcome = classify(error);
      // The error's text may quote the request; log the classification and Entra's codes only.
      this.options.logger.warn({ approverId, reason: outcome.reason, aadsts: aadstsCodes(error) }, 'on-behalf-of exchange refused');
      return outcome;
    }
    this.hold(approverId.toLowerCase(), { token: answer.token, expiresAt: answer.expiresOnTimestamp });
    return { ok: true, expiresAt: answer.expiresOnTimestamp };
  }

  adopt(approverId: string, graphToken: string, expiresAt: number): void {
    this.hold(approverId.toLowerCase(), { token: graphToken, expiresAt });
  }

  private hold(key: string, held: Held): void {
    this.held.delete(key);
    this.held.set(key, held);
    const max = this.options.maxApprovers ?? 1000;
    while (this.held.size > max) {
      const oldest = this.held.keys().next().value as string;
      this.held.delete(oldest);
    }
  }

  private async onBehalfOf(assertion: string): Promise<{ token: string; expiresOnTimestamp: number }> {
    const o = this.options;
    const authorityHost = (o.authorityHost ?? PUBLIC_AUTHORITY_HOST).replace(/\/+$/, '');
    const common = {
      tenantId: o.tenantId,
      clientId: o.clientId,
      userAssertionToken: assertion,
      authorityHost,
      ...(authorityHost === PUBLIC_AUTHORITY_HOST ? {} : { disableInstanceDiscovery: true }),
      additionalPolicies: [{ policy: this.metadataCache, position: 'perCall' as const }],
    };
    let credential: OnBehalfOfCredential;
    if (o.managedIdentityClientId) {
      // In Azure the app registration trusts the managed identity as a federated credential: no secret anywhere.
      const identity = new ManagedIdentityCredential({ clientId: o.managedIdentityClientId });
      credential = new OnBehalfOfCredential({ ...common, getAssertion: async () => (await identity.getToken(TOKEN_EXCHANGE_SCOPE)).token });
    } else if (o.certificatePath) credential = new OnBehalfOfCredential({ ...common, certificatePath: o.certificatePath });
    else if (o.clientSecret) credential = new OnBehalfOfCredential({ ...common, clientSecret: o.clientSecret });
    else throw new Error('on-behalf-of needs a managed identity, a certificate or a client secret');
    const token = await credential.getToken(GRAPH_DEFAULT_SCOPE);
    return { token: token.token, expiresOnTimestamp: token.expiresOnTimestamp };
  }

  private clientFor(token: string): Client {
    const auth = new AuthenticationHandler({ getAccessToken: () => Promise.resolve(token) });
    auth.setNext(new HTTPMessageHandler());
    return Client.initWithMiddleware({
      middleware: auth,
      baseUrl: `${this.graphUrl.origin}/`,
      defaultVersion: this.graphUrl.pathname.replace(/^\/+/, '') || 'v1.0',
      customHosts: new Set([this.graphUrl.hostname]),
    });
  }
}

function aadstsCodes(error: unknown): string[] {
  const text = error instanceof Error ? error.message : String(error);
  return [...new Set(text.match(/AADSTS\d{5,6}/g) ?? [])];
}

/**
 * Entra's token endpoint errors for an OBO request: consent (AADSTS65001, `invalid_grant` or
 * `consent_required`) and a required interaction (`interaction_required`, AADSTS50076/50079 MFA).
 * https://learn.microsoft.com/entra/identity-platform/v2-oauth2-on-behalf-of-flow#error-response-example
 */
export function classify(error: unknown): Extract<ExchangeOutcome, { ok: false }> {
  const text = error instanceof Error ? `${error.name} ${error.message}` : String(error);
  if (/AADSTS65001|consent_required/.test(text)) return { ok: false, reason: 'consent' };
  if (/interaction_required|AADSTS50076|AADSTS50079|AADSTS50158/.test(text)) return { ok: false, reason: 'interaction' };
  if (/invalid_grant|invalid_request|invalid_client|unauthorized_client|AADSTS\d+/.test(text)) return { ok: false, reason: 'refused' };
  return { ok: false, reason: 'unavailable' };
}
