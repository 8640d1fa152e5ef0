// Environment → the values that go into the Teams app package. Like src/config.ts, a bad value
// becomes one line that names the variable and what it expects.

export class PackageInputError extends Error {
  constructor(variable: string, expectation: string, got: string | undefined) {
    super(`${variable}: expected ${expectation}${got === undefined ? ' (not set)' : `, got "${got}"`}`);
    this.name = 'PackageInputError';
  }
}

export interface PackageInputs {
  /** The bot's Entra app (client) id: with the Bicep in infra/ the managed identity's client id. */
  botAppId: string;
  /** Host name of the bot's web app, e.g. app-tapdesk-x1y2.azurewebsites.net. */
  botDomain: string;
  appVersion: string;
  shortName: string;
  fullName: string;
  developerName: string;
  websiteUrl: string;
  privacyUrl: string;
  termsUrl: string;
  /** PASS_ISSUANCE the deployment runs: delegated needs Teams SSO, so webApplicationInfo. */
  issuance: 'delegated' | 'application';
  /** webApplicationInfo.id: the SSO app registration exposing access_as_user; null in application mode without one. */
  ssoClientId: string | null;
  /** webApplicationInfo.resource: its Application ID URI. */
  ssoAppIdUri: string | null;
}

/** Every variable the packager reads, for `--help` and the README. */
export const PACKAGE_VARIABLES = {
  BOT_APP_ID: "the bot's app (client) id, a GUID (required; Bicep output botAppId)",
  BOT_DOMAIN: "the bot's host name without https:// (required; Bicep output botDomain)",
  APP_VERSION: 'Teams app version, x.y.z (default: version in package.json); raise it for every upload',
  APP_NAME_SUFFIX: 'added to the app name, e.g. "(test)" for a second environment (default none)',
  DEVELOPER_NAME: 'publisher shown in Teams, at most 32 characters (default "TAP Desk")',
  APP_WEBSITE_URL: 'https:// page about the app (default https://BOT_DOMAIN/)',
  APP_PRIVACY_URL: 'https:// privacy statement (default APP_WEBSITE_URL)',
  APP_TERMS_URL: 'https:// terms of use (default APP_WEBSITE_URL)',
  PASS_ISSUANCE: "delegated (default, as infra/ deploys) or application: the web app's PASS_ISSUANCE",
  SSO_CLIENT_ID:
    'client id of the SSO app registration (required with delegated; Bicep output ssoClientId, from infra/register-sso-app.sh)',
  SSO_APP_ID_URI: 'its Application ID URI (default api://botid-SSO_CLIENT_ID; Bicep output ssoAppIdUri)',
} as const;

type Var = keyof typeof PACKAGE_VARIABLES;
type Env = Readonly<Record<string, string | undefined>>;

