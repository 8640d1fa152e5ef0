// What main.bicep deploys, checked against the code and the brief: app settings are variables that
// src/config.ts reads and that it accepts; no secret or key anywhere; the web app, storage and bot
// are locked down as infra/README.md says.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { CONFIG_VARIABLES, loadConfig } from '../../../src/config';
import { objectEntries, parseBicep } from '../../../infra/tools/bicep-parse';

const INFRA = path.resolve(__dirname, '../../../infra');
const read = (file: string) => readFileSync(path.join(INFRA, file), 'utf8');
const main = read('main.bicep');
const webApp = read('modules/web-app.bicep');
const storage = read('modules/storage.bicep');
const bot = read('modules/bot.bicep');

const appSettings = objectEntries(main, 'appSettings');
const platformSettings = objectEntries(webApp, 'platformSettings');

/** Values for settings the template computes at deployment time, shaped like the real ones. */
const DEPLOY_TIME_SAMPLES: Record<string, string> = {
  TENANT_ID: '3f2e1d0c-aaaa-4bbb-8ccc-0123456789ab',
  MICROSOFT_APP_ID: '6f1d2c3b-4a59-4e8d-9c7b-0a1b2c3d4e5f',
  GRAPH_CLIENT_ID: '6f1d2c3b-4a59-4e8d-9c7b-0a1b2c3d4e5f',
  STORAGE_ACCOUNT_URL: 'https://sttapdeskab12cd.table.core.windows.net/',
  SERVICE_DESK_GROUP_ID: '',
  PASS_DELIVERY: 'approver',
  PASS_ISSUANCE: 'delegated',
  SSO_CLIENT_ID: '8a7b6c5d-4e3f-4a1b-9c8d-7e6f5a4b3c2d',
  SSO_APP_ID_URI: 'api://botid-8a7b6c5d-4e3f-4a1b-9c8d-7e6f5a4b3c2d',
  REQUEST_TTL_MINUTES: '30',
  EVIDENCE_POLICY: 'recommended',
  LOG_LEVEL: 'info',
  APPLICATIONINSIGHTS_CONNECTION_STRING: 'InstrumentationKey=00000000-0000-0000-0000-000000000000',
  APPLICATIONINSIGHTS_CLIENT_ID: '6f1d2c3b-4a59-4e8d-9c7b-0a1b2c3d4e5f',
  SSO_CONNECTION_NAME: 'tapdesk-sso',
  // Face Check off by default (verifiedIdAuthority empty).
  VERIFIED_ID_AUTHORITY: '',
  VERIFIED_ID_CALLBACK_URL: '',
  FACE_CHECK_THRESHOLD: '80',
};

function allBicep(dir = INFRA): string {
  return readdirSync(dir, { withFileTypes: true })
    .map((e) =>
      e.isDirectory() ? allBicep(path.join(dir, e.name)) : e.name.endsWith('.bicep') ? readFileSync(path.join(dir, e.name), 'utf8') : '',
    )
    .join('\n');
}

