// What the deployment must keep, beyond references resolving: the hardening infra/README.md promises
// (no basic-auth publishing to FTP or the SCM site, Application Insights without local auth and with
// the identity as its publisher, the secret-free OAuth connection, the guard that refuses delegated
// issuance without the SSO app), and, for one deployment's parameter values, the rule that guard
// enforces at deploy time — so `npm run check:infra` says it before Azure does.
import path from 'node:path';
import { objectEntries, parseBicep } from './bicep-parse';
import type { BicepProblem, ReadFile } from './bicep-lint';

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** "AAD v2 with Federated Credentials" (infra/modules/bot.bicep cites where it is documented). */
export const FIC_PROVIDER_ID = 'c00b44ab-5e16-c44c-af26-2fd5bc55eb18';
/** Built-in role "Monitoring Metrics Publisher". */
export const METRICS_PUBLISHER_ROLE_ID = '3913510d-42f4-4e42-8a64-420c390055eb';

interface Rule {
  file: string;
  what: string;
  holds: (source: string) => boolean;
}

/** `resource x 'Microsoft.Web/sites/basicPublishingCredentialsPolicies@…' = { … name: '<name>' … allow: false … }`. */
function basicAuthOff(name: string) {
  const block = new RegExp(
    `resource \\w+ 'Microsoft\\.Web/sites/basicPublishingCredentialsPolicies@[^']+' = \\{[^{}]*name: '${name}'[^{}]*properties: \\{\\s*allow: false\\s*\\}`,
  );
  return (source: string) => block.test(source);
}

function hasResource(source: string, type: string): boolean {
  return [...parseBicep(source).resources.values()].some((r) => r.type.startsWith(`${type}@`));
}

const RULES: readonly Rule[] = [
  {
    file: 'modules/web-app.bicep',
    what: 'FTP basic-auth publishing is off (basicPublishingCredentialsPolicies ftp, allow: false)',
    holds: basicAuthOff('ftp'),
  },
  {
    file: 'modules/web-app.bicep',
    what: 'SCM (Kudu) basic-auth publishing is off (basicPublishingCredentialsPolicies scm, allow: false)',
    holds: basicAuthOff('scm'),
  },
  {
    file: 'modules/monitoring.bicep',
    what: 'Application Insights local authentication is off (DisableLocalAuth: true)',
    holds: (s) => hasResource(s, 'Microsoft.Insights/components') && objectEntries(s, 'properties').get('DisableLocalAuth') === 'true',
  },
  {
    file: 'modules/monitoring.bicep',
    what: `the telemetry identity holds "Monitoring Metrics Publisher" (${METRICS_PUBLISHER_ROLE_ID}) on Application Insights`,
    holds: (s) =>
      hasResource(s, 'Microsoft.Authorization/roleAssignments') &&
      s.includes(`'${METRICS_PUBLISHER_ROLE_ID}'`) &&
      /scope: insights\b/.test(s),
  },
  {
    file: 'main.bicep',
    what: 'the app sends telemetry as the managed identity (APPLICATIONINSIGHTS_CLIENT_ID), since local auth is off',
    holds: (s) => objectEntries(s, 'appSettings').has('APPLICATIONINSIGHTS_CLIENT_ID'),
  },
  {
    file: 'modules/bot.bicep',
    what:
      `the Azure Bot has an OAuth connection with "AAD v2 with Federated Credentials" (${FIC_PROVIDER_ID}): ` +
      'ClientId, UniqueIdentifier, TokenExchangeUrl, TenantId, no secret',
    holds: (s) =>
      hasResource(s, 'Microsoft.BotService/botServices/connections') &&
      s.includes(`'${FIC_PROVIDER_ID}'`) &&
      ['ClientId', 'UniqueIdentifier', 'TokenExchangeUrl', 'TenantId'].every((key) => s.includes(`key: '${key}'`)) &&
      !/clientSecret/.test(s),
  },
  {
    file: 'main.bicep',
    what: "delegated issuance without ssoClientId fails the deployment (passIssuance == 'delegated' && empty(ssoClientId) ? fail(…))",
    holds: (s) => /passIssuance == 'delegated' && empty\(ssoClientId\) \? fail\(/.test(s),
  },
];

/** The hardening and guards every deployment keeps; `infraDir` holds main.bicep. */
export function lintPolicy(infraDir: string, read: ReadFile): BicepProblem[] {
  const problems: BicepProblem[] = [];
  for (const rule of RULES) {
    const file = path.join(infraDir, rule.file);
    const source = read(file);
    if (source === undefined) problems.push({ file, line: 0, message: 'file not found' });
    else if (!rule.holds(source)) problems.push({ file, line: 0, message: `must ensure ${rule.what}` });
  }
  return problems;
}

/** A param's literal default (`param x string = 'y'`), for values the parameters file leaves out. */
function literalDefault(source: string, name: string): string | undefined {
  return new RegExp(`^param ${name} string = '([^']*)'`, 'm').exec(source)?.[1];
}

/**
 * One deployment's values (parameters file, then `--param name=value` overrides, then the template's
 * defaults) against the rule the template's fail() enforces: delegated issuance needs the SSO app.
 */
export function lintDeploymentValues(
  parametersFile: string,
  bicepFile: string,
  overrides: Readonly<Record<string, string>>,
  read: ReadFile,
): BicepProblem[] {
  const text = read(parametersFile);
  const source = read(bicepFile);
  if (text === undefined || source === undefined) return [];
  const file = (JSON.parse(text) as { parameters?: Record<string, { value?: unknown }> }).parameters ?? {};
  const value = (name: string): string => {
    if (name in overrides) return overrides[name] as string;
    const set = file[name]?.value;
    return typeof set === 'string' ? set : (literalDefault(source, name) ?? '');
  };
  const issuance = value('passIssuance');
  const ssoClientId = value('ssoClientId').trim();
  const problems: BicepProblem[] = [];
  const report = (message: string) => problems.push({ file: parametersFile, line: 0, message });
  if (!parseBicep(source).params.has('ssoClientId')) return problems;
  if (issuance === 'delegated' && ssoClientId === '') {
    report(
      'passIssuance is delegated (the default) but ssoClientId is empty: run infra/register-sso-app.sh, then pass its client id ' +
        '(--param ssoClientId=<id> here, -p ssoClientId=<id> to az deployment); the deployment refuses it too',
    );
  } else if (ssoClientId !== '' && !GUID.test(ssoClientId)) {
    report(`ssoClientId is "${ssoClientId}", not a client id (a GUID)`);
  }
  return problems;
}
