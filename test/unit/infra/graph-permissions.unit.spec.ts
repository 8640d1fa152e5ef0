// infra/grant-graph-permissions.sh grants exactly the least-privilege Graph application permissions
// (every one /readyz checks for, each explained in infra/README.md), and it does so correctly
// against a stand-in `az` (test/support/fake-az.ts) answering from a recorded permission list.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { OPTIONAL_PERMISSIONS, REQUIRED_PERMISSIONS } from '../../../src/http/readiness';
import { CAPABILITY_NAMES, PERMISSIONS } from '../../../src/domain/capabilities';
import { argOf, runWithFakeAz, type RecordedTenant } from '../../support/fake-az';

const INFRA = path.resolve(__dirname, '../../../infra');
const SCRIPT = path.join(INFRA, 'grant-graph-permissions.sh');
const script = readFileSync(SCRIPT, 'utf8');
const readme = readFileSync(path.join(INFRA, 'README.md'), 'utf8');

const EXPECTED = [
  'User.Read.All',
  'GroupMember.Read.All',
  'AdministrativeUnit.Read.All',
  'RoleManagement.Read.Directory',
  'RoleEligibilitySchedule.Read.Directory',
  'PrivilegedEligibilitySchedule.Read.AzureADGroup',
  'Policy.Read.AuthenticationMethod',
  'Policy.Read.ConditionalAccess',
  'UserAuthenticationMethod.Read.All',
  'UserAuthMethod-TAP.ReadWrite.All',
  'AuditLog.Read.All',
  'IdentityRiskyUser.Read.All',
];

function scriptPermissions(): string[] {
  const list = /^PERMISSIONS=\(\n([\s\S]*?)\n\)/m.exec(script)?.[1] ?? '';
  return list
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean);
}

const PRINCIPAL = '11111111-1111-4111-8111-111111111111';
const GRAPH_SP = '22222222-2222-4222-8222-222222222222';

/** The recorded permission list: an identity granted by the old README order, TAP write included. */
const RECORDED = JSON.parse(readFileSync(path.resolve(__dirname, '../../fixtures/infra/identity-graph-permissions.json'), 'utf8')) as {
  graphAppRoles: Array<{ value: string; id: string }>;
  appRoleAssignments: Array<{ appRoleId: string; id: string; permission: string }>;
};
const idOf = (value: string) => RECORDED.graphAppRoles.find((r) => r.value === value)?.id ?? `no id for ${value}`;
const nameOf = (id: string) => RECORDED.graphAppRoles.find((r) => r.id === id)?.value;

function tenant(held: Array<{ appRoleId: string; id: string }>): RecordedTenant {
  return {
    tenantId: '33333333-3333-4333-8333-333333333333',
    identity: { name: 'id-tapdesk-abc123', principalId: PRINCIPAL, clientId: '44444444-4444-4444-8444-444444444444' },
    graph: { servicePrincipalId: GRAPH_SP, appRoles: RECORDED.graphAppRoles, scopes: [] },
    assignments: held,
  };
}
const held = (...names: string[]) =>
  names.map((n, i) => ({ appRoleId: idOf(n), id: `cccccccc-0000-4000-8000-${String(i).padStart(12, '0')}` }));

function run(args: string[], assignments: Array<{ appRoleId: string; id: string }>) {
  const result = runWithFakeAz(SCRIPT, args, tenant(assignments));
  const posts = result.writes
    .filter((c) => argOf(c, '--method') === 'POST')
    .map((c) => JSON.parse(argOf(c, '--body') ?? '{}') as Record<string, string>);
  const deletes = result.writes.filter((c) => argOf(c, '--method') === 'DELETE').map((c) => argOf(c, '--uri') ?? '');
  return { ...result, posts, deletes };
}

