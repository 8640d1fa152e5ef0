// Environment → one typed, validated, frozen Config. A bad value stops start-up with one line
// that names the variable and what it expects (ConfigError), never a stack trace.
import { GUID } from './domain/ids';
import type { IssuanceMode } from './domain/capabilities';
import { type EvidencePolicy, STATED_POLICY, parseEvidencePolicy } from './domain/evidence';

export class ConfigError extends Error {
  constructor(
    readonly variable: string,
    readonly expectation: string,
    readonly got: string | undefined,
  ) {
    super(`${variable}: expected ${expectation}${got === undefined ? ' (not set)' : `, got "${got}"`}`);
    this.name = 'ConfigError';
  }
}

export type Mode = 'production' | 'demo';
export type AppType = 'SingleTenant' | 'MultiTenant' | 'UserAssignedMSI';
export type PassDelivery = 'approver' | 'requester';
/** Whose rights create the pass: the approver's own (delegated, recommended) or the app's (application). */
/** The domain's issuance modes (capabilities.ts), named as the setting is. */
export type PassIssuance = IssuanceMode;

/** Delegated issuance: Teams SSO for the approver's click, exchanged on-behalf-of them for a Graph token. */
export interface SsoConfig {
  /** Application ID URI of the bot's exposed API (api://…/botid-<app id>): the SSO token's audience. */
  appIdUri: string;
  /** The Azure Bot OAuth connection named in the loginRequest (Teams' fallback sign-in). */
  connectionName: string;
  /** The app registration that exposes that API and makes the on-behalf-of exchange (default GRAPH_CLIENT_ID). */
  clientId: string;
  /** Client apps besides Teams' own whose tokens for our API are accepted (SSO_EXTRA_CLIENT_IDS; usually none). */
  extraClientIds: string[];
}

export interface GraphAuth {
  tenantId: string;
  clientId: string;
  clientSecret: string | null;
  certificatePath: string | null;
  /** Set to use the App Service managed identity (with clientId as its client id). */
  useManagedIdentity: boolean;
  authorityHost: string;
  baseUrl: string;
}

/** Verified ID Face Check (optional): who we are to the Request Service, where it calls back, the threshold. */
export interface FaceCheckConfig {
  /** Our verifier DID (did:web:…), the request's `authority`. */
  authority: string;
  /** The Request Service's verifiableCredentials URL (createPresentationRequest is under it). */
  endpoint: string;
  /** Issuers whose VerifiedEmployee credentials count (default: our own authority). */
  acceptedIssuers: string[];
  /** TAP Desk's public callback route, https://…/api/verifiedid/callback. */
  callbackUrl: string;
  /** matchConfidenceThreshold, 50..100. */
  threshold: number;
}

/** Overrides of the Bot Framework's public endpoints, for offline tests with a local issuer. */
export interface ChannelServiceOverrides {
  openIdMetadataUrl: string;
  tokenIssuer: string;
  loginUrl: string;
  oauthScope: string;
}

export interface Config {
  mode: Mode;
  port: number;
  host: string;
  /** The Entra tenant this deployment serves; activities from others are refused. */
  tenantId: string;
  bot: {
    appId: string | null;
    appPassword: string | null;
    appType: AppType;
    channelService: ChannelServiceOverrides | null;
    /** The Bot Framework token service the SDK's user-token client calls (null: the SDK's public default). */
    oauthUrl: string | null;
  };
  graph: GraphAuth;
  storage: { connectionString: string | null; accountUrl: string | null; tablePrefix: string };
  serviceDeskGroupId: string | null;
  approvalsConversationId: string | null;
  approvalsServiceUrl: string | null;
  /** A Teams tag mentioned in each approval post (its members get a notification); null: no mention. */
  approversTag: { id: string; name: string } | null;
  /** Approval cards carry a refresh for the approvers (Teams user-specific views); off where the client lacks them. */
  userSpecificViews: boolean;
  passDelivery: PassDelivery;
  passIssuance: PassIssuance;
  /** Set in delegated mode (required there), null in application mode. */
  sso: SsoConfig | null;
  requestTtlMinutes: number;
  refuseHighRisk: boolean;
  /** Which evidence an approval needs per class of target (domain/evidence.ts); default: the approver's stated method. */
  evidencePolicy: EvidencePolicy;
  rateLimits: { perRequesterPerHour: number; perTargetPerHour: number };
  policyCacheSeconds: number;
  /** Seconds between reads of the outbox for posts and card updates still to send (0: only when written). */
  outboxDrainSeconds: number;
  maxBodyBytes: number;
  logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  appInsightsConnectionString: string | null;
  /** Client id of the managed identity that sends telemetry with an Entra token (App Insights local auth off); null: the key in the connection string. */
  appInsightsClientId: string | null;
  /** Shared secret a caller of /readyz sends (X-Readyz-Key) to see the details; null: anonymous status only, for everyone. */
  readinessKey: string | null;
  /** Verified ID Face Check; null: not configured (no button, `health` says so). */
  faceCheck: FaceCheckConfig | null;
}

