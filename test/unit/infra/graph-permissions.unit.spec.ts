// infra/grant-graph-permissions.sh grants exactly the least-privilege Graph application permissions
// (every one /readyz checks for, each explained in infra/README.md), and it does so correctly
// against a stand-in `az` that records what it is asked.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { OPTIONAL_PERMISSIONS, REQUIRED_PERMISSIONS } from '../../../src/http/readiness';
import { CAPABILITY_NAMES, PERMISSIONS } from '../../../src/domain/capabilities';

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
  return list.split('\n').map((l) => l.trim()).filter(Boolean);
}

const PRINCIPAL = '11111111-1111-4111-8111-111111111111';
const GRAPH_SP = '22222222-2222-4222-8222-222222222222';
const roleId = (i: number) => `aaaaaaaa-0000-4000-8000-${String(i).padStart(12, '0')}`;
const ROLES = [...EXPECTED, 'Directory.ReadWrite.All', 'UserAuthMethod-TAP.Read.All'].map((value, i) => ({ value, id: roleId(i) }));

/** A fake `az` that answers the script's calls from canned data and logs every POST body. */
function fakeAz(dir: string, held: string[]): string {
  const log = path.join(dir, 'posts.log');
  writeFileSync(path.join(dir, 'roles.tsv'), ROLES.map((r) => `${r.value}\t${r.id}\n`).join(''));
  writeFileSync(path.join(dir, 'held.tsv'), held.map((h) => `${h}\n`).join(''));
  writeFileSync(
    path.join(dir, 'az'),
    `#!/usr/bin/env bash
here="$(dirname "$0")"
case "$*" in
  "identity list"*) echo id-tapdesk-abc123 ;;
  "identity show"*) echo ${PRINCIPAL} ;;
  "ad sp show"*appRoles*) cat "$here/roles.tsv" ;;
  "ad sp show"*) echo ${GRAPH_SP} ;;
  "rest --method GET"*) cat "$here/held.tsv" ;;
  "rest --method POST"*) while [[ $# -gt 0 ]]; do [[ "$1" == --body ]] && echo "$2" >> "$here/posts.log"; shift; done ;;
  *) echo "fake az: unexpected: $*" >&2; exit 3 ;;
esac
`,
  );
  chmodSync(path.join(dir, 'az'), 0o755);
  return log;
}

function run(args: string[], held: string[]) {
  const dir = mkdtempSync(path.join(tmpdir(), 'tapdesk-az-'));
  try {
    const log = fakeAz(dir, held);
    const result = spawnSync('bash', [SCRIPT, ...args], { env: { PATH: `${dir}:${process.env.PATH ?? ''}` }, encoding: 'utf8' });
    const posts = existsSync(log) ? readFileSync(log, 'utf8').trim().split('\n').filter(Boolean).map((l) => JSON.parse(l) as Record<string, string>) : [];
    return { status: result.status, stdout: result.stdout, stderr: result.stderr, posts };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

describe('Graph application permissions (infra/grant-graph-permissions.sh)', () => {
  it('grants exactly the least-privilege list', () => {
    assert.deepEqual(scriptPermissions(), EXPECTED);
    assert.doesNotMatch(script, /UserAuthenticationMethod\.ReadWrite\.All/);
  });

  it('covers every permission /readyz checks for', () => {
    const checked = [...REQUIRED_PERMISSIONS.map((p) => p.name), ...OPTIONAL_PERMISSIONS];
    assert.deepEqual(checked.filter((p) => !EXPECTED.includes(p)), []);
  });

  it('explains each in infra/README.md', () => {
    for (const permission of EXPECTED) assert.match(readme, new RegExp(`^\\| \`${permission.replace(/\./g, '\\.')}\` \\| \\S`, 'm'), `${permission} has no row`);
  });

  it("says exactly what each permission unlocks, as the code's capability map does", () => {
    const rows = new Map<string, string>();
    for (const match of readme.matchAll(/^\| `([A-Za-z.-]+)` \| [^|]+ \| ([^|]+) \|$/gm)) rows.set(match[1] as string, (match[2] as string).trim());
    assert.deepEqual(PERMISSIONS.map((p) => p.name), EXPECTED);
    for (const permission of PERMISSIONS) {
      const expected = `${permission.required ? 'off' : 'degraded'}: ${permission.unlocks.map((id) => CAPABILITY_NAMES[id]).join(', ')}`;
      assert.equal(rows.get(permission.name), expected, permission.name);
    }
  });

  it('is valid bash, like deploy-app.sh', () => {
    for (const file of ['grant-graph-permissions.sh', 'deploy-app.sh', 'stage-app.sh']) {
      const check = spawnSync('bash', ['-n', path.join(INFRA, file)], { encoding: 'utf8' });
      assert.equal(check.status, 0, `${file}: ${check.stderr}`);
    }
  });

  it('grants what is missing to the identity in the resource group, skips what is held, flags extras', () => {
    const held = [roleId(0), roleId(EXPECTED.length)]; // User.Read.All and the extra Directory.ReadWrite.All
    const result = run(['--resource-group', 'rg-tapdesk'], held);
    assert.equal(result.status, 0, result.stderr);
    assert.equal(result.posts.length, EXPECTED.length - 1);
    for (const post of result.posts) {
      assert.equal(post.principalId, PRINCIPAL);
      assert.equal(post.resourceId, GRAPH_SP);
    }
    assert.deepEqual(result.posts.map((p) => p.appRoleId).sort(), EXPECTED.slice(1).map((_, i) => roleId(i + 1)).sort());
    assert.match(result.stdout, /= User\.Read\.All \(already granted\)/);
    assert.match(result.stdout, /! Directory\.ReadWrite\.All is also granted/);
  });

  it('--dry-run grants nothing', () => {
    const result = run(['--principal-id', PRINCIPAL, '--dry-run'], []);
    assert.equal(result.status, 0, result.stderr);
    assert.equal(result.posts.length, 0);
    assert.equal((result.stdout.match(/would grant/g) ?? []).length, EXPECTED.length);
  });

  it('--delegated grants TAP read instead of TAP write (the approver\'s own rights create the pass)', () => {
    const result = run(['--principal-id', PRINCIPAL, '--delegated', '--dry-run'], []);
    assert.equal(result.status, 0, result.stderr);
    assert.match(result.stdout, /\+ UserAuthMethod-TAP\.Read\.All \(would grant/);
    assert.doesNotMatch(result.stdout, /UserAuthMethod-TAP\.ReadWrite\.All/);
    assert.equal((result.stdout.match(/would grant/g) ?? []).length, EXPECTED.length);
  });

  it('refuses to guess without an identity', () => {
    const result = run([], []);
    assert.equal(result.status, 1);
    assert.match(result.stderr, /^grant-graph-permissions: give --resource-group/);
  });
});