const BASE_SHORT_NAME = 'TAP Desk';
const BASE_FULL_NAME = 'TAP Desk: Temporary Access Passes';
const SHORT_NAME_MAX = 30; // manifest schema limits
const DEVELOPER_NAME_MAX = 32;
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const HOST = /^(?=.{1,253}$)(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/i;
// Teams accepts only numeric x.y.z app versions (no pre-release tags), without leading zeros.
const VERSION = /^(?:0|[1-9]\d*)\.(?:0|[1-9]\d*)\.(?:0|[1-9]\d*)$/;

function raw(env: Env, name: Var): string | undefined {
  const value = env[name]?.trim();
  return value ? value : undefined;
}

function httpsUrl(env: Env, name: Var, fallback: string): string {
  const value = raw(env, name);
  if (value === undefined) return fallback;
  try {
    if (new URL(value).protocol === 'https:') return value;
  } catch {
    // reported below
  }
  throw new PackageInputError(name, 'an https:// URL', value);
}

function botDomain(env: Env): string {
  const value = raw(env, 'BOT_DOMAIN');
  if (value === undefined) throw new PackageInputError('BOT_DOMAIN', "the bot's host name, e.g. app-tapdesk-x1y2.azurewebsites.net", value);
  if (!HOST.test(value)) {
    const hint = /^[a-z]+:\/\//i.test(value) || value.includes('/') || value.includes(':') ? ' (no https://, path or port)' : '';
    throw new PackageInputError('BOT_DOMAIN', `a host name such as app-tapdesk-x1y2.azurewebsites.net${hint}`, value);
  }
  return value.toLowerCase();
}

export function readPackageInputs(env: Env, defaults: { appVersion: string }): PackageInputs {
  const botAppId = raw(env, 'BOT_APP_ID');
  if (botAppId === undefined || !GUID.test(botAppId)) throw new PackageInputError('BOT_APP_ID', "a GUID (the bot's app id)", botAppId);
  const domain = botDomain(env);

  const appVersion = raw(env, 'APP_VERSION') ?? defaults.appVersion;
  if (!VERSION.test(appVersion)) throw new PackageInputError('APP_VERSION', 'a version like 1.4.0 (three numbers)', appVersion);

  const suffix = raw(env, 'APP_NAME_SUFFIX');
  const shortName = suffix ? `${BASE_SHORT_NAME} ${suffix}` : BASE_SHORT_NAME;
  if (shortName.length > SHORT_NAME_MAX || (suffix !== undefined && [...suffix].some((c) => c < ' ' || c === '{' || c === '}'))) {
    throw new PackageInputError('APP_NAME_SUFFIX', `at most ${SHORT_NAME_MAX - BASE_SHORT_NAME.length - 1} printable characters`, suffix);
  }

  const developerName = raw(env, 'DEVELOPER_NAME') ?? BASE_SHORT_NAME;
  if (developerName.length > DEVELOPER_NAME_MAX)
    throw new PackageInputError('DEVELOPER_NAME', `at most ${DEVELOPER_NAME_MAX} characters`, developerName);

  const websiteUrl = httpsUrl(env, 'APP_WEBSITE_URL', `https://${domain}/`);
  const sso = ssoInputs(env);
  return {
    botAppId: botAppId.toLowerCase(),
    botDomain: domain,
    appVersion,
    shortName,
    fullName: suffix ? `${BASE_FULL_NAME} ${suffix}` : BASE_FULL_NAME,
    developerName,
    websiteUrl,
    privacyUrl: httpsUrl(env, 'APP_PRIVACY_URL', websiteUrl),
    termsUrl: httpsUrl(env, 'APP_TERMS_URL', websiteUrl),
    ...sso,
  };
}

/**
 * Teams SSO in the manifest (webApplicationInfo). Delegated issuance, the default, needs the SSO app
 * registration: the bot's own id is the managed identity's, which exposes no API, so a manifest built
 * from it would fail the first Approve. Application issuance needs no SSO and builds without it.
 */
function ssoInputs(env: Env): Pick<PackageInputs, 'issuance' | 'ssoClientId' | 'ssoAppIdUri'> {
  const issuance = (raw(env, 'PASS_ISSUANCE') ?? 'delegated').toLowerCase();
  if (issuance !== 'delegated' && issuance !== 'application') {
    throw new PackageInputError('PASS_ISSUANCE', 'delegated or application', raw(env, 'PASS_ISSUANCE'));
  }
  const ssoClientId = raw(env, 'SSO_CLIENT_ID');
  if (ssoClientId === undefined) {
    if (issuance === 'application') return { issuance, ssoClientId: null, ssoAppIdUri: null };
    throw new PackageInputError(
      'SSO_CLIENT_ID',
      "the SSO app registration's client id for delegated issuance (the Bicep output ssoClientId, made by infra/register-sso-app.sh); " +
        'BOT_APP_ID cannot stand in, it exposes no API. With PASS_ISSUANCE=application no SSO is needed',
      undefined,
    );
  }
  if (!GUID.test(ssoClientId)) throw new PackageInputError('SSO_CLIENT_ID', "a GUID (the SSO app registration's client id)", ssoClientId);
  const ssoAppIdUri = raw(env, 'SSO_APP_ID_URI') ?? `api://botid-${ssoClientId.toLowerCase()}`;
  if (!/^api:\/\/\S+$/.test(ssoAppIdUri)) throw new PackageInputError('SSO_APP_ID_URI', 'an api:// Application ID URI', ssoAppIdUri);
  return { issuance, ssoClientId: ssoClientId.toLowerCase(), ssoAppIdUri };
}