type Env = Readonly<Record<string, string | undefined>>;

/** Every variable config reads, with a one-line description: the source of the configuration reference. */
export const CONFIG_VARIABLES = {
  TAPDESK_MODE: 'production (default) or demo; demo allows unauthenticated Bot Framework traffic',
  PORT: 'HTTP port of the bot (default 3978)',
  HOST: 'interface to listen on (default 0.0.0.0 in production, 127.0.0.1 in demo)',
  TENANT_ID: 'the Entra tenant id this deployment serves',
  MICROSOFT_APP_ID: "the bot's app (client) id; required in production",
  MICROSOFT_APP_PASSWORD: "the bot's client secret (SingleTenant/MultiTenant); not used with UserAssignedMSI",
  MICROSOFT_APP_TYPE: 'SingleTenant (default), MultiTenant or UserAssignedMSI',
  BOTFRAMEWORK_OPENID_METADATA_URL: 'override of the Bot Framework OpenID metadata URL (offline tests only)',
  BOTFRAMEWORK_TOKEN_ISSUER: 'override of the Bot Framework token issuer (offline tests only)',
  BOTFRAMEWORK_LOGIN_URL: 'override of the Bot Framework login URL (offline tests only)',
  BOTFRAMEWORK_OAUTH_SCOPE: 'override of the Bot Framework OAuth scope (offline tests only)',
  GRAPH_CLIENT_ID: 'client id used for Microsoft Graph (default MICROSOFT_APP_ID)',
  GRAPH_CLIENT_SECRET: 'client secret for Graph (prefer a certificate or managed identity)',
  GRAPH_CERTIFICATE_PATH: 'PEM file with the certificate and private key for Graph',
  GRAPH_USE_MANAGED_IDENTITY: 'true to use the managed identity for Graph',
  GRAPH_AUTHORITY_HOST: 'Entra authority host (default https://login.microsoftonline.com)',
  GRAPH_BASE_URL: 'Graph base URL (default https://graph.microsoft.com/v1.0)',
  STORAGE_CONNECTION_STRING: 'Azure Table Storage connection string',
  STORAGE_ACCOUNT_URL: 'Table endpoint URL, used with the managed identity when no connection string is set',
  STORAGE_TABLE_PREFIX: 'prefix of the table names (default tapdesk)',
  SERVICE_DESK_GROUP_ID: 'group whose members may request passes for others and ask about anyone',
  APPROVALS_CONVERSATION_ID: 'Teams channel conversation id for approval cards (or say "approvals here" in the channel)',
  APPROVALS_SERVICE_URL: 'Bot Framework service URL for that channel (with APPROVALS_CONVERSATION_ID)',
  APPROVERS_TAG_ID: 'Teams tag id (Graph /teams/{id}/tags) mentioned in every approval post in the channel; unset: no mention',
  APPROVERS_TAG_NAME: 'the display name of that tag, as the mention shows it (with APPROVERS_TAG_ID)',
  USER_SPECIFIC_VIEWS:
    "true (default): approval cards refresh to each approver's own view, and status cards in a personal chat to the current state, when Teams re-renders them; false for clients without them (the Agents Playground)",
  PASS_DELIVERY: 'approver (default: the approver sees the pass) or requester ("Reveal my pass")',
  PASS_ISSUANCE:
    "application (default: the app creates passes with its own permission) or delegated (recommended: the approver's own Entra rights create the pass, through Teams SSO and on-behalf-of)",
  SSO_APP_ID_URI:
    "delegated mode: Application ID URI of the bot's exposed API (api://<domain>/botid-<app id>), the audience of the Teams SSO token",
  SSO_CLIENT_ID:
    'delegated mode: client id of the app registration that exposes the API and exchanges on-behalf-of (default GRAPH_CLIENT_ID; in Azure an app registration whose federated credential is the managed identity)',
  SSO_CONNECTION_NAME: 'delegated mode: name of the Azure Bot OAuth connection Teams falls back to for sign-in (default tapdesk-sso)',
  SSO_EXTRA_CLIENT_IDS:
    'delegated mode: comma-separated client app ids, besides the Teams clients, whose SSO tokens are accepted (usually none)',
  BOTFRAMEWORK_OAUTH_URL:
    'the Bot Framework token service (OAuth API) endpoint, e.g. a regional one (default https://api.botframework.com)',
  REQUEST_TTL_MINUTES: 'minutes a request may wait for approval (default 30)',
  REFUSE_HIGH_RISK: 'refuse passes for users at high Identity Protection risk (default true)',
  EVIDENCE_POLICY:
    "evidence an approval needs: stated (default: the approver's stated method), recommended, or e.g. members=1;admins=2/1;guests=1",
  RATE_LIMIT_PER_REQUESTER: 'requests one person may file per hour (default 5)',
  RATE_LIMIT_PER_TARGET: 'requests for one target per hour (default 3)',
  POLICY_CACHE_SECONDS: 'how long the TAP policy is cached (default 300)',
  OUTBOX_DRAIN_SECONDS: 'seconds between reads of the outbox of posts and card updates still to send to Teams (default 5)',
  MAX_BODY_BYTES: 'largest accepted activity body (default 262144)',
  LOG_LEVEL: 'fatal, error, warn, info (default), debug, trace or silent',
  APPLICATIONINSIGHTS_CONNECTION_STRING: 'send telemetry to Application Insights when set',
  APPLICATIONINSIGHTS_CLIENT_ID:
    'client id of the managed identity that signs telemetry to Application Insights (needed with its local authentication off, as infra/ deploys it)',
  READYZ_DETAILS_KEY:
    'secret (32+ characters) a caller sends as the X-Readyz-Key header to see /readyz details; unset: /readyz answers status only (infra/README "Readiness")',
  VERIFIED_ID_AUTHORITY:
    'Face Check: the verifier DID of your Verified ID tenant (did:web:…); unset: Face Check is off (no button, `health` says "not configured")',
  VERIFIED_ID_CALLBACK_URL:
    "Face Check: TAP Desk's public base URL (https://…); the Request Service posts results to <it>/api/verifiedid/callback",
  VERIFIED_ID_ENDPOINT: 'Face Check: the Request Service URL (default https://verifiedid.did.msidentity.com/v1.0/verifiableCredentials)',
  VERIFIED_ID_ACCEPTED_ISSUERS:
    'Face Check: comma-separated issuer DIDs whose VerifiedEmployee credentials count (default VERIFIED_ID_AUTHORITY)',
  FACE_CHECK_THRESHOLD: 'Face Check: matchConfidenceThreshold, a whole number from 50 to 100 (default 80)',
} as const;