describe('Graph application permissions (infra/grant-graph-permissions.sh)', () => {
  it('grants exactly the least-privilege list', () => {
    assert.deepEqual(scriptPermissions(), EXPECTED);
    // The broad write permission is named only as something delegated mode removes.
    assert.match(script, /^TAP_WRITE=\(UserAuthMethod-TAP\.ReadWrite\.All UserAuthenticationMethod\.ReadWrite\.All\)$/m);
    assert.equal(script.match(/UserAuthenticationMethod\.ReadWrite\.All/g)?.length, 1);
  });

  it('covers every permission /readyz checks for', () => {
    const checked = [...REQUIRED_PERMISSIONS.map((p) => p.name), ...OPTIONAL_PERMISSIONS];
    assert.deepEqual(
      checked.filter((p) => !EXPECTED.includes(p)),
      [],
    );
  });

  it('explains each in infra/README.md', () => {
    for (const permission of EXPECTED)
      assert.match(readme, new RegExp(`^\\| \`${permission.replace(/\./g, '\\.')}\` \\| \\S`, 'm'), `${permission} has no row`);
  });

  it("says exactly what each permission unlocks, as the code's capability map does", () => {
    const rows = new Map<string, string>();
    for (const match of readme.matchAll(/^\| `([A-Za-z.-]+)` \| [^|]+ \| ([^|]+) \|$/gm))
      rows.set(match[1] as string, (match[2] as string).trim());
    assert.deepEqual(
      PERMISSIONS.map((p) => p.name),
      EXPECTED,
    );
    for (const permission of PERMISSIONS) {
      const expected = `${permission.required ? 'off' : 'degraded'}: ${permission.unlocks.map((id) => CAPABILITY_NAMES[id]).join(', ')}`;
      assert.equal(rows.get(permission.name), expected, permission.name);
    }
  });

  it('is valid bash, like deploy-app.sh', () => {
    for (const file of ['grant-graph-permissions.sh', 'register-sso-app.sh', 'deploy-app.sh', 'stage-app.sh']) {
      const check = spawnSync('bash', ['-n', path.join(INFRA, file)], { encoding: 'utf8' });
      assert.equal(check.status, 0, `${file}: ${check.stderr}`);
    }
  });

  it('application mode: grants what is missing to the identity in the resource group, skips what is held, flags extras', () => {
    const result = run(['--resource-group', 'rg-tapdesk', '--issuance', 'application'], held('User.Read.All', 'Directory.ReadWrite.All'));
    assert.equal(result.status, 0, result.stderr);
    assert.equal(result.posts.length, EXPECTED.length - 1);
    for (const post of result.posts) {
      assert.equal(post.principalId, PRINCIPAL);
      assert.equal(post.resourceId, GRAPH_SP);
    }
    assert.deepEqual(result.posts.map((p) => nameOf(p.appRoleId ?? '')).sort(), EXPECTED.slice(1).sort());
    assert.match(result.stdout, /= User\.Read\.All \(already granted\)/);
    assert.match(result.stdout, /! Directory\.ReadWrite\.All is also granted/);
    assert.deepEqual(result.deletes, []);
  });

  it('follows the issuance mode, delegated by default: TAP read instead of TAP write', () => {
    for (const args of [[], ['--issuance', 'delegated'], ['--delegated']]) {
      const result = run(['--principal-id', PRINCIPAL, '--dry-run', ...args], []);
      assert.equal(result.status, 0, result.stderr);
      assert.match(result.stdout, /\(delegated issuance\)/);
      assert.match(result.stdout, /\+ UserAuthMethod-TAP\.Read\.All \(would grant/);
      assert.doesNotMatch(result.stdout, /UserAuthMethod-TAP\.ReadWrite\.All/);
      assert.equal((result.stdout.match(/would grant/g) ?? []).length, EXPECTED.length);
    }
  });

  describe('against the recorded permission list of an identity granted in application mode', () => {
    const recorded = RECORDED.appRoleAssignments.map(({ appRoleId, id }) => ({ appRoleId, id }));

    it('--dry-run (delegated, the default) lists no TAP write grant, lists the TAP write removals, changes nothing', () => {
      const result = run(['--resource-group', 'rg-tapdesk', '--dry-run'], recorded);
      assert.equal(result.status, 0, result.stderr);
      assert.deepEqual(result.writes, []);
      assert.doesNotMatch(result.stdout, /[+=] UserAuthMethod-TAP\.ReadWrite\.All/);
      assert.doesNotMatch(result.stdout, /[+=] UserAuthenticationMethod\.ReadWrite\.All/);
      assert.match(result.stdout, /- UserAuthMethod-TAP\.ReadWrite\.All \(would remove; --dry-run\): delegated issuance/);
      assert.match(result.stdout, /- UserAuthenticationMethod\.ReadWrite\.All \(would remove; --dry-run\)/);
      assert.match(result.stdout, /\+ UserAuthMethod-TAP\.Read\.All \(would grant; --dry-run\)/);
      assert.match(result.stdout, /! Directory\.ReadWrite\.All is also granted/);
      assert.match(result.stdout, /Dry run: nothing was changed\./);
    });

    it('for real: deletes exactly the TAP write assignments, grants TAP read, and says so', () => {
      const result = run(['--principal-id', PRINCIPAL], recorded);
      assert.equal(result.status, 0, result.stderr);
      const writes = ['UserAuthMethod-TAP.ReadWrite.All', 'UserAuthenticationMethod.ReadWrite.All'];
      const tapWrite = RECORDED.appRoleAssignments.filter((a) => writes.includes(a.permission));
      const assignments = `https://graph.microsoft.com/v1.0/servicePrincipals/${PRINCIPAL}/appRoleAssignments`;
      assert.deepEqual(result.deletes.sort(), tapWrite.map((a) => `${assignments}/${a.id}`).sort());
      assert.deepEqual(
        result.posts.map((p) => nameOf(p.appRoleId ?? '')),
        ['UserAuthMethod-TAP.Read.All'],
      );
      assert.match(result.stdout, /- UserAuthMethod-TAP\.ReadWrite\.All \(removed\)/);
    });

    it('application mode keeps TAP write and removes nothing', () => {
      const result = run(['--principal-id', PRINCIPAL, '--issuance', 'application', '--dry-run'], recorded);
      assert.equal(result.status, 0, result.stderr);
      assert.match(result.stdout, /= UserAuthMethod-TAP\.ReadWrite\.All \(already granted\)/);
      assert.doesNotMatch(result.stdout, /would remove/);
    });
  });

  it('refuses an unknown issuance mode', () => {
    const result = run(['--principal-id', PRINCIPAL, '--issuance', 'both'], []);
    assert.equal(result.status, 1);
    assert.match(result.stderr, /--issuance is delegated or application/);
  });

  it('refuses to guess without an identity', () => {
    const result = run([], []);
    assert.equal(result.status, 1);
    assert.match(result.stderr, /^grant-graph-permissions: give --resource-group/);
  });

  describe("--face-check: Verified ID's one permission, only when Face Check is configured", () => {
    const VID_SP = '55555555-5555-4555-8555-555555555555';
    const PRESENT = { value: 'VerifiableCredential.Create.PresentRequest', id: '66666666-6666-4666-8666-666666666666' };
    const withVerifiedId = (vidHeld: boolean): RecordedTenant => ({
      ...tenant([]),
      verifiedId: {
        servicePrincipalId: VID_SP,
        appRoles: [PRESENT, { value: 'VerifiableCredential.Create.IssueRequest', id: '77777777-7777-4777-8777-777777777777' }],
        assignments: vidHeld ? [{ appRoleId: PRESENT.id, id: 'a1' }] : [],
      },
    });
    const vidPosts = (result: ReturnType<typeof runWithFakeAz>) =>
      result.writes.map((c) => JSON.parse(argOf(c, '--body') ?? '{}') as Record<string, string>).filter((b) => b.resourceId === VID_SP);

    it('without the flag: no Verified ID call at all', () => {
      const result = runWithFakeAz(SCRIPT, ['--principal-id', PRINCIPAL], withVerifiedId(false));
      assert.equal(result.status, 0, result.stderr);
      assert.ok(!result.calls.some((c) => c.args.includes('3db474b9-6a0c-4840-96ac-1fceb342124f')));
      assert.doesNotMatch(result.stdout, /Verified ID/);
    });

    it('with it: grants PresentRequest (and only it) on the Request Service; again: already granted', () => {
      const result = runWithFakeAz(SCRIPT, ['--principal-id', PRINCIPAL, '--face-check'], withVerifiedId(false));
      assert.equal(result.status, 0, result.stderr);
      assert.deepEqual(vidPosts(result), [{ principalId: PRINCIPAL, resourceId: VID_SP, appRoleId: PRESENT.id }]);
      assert.match(result.stdout, /\+ VerifiableCredential\.Create\.PresentRequest \(granted\)/);
      const again = runWithFakeAz(SCRIPT, ['--principal-id', PRINCIPAL, '--face-check'], withVerifiedId(true));
      assert.deepEqual(vidPosts(again), []);
      assert.match(again.stdout, /= VerifiableCredential\.Create\.PresentRequest \(already granted\)/);
    });

    it('in a tenant without Verified ID: stops with the reason, after the Graph part', () => {
      const result = runWithFakeAz(SCRIPT, ['--principal-id', PRINCIPAL, '--face-check', '--dry-run'], tenant([]));
      assert.notEqual(result.status, 0);
      assert.match(result.stderr, /Verified ID's Request Service .* is not in this tenant: set up Verified ID first/);
    });
  });
});
