// infra/register-sso-app.sh: the SSO app registration delegated issuance needs, as code. Run through a
// stand-in `az` (test/support/fake-az.ts): what a dry run lists, and what a real run writes, call by call.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { argOf, runWithFakeAz, type AzCall, type RecordedTenant } from '../../support/fake-az';

const INFRA = path.resolve(__dirname, '../../../infra');
const SCRIPT = path.join(INFRA, 'register-sso-app.sh');
const script = readFileSync(SCRIPT, 'utf8');

const SCOPES = ['openid', 'profile', 'offline_access', 'UserAuthMethod-TAP.ReadWrite.All', 'User.RevokeSessions.All'];
const scopeId = (i: number) => `dddddddd-0000-4000-8000-${String(i).padStart(12, '0')}`;
// The Bot Framework token service's own app id: its documented encoding is 9ExAW52n_ky4ZiS_jhpJIQ, so a
// tenant with this id shows the script encodes GUIDs as the federated-credential subject needs.
const TENANT = '5b404cf4-a79d-4cfe-b866-24bf8e1a4921';
const APP = '8a7b6c5d-4e3f-4a1b-9c8d-7e6f5a4b3c2d';
const MI = {
  name: 'id-tapdesk-abc123',
  principalId: '77777777-7777-4777-8777-777777777777',
  clientId: '66666666-6666-4666-8666-666666666666',
};

function tenant(extra: Partial<RecordedTenant> = {}): RecordedTenant {
  return {
    tenantId: TENANT,
    graph: {
      servicePrincipalId: '22222222-2222-4222-8222-222222222222',
      appRoles: [],
      scopes: [...SCOPES, 'Directory.AccessAsUser.All'].map((value, i) => ({ value, id: scopeId(i) })),
    },
    assignments: [],
    newAppId: APP,
    ...extra,
  };
}

const bodies = (writes: AzCall[], method: string, uriEnd: RegExp) =>
  writes
    .filter((c) => argOf(c, '--method') === method && uriEnd.test(argOf(c, '--uri') ?? ''))
    .map((c) => JSON.parse(argOf(c, '--body') ?? '{}') as Record<string, unknown>);