type Var = keyof typeof CONFIG_VARIABLES;

function raw(env: Env, name: Var): string | undefined {
  const value = env[name];
  return value === undefined || value.trim() === '' ? undefined : value.trim();
}

function oneOf<T extends string>(env: Env, name: Var, options: readonly T[], fallback: T): T {
  const value = raw(env, name);
  if (value === undefined) return fallback;
  const match = options.find((o) => o.toLowerCase() === value.toLowerCase());
  if (!match) throw new ConfigError(name, `one of ${options.join(', ')}`, value);
  return match;
}

function integer(env: Env, name: Var, fallback: number, min: number, max: number): number {
  const value = raw(env, name);
  if (value === undefined) return fallback;
  if (!/^\d+$/.test(value) || Number(value) < min || Number(value) > max) {
    throw new ConfigError(name, `a whole number from ${min} to ${max}`, value);
  }
  return Number(value);
}

function bool(env: Env, name: Var, fallback: boolean): boolean {
  const value = raw(env, name);
  if (value === undefined) return fallback;
  if (/^(true|1|yes)$/i.test(value)) return true;
  if (/^(false|0|no)$/i.test(value)) return false;
  throw new ConfigError(name, 'true or false', value);
}

function guid(env: Env, name: Var, required: boolean): string | null {
  const value = raw(env, name);
  if (value === undefined) {
    if (required) throw new ConfigError(name, 'a GUID', value);
    return null;
  }
  if (!GUID.test(value)) throw new ConfigError(name, 'a GUID', value);
  return value.toLowerCase();
}