describe('infra: what the deployment configures', () => {
  it('sets only app settings src/config.ts reads (plus App Service platform settings)', () => {
    assert.ok(appSettings.size >= 10, 'appSettings not found in main.bicep');
    for (const name of appSettings.keys()) assert.ok(name in CONFIG_VARIABLES, `${name} is not in CONFIG_VARIABLES`);
    for (const name of platformSettings.keys())
      assert.match(name, /^(SCM_|WEBSITE_|WEBSITES_)/, `${name} is neither a TAP Desk nor an App Service setting`);
  });

  it('runs in production mode on the managed identity, for Graph and storage alike', () => {
    assert.equal(appSettings.get('TAPDESK_MODE'), 'production');
    assert.equal(appSettings.get('MICROSOFT_APP_TYPE'), 'UserAssignedMSI');
    assert.equal(appSettings.get('GRAPH_USE_MANAGED_IDENTITY'), 'true');
    for (const name of [
      'TENANT_ID',
      'MICROSOFT_APP_ID',
      'GRAPH_CLIENT_ID',
      'STORAGE_ACCOUNT_URL',
      'SERVICE_DESK_GROUP_ID',
      'PASS_DELIVERY',
      'REQUEST_TTL_MINUTES',
      'APPLICATIONINSIGHTS_CONNECTION_STRING',
    ]) {
      assert.ok(appSettings.has(name), `${name} is not set`);
    }
    assert.match(main, /MICROSOFT_APP_ID: identity\.properties\.clientId/);
    assert.match(main, /GRAPH_CLIENT_ID: identity\.properties\.clientId/);
    assert.match(main, /STORAGE_ACCOUNT_URL: storage\.outputs\.tableEndpoint/);
  });

  it('gives settings that src/config.ts accepts', () => {
    const env: Record<string, string> = { PORT: '8080' };
    for (const [name, literal] of appSettings) {
      const value = literal ?? DEPLOY_TIME_SAMPLES[name];
      assert.ok(value !== undefined, `no sample value for ${name}: add one to DEPLOY_TIME_SAMPLES`);
      env[name] = value;
    }
    const config = loadConfig(env);
    assert.equal(config.mode, 'production');
    assert.equal(config.bot.appType, 'UserAssignedMSI');
    assert.equal(config.graph.useManagedIdentity, true);
    assert.equal(config.storage.connectionString, null);
    assert.ok(config.storage.accountUrl?.startsWith('https://'));
  });

  it('holds no secret, key or connection string with a key', () => {
    for (const name of ['MICROSOFT_APP_PASSWORD', 'GRAPH_CLIENT_SECRET', 'STORAGE_CONNECTION_STRING'])
      assert.ok(!appSettings.has(name), `${name} is set`);
    assert.doesNotMatch(allBicep(), /listKeys\(|AccountKey=|primaryKey/);
    assert.match(storage, /allowSharedKeyAccess: false/);
  });

  it('web app: Node 22 LTS on Linux, npm start, HTTPS only, TLS 1.2, FTPS off, always on, /healthz, no affinity', () => {
    const site = objectEntries(webApp, 'siteConfig');
    assert.equal(site.get('linuxFxVersion'), 'NODE|22-lts');
    assert.equal(site.get('appCommandLine'), 'npm start');
    assert.equal(site.get('minTlsVersion'), '1.2');
    assert.equal(site.get('scmMinTlsVersion'), '1.2');
    assert.equal(site.get('ftpsState'), 'Disabled');
    assert.equal(site.get('alwaysOn'), 'true');
    assert.equal(site.get('healthCheckPath'), '/healthz');
    assert.match(webApp, /httpsOnly: true/);
    assert.match(webApp, /clientAffinityEnabled: false/);
    assert.match(webApp, /capacity: instanceCount/);
    // What `npm start` runs there: the compiled bot with the heap cap infra/README explains.
    const start = (JSON.parse(readFileSync(path.join(INFRA, '..', 'package.json'), 'utf8')) as { scripts: { start: string } }).scripts
      .start;
    // .env only if present: App Service's app settings are the configuration there (stage-app.sh ships no .env).
    assert.match(start, /^node --max-old-space-size=\d+ --env-file-if-exists=\.env dist\/src\/main\.js$/);
    assert.match(read('README.md'), new RegExp(start.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')));
    assert.equal(platformSettings.get('SCM_DO_BUILD_DURING_DEPLOYMENT'), 'false');
  });

  it('two instances by default', () => {
    const param = parseBicep(main).params.get('instanceCount');
    assert.ok(param?.hasDefault && /param instanceCount int = 2\b/.test(main));
    assert.ok((param?.max ?? 0) >= 2);
  });

  it('storage: TLS 1.2, HTTPS only, no public blob access, Table Data Contributor for the identity', () => {
    const account = objectEntries(storage, 'properties');
    assert.equal(account.get('minimumTlsVersion'), 'TLS1_2');
    assert.equal(account.get('supportsHttpsTrafficOnly'), 'true');
    assert.equal(account.get('allowBlobPublicAccess'), 'false');
    assert.match(storage, /Microsoft\.Storage\/storageAccounts\/tableServices@/);
    // Built-in role id of "Storage Table Data Contributor".
    assert.match(storage, /'0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3'/);
  });

  it('bot: the managed identity as UserAssignedMSI, messaging endpoint on the web app, Teams channel on', () => {
    const props = objectEntries(bot, 'properties');
    assert.equal(props.get('msaAppType'), 'UserAssignedMSI');
    assert.equal(props.get('isEnabled'), 'true');
    assert.equal(props.get('channelName'), 'MsTeamsChannel');
    assert.match(main, /endpoint: 'https:\/\/\$\{web\.outputs\.hostName\}\/api\/messages'/);
  });

  it('Application Insights is workspace-based on the Log Analytics workspace', () => {
    const monitoring = read('modules/monitoring.bicep');
    assert.match(monitoring, /WorkspaceResourceId: workspace\.id/);
    assert.match(monitoring, /Microsoft\.OperationalInsights\/workspaces@/);
  });
});