describe('SSO app registration (infra/register-sso-app.sh)', () => {
  it('asks for the same delegated scopes the Bicep OAuth connection does', () => {
    const listed =
      /^SCOPES=\(\n([\s\S]*?)\n\)/m
        .exec(script)?.[1]
        ?.split('\n')
        .map((l) => l.trim()) ?? [];
    assert.deepEqual(listed, SCOPES);
    const main = readFileSync(path.join(INFRA, 'main.bicep'), 'utf8');
    const bicep =
      /^var ssoScopes = \[\n([\s\S]*?)\n\]/m
        .exec(main)?.[1]
        ?.split('\n')
        .map((l) => l.trim().replace(/^'|'$/g, '')) ?? [];
    assert.deepEqual(bicep, SCOPES);
  });

  it('--dry-run before the deployment: lists everything it would create, changes nothing, says the identity comes later', () => {
    const run = runWithFakeAz(SCRIPT, ['--resource-group', 'rg-tapdesk', '--dry-run'], tenant());
    assert.equal(run.status, 0, run.stderr);
    assert.deepEqual(run.writes, []);
    for (const line of [
      /\+ app registration, single tenant \(would create; --dry-run\)/,
      /\+ Application ID URI api:\/\/botid-<new client id> \(would/,
      /\+ scope access_as_user \(v2 access tokens\) \(would/,
      /\+ Teams clients pre-authorised for access_as_user \(1fec8e78-bce4-4aaf-ab1b-5451cc387264 5e3ce6c0-2b1f-4285-8d4b-75ee78787346\)/,
      /\+ redirect URI https:\/\/token\.botframework\.com\/\.auth\/web\/redirect/,
      new RegExp(`\\+ delegated Microsoft Graph scopes: ${SCOPES.join(' ').replace(/\./g, '\\.')} \\(would`),
      /… federated credential tapdesk-managed-identity: no managed identity in rg-tapdesk yet; run this again after the deployment/,
      /\+ federated credential tapdesk-bot-token-service: .*subject \/eid1\/c\/pub\/t\/9ExAW52n_ky4ZiS_jhpJIQ\/a\/9ExAW52n_ky4ZiS_jhpJIQ\/tapdesk-sso\)/,
      /\+ assignment required on the enterprise app/,
      /! no --assign-group/,
      /\+ tenant-wide admin consent for the delegated scopes/,
      /^Dry run: nothing was changed\.$/m,
    ])
      assert.match(run.stdout, line);
  });

  it('after the deployment: creates the app, exposes access_as_user to Teams, adds both federated credentials, consents, requires assignment', () => {
    const group = '88888888-8888-4888-8888-888888888888';
    const run = runWithFakeAz(SCRIPT, ['--resource-group', 'rg-tapdesk', '--assign-group', group], tenant({ identity: MI }));
    assert.equal(run.status, 0, run.stderr);
    assert.ok(
      run.writes.some((c) => c.args.join(' ').startsWith('ad app create --display-name TAP Desk SSO --sign-in-audience AzureADMyOrg')),
    );
    assert.ok(run.writes.some((c) => c.args.join(' ') === `ad app update --id ${APP} --identifier-uris api://botid-${APP}`));

    const patches = bodies(run.writes, 'PATCH', /applications\(appId='[^']+'\)$/);
    const api = patches.map((b) => b.api as Record<string, unknown> | undefined).filter(Boolean);
    const scope = (api[0]?.oauth2PermissionScopes as Array<{ id: string; value: string; type: string }>)[0];
    assert.equal(api[0]?.requestedAccessTokenVersion, 2);
    assert.equal(scope?.value, 'access_as_user');
    const teams = ['1fec8e78-bce4-4aaf-ab1b-5451cc387264', '5e3ce6c0-2b1f-4285-8d4b-75ee78787346'];
    assert.deepEqual(
      api[1]?.preAuthorizedApplications,
      teams.map((appId) => ({ appId, delegatedPermissionIds: [scope?.id] })),
    );
    assert.deepEqual(patches.find((b) => b.web)?.web, { redirectUris: ['https://token.botframework.com/.auth/web/redirect'] });
    assert.deepEqual(patches.find((b) => b.requiredResourceAccess)?.requiredResourceAccess, [
      { resourceAppId: '00000003-0000-0000-c000-000000000000', resourceAccess: SCOPES.map((_, i) => ({ id: scopeId(i), type: 'Scope' })) },
    ]);

    const credentials = bodies(run.writes, 'POST', /\/federatedIdentityCredentials$/);
    const issuer = `https://login.microsoftonline.com/${TENANT}/v2.0`;
    assert.deepEqual(
      credentials.map(({ name, issuer: i, subject, audiences }) => ({ name, issuer: i, subject, audiences })),
      [
        { name: 'tapdesk-managed-identity', issuer, subject: MI.principalId, audiences: ['api://AzureADTokenExchange'] },
        {
          name: 'tapdesk-bot-token-service',
          issuer,
          subject: '/eid1/c/pub/t/9ExAW52n_ky4ZiS_jhpJIQ/a/9ExAW52n_ky4ZiS_jhpJIQ/tapdesk-sso',
          audiences: ['api://AzureADTokenExchange'],
        },
      ],
    );
    assert.ok(run.writes.some((c) => c.args.join(' ') === `ad sp update --id ${APP} --set appRoleAssignmentRequired=true`));
    assert.deepEqual(
      bodies(run.writes, 'POST', /\/appRoleAssignedTo$/).map((b) => b.principalId),
      [group],
    );
    assert.ok(run.writes.some((c) => c.args.join(' ') === `ad app permission admin-consent --id ${APP}`));
    assert.ok(!run.calls.some((c) => /credential reset|password|secret/i.test(c.args.join(' '))), 'no secret is ever made');
    assert.match(run.stdout, new RegExp(`^ssoClientId=${APP}$`, 'm'));
  });

  it('run again: keeps what is there (same URI, scope, redirect, credentials, enterprise app)', () => {
    const existing = {
      displayName: 'TAP Desk SSO',
      appId: APP,
      identifierUris: [`api://botid-${APP}`],
      scopeId: 'eeeeeeee-0000-4000-8000-000000000001',
      redirectUris: ['https://token.botframework.com/.auth/web/redirect'],
      federatedCredentials: ['tapdesk-managed-identity', 'tapdesk-bot-token-service'],
      servicePrincipalId: '99999999-0000-4000-8000-000000000009',
    };
    const run = runWithFakeAz(SCRIPT, ['--resource-group', 'rg-tapdesk', '--dry-run'], tenant({ identity: MI, applications: [existing] }));
    assert.equal(run.status, 0, run.stderr);
    const kept = ['app registration', 'Application ID URI', 'scope access_as_user', 'redirect URI', 'enterprise app'];
    for (const what of [...kept, 'federated credential tapdesk-managed-identity', 'federated credential tapdesk-bot-token-service']) {
      assert.match(run.stdout, new RegExp(`^  = ${what}`, 'm'), what);
    }
    // Settings written whole each run say so, rather than claiming a change.
    for (const again of [
      'Teams clients pre-authorised',
      'delegated Microsoft Graph scopes',
      'assignment required',
      'tenant-wide admin consent',
    ]) {
      assert.match(run.stdout, new RegExp(`^  ~ ${again}.*\\(would set again; unchanged if already so\\)$`, 'm'), again);
    }
    assert.doesNotMatch(run.stdout, /^ {2}\+ /m);
    assert.deepEqual(run.writes, []);
  });

  it('refuses what it cannot use, with one line', () => {
    for (const [args, message] of [
      [[], /give --resource-group/],
      [['-g', 'rg', '--assign-group', 'approvers'], /--assign-group 'approvers' is not an object id/],
      [['-g', 'rg', '--app-id-uri', 'https://x'], /--app-id-uri must be an api:\/\/ URI/],
    ] as Array<[string[], RegExp]>) {
      const run = runWithFakeAz(SCRIPT, args, tenant());
      assert.equal(run.status, 1);
      assert.match(run.stderr, message);
    }
  });
});