function url(env: Env, name: Var, fallback: string | null, httpsOnly: boolean): string | null {
  const value = raw(env, name);
  if (value === undefined) return fallback;
  let parsed: URL;
  try {
    parsed = new URL(value);
  } catch {
    throw new ConfigError(name, 'an absolute URL', value);
  }
  if (httpsOnly && parsed.protocol !== 'https:') throw new ConfigError(name, 'an https:// URL', value);
  return value.replace(/\/+$/, '');
}

function text(env: Env, name: Var): string | null {
  return raw(env, name) ?? null;
}

function channelServiceOverrides(env: Env): ChannelServiceOverrides | null {
  const metadata = url(env, 'BOTFRAMEWORK_OPENID_METADATA_URL', null, false);
  if (!metadata) return null;
  // botbuilder takes all of these literally as soon as one is set (src/teams/README.md), so all are required together.
  const issuer = text(env, 'BOTFRAMEWORK_TOKEN_ISSUER');
  if (!issuer) throw new ConfigError('BOTFRAMEWORK_TOKEN_ISSUER', 'set together with BOTFRAMEWORK_OPENID_METADATA_URL', undefined);
  return {
    openIdMetadataUrl: metadata,
    tokenIssuer: issuer,
    loginUrl: url(env, 'BOTFRAMEWORK_LOGIN_URL', metadata, false) ?? metadata,
    oauthScope: text(env, 'BOTFRAMEWORK_OAUTH_SCOPE') ?? 'https://api.botframework.com',
  };
}

function ssoConfig(env: Env, graphClientId: string): SsoConfig {
  const clientId = guid(env, 'SSO_CLIENT_ID', false) ?? graphClientId;
  const appIdUri = text(env, 'SSO_APP_ID_URI');
  if (!appIdUri)
    throw new ConfigError(
      'SSO_APP_ID_URI',
      `the exposed API's Application ID URI, e.g. api://tapdesk.contoso.com/botid-${clientId}, with PASS_ISSUANCE=delegated`,
      undefined,
    );
  if (!/^(api|https):\/\/\S+$/.test(appIdUri))
    throw new ConfigError('SSO_APP_ID_URI', 'an api:// or https:// Application ID URI', appIdUri);
  const connectionName = text(env, 'SSO_CONNECTION_NAME') ?? 'tapdesk-sso';
  if (!/^[\w.-]{1,100}$/.test(connectionName))
    throw new ConfigError('SSO_CONNECTION_NAME', 'letters, digits, dot, dash or underscore', connectionName);
  const extraClientIds = (text(env, 'SSO_EXTRA_CLIENT_IDS') ?? '')
    .split(',')
    .map((id) => id.trim().toLowerCase())
    .filter(Boolean);
  const badId = extraClientIds.find((id) => !GUID.test(id));
  if (badId) throw new ConfigError('SSO_EXTRA_CLIENT_IDS', 'comma-separated application (client) ids', badId);
  return { appIdUri: appIdUri.replace(/\/+$/, ''), connectionName, clientId, extraClientIds };
}

// Long enough that guessing it over HTTP is hopeless; it only unlocks details, never an action.
const READINESS_KEY_MIN = 32;

function evidencePolicy(env: Env): EvidencePolicy {
  const value = raw(env, 'EVIDENCE_POLICY');
  if (value === undefined) return STATED_POLICY;
  const parsed = parseEvidencePolicy(value);
  if (!parsed.ok)
    throw new ConfigError('EVIDENCE_POLICY', `stated, recommended or members=N;admins=N/M;guests=N (${parsed.problem})`, value);
  return parsed.policy;
}

function readinessKey(env: Env): string | null {
  const value = raw(env, 'READYZ_DETAILS_KEY');
  if (value === undefined) return null;
  if (value.length < READINESS_KEY_MIN)
    throw new ConfigError('READYZ_DETAILS_KEY', `at least ${READINESS_KEY_MIN} characters`, `${value.length} characters`);
  return value;
}

export const PUBLIC_VERIFIED_ID_ENDPOINT = 'https://verifiedid.did.msidentity.com/v1.0/verifiableCredentials';
const DID = /^did:[a-z0-9]+:\S{1,400}$/;

