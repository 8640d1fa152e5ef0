// infra/README.md's checklist, walked through against the demo's own tenant: every `--dry-run` command
// the page shows runs as written (its shell variables filled with the demo tenant's values) through the
// stand-in `az`, and prints exactly the expected output the page shows next to it. The page's check and
// package commands pass the values the tools require. So the page and the scripts cannot drift apart.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { checkInfra, parseArgs } from '../../../infra/tools/bicep-lint';
import { readPackageInputs } from '../../../manifest/inputs';
import { PERMISSIONS } from '../../../src/domain/capabilities';
import { DEMO_TENANT_SEED } from '../../harness/emulator/default-seed';
import { delegatedDemoSeed } from '../../harness/demo/demo-sso';
import { runWithFakeAz, type RecordedTenant } from '../../support/fake-az';

const REPO = path.resolve(__dirname, '../../..');
const README = readFileSync(path.join(REPO, 'infra/README.md'), 'utf8');

interface DemoSeed {
  tenant: { id: string };
  applications: Array<{ grantedApplicationPermissions?: string[] }>;
  groups: Array<{ id: string; displayName: string }>;
}
const seed = JSON.parse(readFileSync(DEMO_TENANT_SEED, 'utf8')) as DemoSeed;
const approvers = seed.groups.find((g) => g.displayName === 'Identity Operations') ?? seed.groups[0];

// Graph's permission ids are stand-ins: the scripts only ever match names to ids through these lists.
const id = (prefix: string, i: number) => `${prefix}-0000-4000-8000-${String(i).padStart(12, '0')}`;
const APP_ROLES = [
  ...new Set([
    ...PERMISSIONS.map((p) => p.name),
    'UserAuthMethod-TAP.Read.All',
    'UserAuthenticationMethod.ReadWrite.All',
    'Directory.Read.All',
  ]),
];
const IDENTITY = {
  name: 'id-tapdesk-abc123',
  principalId: '7a7a7a7a-0000-4000-8000-000000000001',
  clientId: '7b7b7b7b-0000-4000-8000-000000000001',
};
const SCOPES = ['openid', 'profile', 'offline_access', 'UserAuthMethod-TAP.ReadWrite.All', 'User.RevokeSessions.All'];

/** The demo tenant as the stand-in az sees it; `granted` are the identity's application permissions. */
function demoTenant(options: { deployed: boolean; granted: string[] }): RecordedTenant {
  const appRoles = APP_ROLES.map((value, i) => ({ value, id: id('aaaaaaaa', i) }));
  return {
    tenantId: seed.tenant.id,
    ...(options.deployed ? { identity: IDENTITY } : {}),
    graph: {
      servicePrincipalId: '7c7c7c7c-0000-4000-8000-000000000001',
      appRoles,
      scopes: SCOPES.map((value, i) => ({ value, id: id('dddddddd', i) })),
    },
    assignments: options.granted.map((name, i) => ({
      appRoleId: appRoles.find((r) => r.value === name)?.id ?? `unknown ${name}`,
      id: id('cccccccc', i),
    })),
    newAppId: '7d7d7d7d-0000-4000-8000-000000000001',
    // Verified ID set up (the demo tenant's seed has `verifiedId`); the identity holds nothing on it yet.
    verifiedId: {
      servicePrincipalId: '7e7e7e7e-0000-4000-8000-000000000001',
      appRoles: ['VerifiableCredential.Create.PresentRequest', 'VerifiableCredential.Create.IssueRequest'].map((value, i) => ({
        value,
        id: id('eeeeeeee', i),
      })),
      assignments: [],
    },
  };
}

interface Walk {
  command: string;
  expected: string[];
}

/** Each `--dry-run` line of a ```sh block, and the ```text block that follows it. */
function dryRuns(markdown: string): Walk[] {
  const blocks = [...markdown.matchAll(/^```(\w*)\n([\s\S]*?)^```$/gm)].map((m) => ({ lang: m[1], body: m[2] as string }));
  const walks: Walk[] = [];
  blocks.forEach((block, i) => {
    if (block.lang !== 'sh') return;
    for (const line of block.body.split('\n')) {
      if (!/^infra\/\S+\.sh .*--dry-run/.test(line)) continue;
      const next = blocks.slice(i + 1).find((b) => b.lang === 'text' || b.lang === 'sh');
      assert.equal(next?.lang, 'text', `infra/README.md shows no expected output after: ${line}`);
      walks.push({ command: line, expected: (next?.body ?? '').trimEnd().split('\n') });
    }
  });
  return walks;
}

const VARIABLES: Record<string, string> = { RG: 'rg-tapdesk', APPROVERS_GROUP: approvers?.id ?? '' };

function run(command: string, tenant: RecordedTenant) {
  const words = command.replace(/\$([A-Z_]+)/g, (_, name: string) => VARIABLES[name] ?? `<unset ${name}>`).split(/\s+/);
  return runWithFakeAz(path.join(REPO, words[0] as string), words.slice(1), tenant);
}

