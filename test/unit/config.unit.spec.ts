import assert from 'node:assert/strict';
import { ConfigError, loadConfig } from '../../src/config';

const TENANT = '510a7fe1-50f4-5852-90b4-23956de2d650';
const APP = 'cdee8871-46ba-582c-b71d-34b3cf75d53a';
const demo = {
  TAPDESK_MODE: 'demo',
  TENANT_ID: TENANT,
  GRAPH_CLIENT_ID: APP,
  GRAPH_CLIENT_SECRET: 's',
  STORAGE_CONNECTION_STRING: 'UseDevelopmentStorage=true',
};

function refusal(env: Record<string, string>): ConfigError {
  try {
    loadConfig(env);
  } catch (error) {
    assert.ok(error instanceof ConfigError, `expected ConfigError, got ${String(error)}`);
    return error;
  }
  assert.fail('expected the configuration to be refused');
}

describe('loadConfig', () => {
  it('accepts a demo configuration with defaults', () => {
    const config = loadConfig(demo);
    assert.equal(config.mode, 'demo');
    assert.equal(config.port, 3978);
    assert.equal(config.host, '127.0.0.1');
    assert.equal(config.bot.appId, null);
    assert.equal(config.passDelivery, 'approver');
    assert.equal(config.requestTtlMinutes, 30);
    assert.equal(config.graph.baseUrl, 'https://graph.microsoft.com/v1.0');
    assert.ok(Object.isFrozen(config.graph));
  });

  it('names the variable and the expectation for a bad port', () => {
    const error = refusal({ ...demo, PORT: 'abc' });
    assert.equal(error.variable, 'PORT');
    assert.match(error.message, /^PORT: expected a whole number from 0 to 65535, got "abc"$/);
  });

  it('refuses production without bot credentials', () => {
    assert.equal(refusal({ ...demo, TAPDESK_MODE: 'production' }).variable, 'MICROSOFT_APP_ID');
    assert.equal(refusal({ ...demo, TAPDESK_MODE: 'production', MICROSOFT_APP_ID: APP }).variable, 'MICROSOFT_APP_PASSWORD');
    const msi = loadConfig({ ...demo, TAPDESK_MODE: 'production', MICROSOFT_APP_ID: APP, MICROSOFT_APP_TYPE: 'UserAssignedMSI' });
    assert.equal(msi.bot.appType, 'UserAssignedMSI');
    assert.equal(msi.host, '0.0.0.0');
  });

  const bad: Array<[string, Record<string, string>, string]> = [
    ['tenant not a GUID', { TENANT_ID: 'contoso' }, 'TENANT_ID'],
    ['unknown mode', { TAPDESK_MODE: 'test' }, 'TAPDESK_MODE'],
    ['delivery', { PASS_DELIVERY: 'email' }, 'PASS_DELIVERY'],
    ['ttl too short', { REQUEST_TTL_MINUTES: '1' }, 'REQUEST_TTL_MINUTES'],
    ['boolean', { REFUSE_HIGH_RISK: 'maybe' }, 'REFUSE_HIGH_RISK'],
    ['graph base url over http', { GRAPH_BASE_URL: 'http://127.0.0.1/v1.0' }, 'GRAPH_BASE_URL'],
    ['table prefix', { STORAGE_TABLE_PREFIX: '1bad' }, 'STORAGE_TABLE_PREFIX'],
    ['issuance', { PASS_ISSUANCE: 'both' }, 'PASS_ISSUANCE'],
    ['delegated without the exposed API', { PASS_ISSUANCE: 'delegated' }, 'SSO_APP_ID_URI'],
    ['delegated with a bad Application ID URI', { PASS_ISSUANCE: 'delegated', SSO_APP_ID_URI: 'tapdesk' }, 'SSO_APP_ID_URI'],
    [
      'delegated with requester delivery',
      { PASS_ISSUANCE: 'delegated', SSO_APP_ID_URI: `api://tapdesk/botid-${APP}`, PASS_DELIVERY: 'requester' },
      'PASS_DELIVERY',
    ],
    ['approvals without service url', { APPROVALS_CONVERSATION_ID: '19:abc@thread.tacv2' }, 'APPROVALS_SERVICE_URL'],
  ];
  for (const [name, env, variable] of bad) {
    it(`refuses ${name}`, () => assert.equal(refusal({ ...demo, ...env }).variable, variable));
  }

  it("needs only the approver's stated method by default; EVIDENCE_POLICY sets a policy, and a bad one stops start-up saying why", () => {
    assert.equal(loadConfig(demo).evidencePolicy.name, 'stated');
    assert.equal(loadConfig({ ...demo, EVIDENCE_POLICY: 'recommended' }).evidencePolicy.rules.admin.count, 2);
    assert.deepEqual(loadConfig({ ...demo, EVIDENCE_POLICY: 'admins=2/1' }).evidencePolicy.rules.admin, { count: 2, independent: 1 });
    const error = refusal({ ...demo, EVIDENCE_POLICY: 'admins=2/3' });
    assert.equal(error.variable, 'EVIDENCE_POLICY');
    assert.match(
      error.message,
      /^EVIDENCE_POLICY: expected stated, recommended or members=N;admins=N\/M;guests=N \(admins: at most 2 of 2/,
    );
  });

  it("issues with the app's own permission by default, and with the approver's rights when asked", () => {
    const byDefault = loadConfig(demo);
    assert.equal(byDefault.passIssuance, 'application');
    assert.equal(byDefault.sso, null);
    const delegated = loadConfig({ ...demo, PASS_ISSUANCE: 'Delegated', SSO_APP_ID_URI: `api://tapdesk.contoso.com/botid-${APP}/` });
    assert.equal(delegated.passIssuance, 'delegated');
    assert.deepEqual(delegated.sso, {
      appIdUri: `api://tapdesk.contoso.com/botid-${APP}`,
      connectionName: 'tapdesk-sso',
      clientId: APP,
      extraClientIds: [],
    });
  });

  it('refuses a missing Graph credential and missing storage', () => {
    const { GRAPH_CLIENT_SECRET: _s, ...noSecret } = demo;
    assert.equal(refusal(noSecret).variable, 'GRAPH_CLIENT_SECRET');
    const { STORAGE_CONNECTION_STRING: _c, ...noStorage } = demo;
    assert.equal(refusal(noStorage).variable, 'STORAGE_CONNECTION_STRING');
  });
});