function faceCheckConfig(env: Env): FaceCheckConfig | null {
  const authority = text(env, 'VERIFIED_ID_AUTHORITY');
  if (!authority) return null;
  if (!DID.test(authority)) throw new ConfigError('VERIFIED_ID_AUTHORITY', 'a DID such as did:web:verifiedid.contoso.com', authority);
  const base = url(env, 'VERIFIED_ID_CALLBACK_URL', null, false);
  if (!base)
    throw new ConfigError('VERIFIED_ID_CALLBACK_URL', "TAP Desk's public https:// base URL, with VERIFIED_ID_AUTHORITY", undefined);
  const parsed = new URL(base);
  // The Request Service calls from the internet: https, except a loopback address for local runs.
  if (parsed.protocol !== 'https:' && !['127.0.0.1', 'localhost', '[::1]'].includes(parsed.hostname))
    throw new ConfigError('VERIFIED_ID_CALLBACK_URL', 'an https:// URL (http only on a loopback address)', base);
  const acceptedIssuers = (text(env, 'VERIFIED_ID_ACCEPTED_ISSUERS') ?? authority)
    .split(',')
    .map((d) => d.trim())
    .filter(Boolean);
  const bad = acceptedIssuers.find((d) => !DID.test(d));
  if (bad) throw new ConfigError('VERIFIED_ID_ACCEPTED_ISSUERS', 'comma-separated DIDs', bad);
  return {
    authority,
    endpoint: url(env, 'VERIFIED_ID_ENDPOINT', PUBLIC_VERIFIED_ID_ENDPOINT, true) as string,
    acceptedIssuers,
    callbackUrl: `${base.replace(/\/api\/verifiedid\/callback$/, '')}/api/verifiedid/callback`,
    threshold: integer(env, 'FACE_CHECK_THRESHOLD', 80, 50, 100),
  };
}