/** `…` in an expected line stands for any text. */
function matches(expected: string, actual: string): boolean {
  const pattern = expected
    .split('…')
    .map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
    .join('.*');
  return new RegExp(`^${pattern}$`).test(actual);
}

function assertPrints(output: string, expected: string[]): void {
  const lines = output.trimEnd().split('\n');
  assert.equal(lines.length, expected.length, `printed:\n${output}\nexpected:\n${expected.join('\n')}`);
  expected.forEach((line, i) => assert.ok(matches(line, lines[i] ?? ''), `line ${i + 1}: printed\n  ${lines[i]}\nexpected\n  ${line}`));
}

describe("infra/README.md walked through on the demo's tenant", () => {
  const walks = dryRuns(README);

  it('shows a dry run with its expected output for both scripts', () => {
    assert.deepEqual(walks.map((w) => w.command.split(' ')[0]).sort(), [
      'infra/grant-graph-permissions.sh',
      'infra/grant-graph-permissions.sh',
      'infra/register-sso-app.sh',
    ]);
    assert.ok(
      walks.some((w) => w.command.includes('--face-check')),
      'the Face Check grant is walked through too',
    );
  });

  for (const walk of walks) {
    it(`${walk.command}: prints what the page says, and changes nothing`, () => {
      const firstRun = walk.command.startsWith('infra/register-sso-app.sh')
        ? { deployed: false, granted: [] }
        : { deployed: true, granted: [] };
      const result = run(walk.command, demoTenant(firstRun));
      assert.equal(result.status, 0, result.stderr);
      assert.deepEqual(result.writes, []);
      assertPrints(result.stdout, walk.expected);
    });
  }

  it("grant dry run on the demo tenant as seeded (application mode's grants): lists the removal line the page shows", () => {
    const walk = walks.find((w) => w.command.startsWith('infra/grant-graph-permissions.sh'));
    const granted = seed.applications[0]?.grantedApplicationPermissions ?? [];
    assert.ok(granted.includes('UserAuthMethod-TAP.ReadWrite.All'), 'the demo seed grants TAP write (application mode)');
    const result = run(walk?.command ?? '', demoTenant({ deployed: true, granted }));
    assert.equal(result.status, 0, result.stderr);
    const shown =
      /`(- UserAuthMethod-TAP\.ReadWrite\.All \(would remove; --dry-run\): delegated\s+issuance creates passes with the approver's own rights)`/;
    const removal = shown.exec(README)?.[1];
    assert.ok(removal, 'infra/README.md shows the removal line');
    assert.ok(result.stdout.includes(`  ${removal.replace(/\s+/g, ' ')}`), result.stdout);
    assert.deepEqual(result.writes, []);
  });

  it('the demo tenant set up for delegated mode is exactly what the grant script leaves: nothing to grant or remove', () => {
    const walk = walks.find((w) => w.command.startsWith('infra/grant-graph-permissions.sh'));
    const delegated = delegatedDemoSeed(DEMO_TENANT_SEED) as DemoSeed;
    const result = run(
      walk?.command ?? '',
      demoTenant({ deployed: true, granted: delegated.applications[0]?.grantedApplicationPermissions ?? [] }),
    );
    assert.equal(result.status, 0, result.stderr);
    assert.doesNotMatch(result.stdout, /would (grant|remove)|!/);
  });

  it("the page's check command passes the value the check requires, and shows its output", () => {
    const line = /^npm run check:infra -- (.*)$/m.exec(README)?.[1] ?? '';
    const args = line.replace('$SSO_CLIENT_ID', '7d7d7d7d-0000-4000-8000-000000000001').split(' ');
    const { entry, parameters, overrides } = parseArgs(args);
    assert.deepEqual(checkInfra(entry, parameters, overrides), []);
    assert.deepEqual(checkInfra(entry, parameters).length, 1, 'without it, delegated mode is refused');
    assert.match(README, /Expected: `bicep-lint: infra\/main\.bicep and its modules: no problems`/);
  });

  it("the page's package command sets what delegated mode requires", () => {
    const line = /^(\S+=\S+ )+npm run package$/m.exec(README)?.[0] ?? '';
    const env = Object.fromEntries([...line.matchAll(/(\w+)=\$(\w+)/g)].map((m) => [m[1], m[2]]));
    assert.deepEqual(Object.keys(env).sort(), ['BOT_APP_ID', 'BOT_DOMAIN', 'SSO_APP_ID_URI', 'SSO_CLIENT_ID']);
    const values = {
      BOT_APP_ID: IDENTITY.clientId,
      BOT_DOMAIN: 'app-tapdesk-abc123.azurewebsites.net',
      SSO_CLIENT_ID: '7d7d7d7d-0000-4000-8000-000000000001',
      SSO_APP_ID_URI: 'api://botid-7d7d7d7d-0000-4000-8000-000000000001',
    };
    assert.equal(readPackageInputs(values, { appVersion: '1.0.0' }).ssoClientId, values.SSO_CLIENT_ID);
  });
});