export function loadConfig(env: Env): Config {
  const mode = oneOf(env, 'TAPDESK_MODE', ['production', 'demo'] as const, 'production');
  const appId = guid(env, 'MICROSOFT_APP_ID', mode === 'production');
  const appType = oneOf(env, 'MICROSOFT_APP_TYPE', ['SingleTenant', 'MultiTenant', 'UserAssignedMSI'] as const, 'SingleTenant');
  const appPassword = text(env, 'MICROSOFT_APP_PASSWORD');
  if (mode === 'production' && appType !== 'UserAssignedMSI' && !appPassword) {
    throw new ConfigError('MICROSOFT_APP_PASSWORD', `a client secret for MICROSOFT_APP_TYPE=${appType} in production`, undefined);
  }
  const tenantId = guid(env, 'TENANT_ID', true) as string;

  const graphClientId = guid(env, 'GRAPH_CLIENT_ID', false) ?? appId;
  if (!graphClientId) throw new ConfigError('GRAPH_CLIENT_ID', 'a GUID (or set MICROSOFT_APP_ID)', undefined);
  const graphSecret = text(env, 'GRAPH_CLIENT_SECRET');
  const graphCert = text(env, 'GRAPH_CERTIFICATE_PATH');
  const useManagedIdentity = bool(env, 'GRAPH_USE_MANAGED_IDENTITY', false);
  if (!graphSecret && !graphCert && !useManagedIdentity) {
    throw new ConfigError('GRAPH_CLIENT_SECRET', 'a secret, or GRAPH_CERTIFICATE_PATH, or GRAPH_USE_MANAGED_IDENTITY=true', undefined);
  }

  const connectionString = text(env, 'STORAGE_CONNECTION_STRING');
  const accountUrl = url(env, 'STORAGE_ACCOUNT_URL', null, false);
  if (!connectionString && !accountUrl) {
    throw new ConfigError('STORAGE_CONNECTION_STRING', 'an Azure Table Storage connection string (or STORAGE_ACCOUNT_URL)', undefined);
  }
  const tablePrefix = text(env, 'STORAGE_TABLE_PREFIX') ?? 'tapdesk';
  if (!/^[A-Za-z][A-Za-z0-9]{0,39}$/.test(tablePrefix)) {
    throw new ConfigError('STORAGE_TABLE_PREFIX', 'letters and digits, starting with a letter, at most 40', tablePrefix);
  }

  const approvalsConversationId = text(env, 'APPROVALS_CONVERSATION_ID');
  const approvalsServiceUrl = url(env, 'APPROVALS_SERVICE_URL', null, false);
  if (approvalsConversationId && !approvalsServiceUrl) {
    throw new ConfigError('APPROVALS_SERVICE_URL', 'set together with APPROVALS_CONVERSATION_ID', undefined);
  }

  const approversTagId = text(env, 'APPROVERS_TAG_ID');
  const approversTagName = text(env, 'APPROVERS_TAG_NAME');
  if (Boolean(approversTagId) !== Boolean(approversTagName)) {
    throw new ConfigError(
      approversTagId ? 'APPROVERS_TAG_NAME' : 'APPROVERS_TAG_ID',
      'set together with the other APPROVERS_TAG_ variable',
      undefined,
    );
  }

  const passDelivery = oneOf(env, 'PASS_DELIVERY', ['approver', 'requester'] as const, 'approver');
  // Application stays the product's default so that an existing deployment keeps working when it
  // upgrades: delegated mode needs an exposed API, webApplicationInfo in the Teams app and admin consent
  // first (infra/README). infra/ and the demo set delegated, the recommended mode.
  const passIssuance = oneOf(env, 'PASS_ISSUANCE', ['delegated', 'application'] as const, 'application');
  const sso = passIssuance === 'delegated' ? ssoConfig(env, graphClientId) : null;
  if (passIssuance === 'delegated' && passDelivery === 'requester') {
    // With requester delivery the pass is created when the requester reveals it, and the requester has no right to create it.
    throw new ConfigError(
      'PASS_DELIVERY',
      "approver with PASS_ISSUANCE=delegated (the approver's own rights create the pass)",
      'requester',
    );
  }

  const config: Config = {
    mode,
    port: integer(env, 'PORT', 3978, 0, 65535),
    host: text(env, 'HOST') ?? (mode === 'demo' ? '127.0.0.1' : '0.0.0.0'),
    tenantId,
    bot: {
      appId,
      appPassword,
      appType,
      channelService: channelServiceOverrides(env),
      oauthUrl: url(env, 'BOTFRAMEWORK_OAUTH_URL', null, true),
    },
    graph: {
      tenantId,
      clientId: graphClientId,
      clientSecret: graphSecret,
      certificatePath: graphCert,
      useManagedIdentity,
      authorityHost: url(env, 'GRAPH_AUTHORITY_HOST', 'https://login.microsoftonline.com', true) as string,
      baseUrl: url(env, 'GRAPH_BASE_URL', 'https://graph.microsoft.com/v1.0', true) as string,
    },
    storage: { connectionString, accountUrl, tablePrefix },
    serviceDeskGroupId: guid(env, 'SERVICE_DESK_GROUP_ID', false),
    approvalsConversationId,
    approvalsServiceUrl,
    approversTag: approversTagId && approversTagName ? { id: approversTagId, name: approversTagName } : null,
    userSpecificViews: bool(env, 'USER_SPECIFIC_VIEWS', true),
    passDelivery,
    passIssuance,
    sso,
    requestTtlMinutes: integer(env, 'REQUEST_TTL_MINUTES', 30, 2, 24 * 60),
    refuseHighRisk: bool(env, 'REFUSE_HIGH_RISK', true),
    evidencePolicy: evidencePolicy(env),
    rateLimits: {
      perRequesterPerHour: integer(env, 'RATE_LIMIT_PER_REQUESTER', 5, 1, 1000),
      perTargetPerHour: integer(env, 'RATE_LIMIT_PER_TARGET', 3, 1, 1000),
    },
    policyCacheSeconds: integer(env, 'POLICY_CACHE_SECONDS', 300, 0, 3600),
    outboxDrainSeconds: integer(env, 'OUTBOX_DRAIN_SECONDS', 5, 0, 300),
    maxBodyBytes: integer(env, 'MAX_BODY_BYTES', 256 * 1024, 1024, 4 * 1024 * 1024),
    logLevel: oneOf(env, 'LOG_LEVEL', ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const, 'info'),
    appInsightsConnectionString: text(env, 'APPLICATIONINSIGHTS_CONNECTION_STRING'),
    appInsightsClientId: guid(env, 'APPLICATIONINSIGHTS_CLIENT_ID', false),
    readinessKey: readinessKey(env),
    faceCheck: faceCheckConfig(env),
  };
  return deepFreeze(config);
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object') {
    for (const child of Object.values(value)) deepFreeze(child);
    Object.freeze(value);
  }
  return value;
}
