// A stand-in `az` for the scripts in infra/: it answers the exact reads those scripts make from a
// recorded tenant (JSON) and records every call, so a test sees what a script would grant, remove or
// create, offline. It knows only the command shapes the scripts use and exits 3 on anything else, so
// a script that starts making a new call fails its test until this learns the call's answer.
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

export interface RecordedTenant {
  tenantId: string;
  /** The managed identity main.bicep creates; absent before the first deployment. */
  identity?: { name: string; principalId: string; clientId: string };
  graph: {
    servicePrincipalId: string;
    /** Graph's application permissions (appRoles allowed for applications): value and id. */
    appRoles: Array<{ value: string; id: string }>;
    /** Graph's delegated permissions (oauth2PermissionScopes): value and id. */
    scopes: Array<{ value: string; id: string }>;
  };
  /** The identity's Graph app role assignments: which permission, and the assignment's own id. */
  assignments: Array<{ appRoleId: string; id: string }>;
  /** Verified ID's Request Service principal, when the tenant set Verified ID up; and the identity's roles on it. */
  verifiedId?: {
    servicePrincipalId: string;
    appRoles: Array<{ value: string; id: string }>;
    assignments: Array<{ appRoleId: string; id: string }>;
  };
  /** App registrations that already exist, by display name. */
  applications?: Array<{
    displayName: string;
    appId: string;
    identifierUris?: string[];
    scopeId?: string;
    redirectUris?: string[];
    federatedCredentials?: string[];
    servicePrincipalId?: string;
  }>;
  /** What `az ad app create` answers. */
  newAppId?: string;
}

export interface AzCall {
  args: string[];
}

export interface ScriptRun {
  status: number | null;
  stdout: string;
  stderr: string;
  /** Every az call, in order. */
  calls: AzCall[];
  /** The calls that would change the tenant (POST, PATCH, DELETE, create, update, consent). */
  writes: AzCall[];
}

// The stand-in itself, run by node. Queries are recognised by what the scripts ask, not evaluated.
const FAKE_AZ = String.raw`#!/usr/bin/env node
const fs = require('node:fs');
const args = process.argv.slice(2);
const state = JSON.parse(fs.readFileSync(process.env.FAKE_AZ_STATE, 'utf8'));
fs.appendFileSync(process.env.FAKE_AZ_LOG, JSON.stringify({ args }) + '\n');
const opt = (name) => { const i = args.indexOf(name); return i >= 0 ? args[i + 1] : undefined; };
const cmd = args.filter((a) => !a.startsWith('-')).slice(0, 3).join(' ');
const query = opt('--query') || '';
const out = (lines) => { if (lines.length) process.stdout.write(lines.join('\n') + '\n'); process.exit(0); };
const fail = (message) => { process.stderr.write('fake az: ' + message + '\n'); process.exit(3); };
const apps = state.applications || [];
const appOf = (id) => apps.find((a) => a.appId === id);
const method = opt('--method');
const uri = opt('--uri') || '';
if (cmd.startsWith('account show') && query === 'tenantId') out([state.tenantId]);
if (cmd.startsWith('identity list')) out(state.identity ? [state.identity.name] : []);
if (cmd.startsWith('identity show')) {
  if (!state.identity || opt('--name') !== state.identity.name) fail('(ResourceNotFound) identity ' + opt('--name'));
  if (query === 'principalId') out([state.identity.principalId]);
  if (query === 'clientId') out([state.identity.clientId]);
}
if (cmd.startsWith('ad sp show') && opt('--id') === '00000003-0000-0000-c000-000000000000') {
  if (query === 'id') out([state.graph.servicePrincipalId]);
  if (query.startsWith('appRoles[?contains(allowedMemberTypes')) out(state.graph.appRoles.map((r) => r.value + '\t' + r.id));
  if (query === 'oauth2PermissionScopes[].[value, id]') out(state.graph.scopes.map((s) => s.value + '\t' + s.id));
}
if (cmd.startsWith('ad sp show') && opt('--id') === '3db474b9-6a0c-4840-96ac-1fceb342124f') {
  if (!state.verifiedId) fail("(Request_ResourceNotFound) Resource '3db474b9-6a0c-4840-96ac-1fceb342124f' does not exist");
  if (query === 'id') out([state.verifiedId.servicePrincipalId]);
  if (query.startsWith('appRoles[?contains(allowedMemberTypes')) out(state.verifiedId.appRoles.map((r) => r.value + '\t' + r.id));
}
if (cmd.startsWith('rest') && method === 'GET') {
  if (state.verifiedId && /\/servicePrincipals\/[^/]+\/appRoleAssignments$/.test(uri) && query.includes("resourceId=='" + state.verifiedId.servicePrincipalId + "'")) {
    out(state.verifiedId.assignments.map((a) => a.appRoleId + '\t' + a.id));
  }
  if (/\/servicePrincipals\/[^/]+\/appRoleAssignments$/.test(uri) && query.includes("resourceId=='" + state.graph.servicePrincipalId + "'")) {
    out(state.assignments.map((a) => a.appRoleId + '\t' + a.id));
  }
  const fic = /applications\(appId='([^']+)'\)\/federatedIdentityCredentials$/.exec(uri);
  if (fic && query === 'value[].name') out((appOf(fic[1]) || {}).federatedCredentials || []);
}
if (cmd.startsWith('rest') && ['POST', 'PATCH', 'DELETE'].includes(method)) out([]);
if (cmd.startsWith('ad app list') && query === '[].appId') out(apps.filter((a) => a.displayName === opt('--display-name')).map((a) => a.appId));
if (cmd.startsWith('ad app show')) {
  const app = appOf(opt('--id')) || fail('no app ' + opt('--id'));
  if (query === 'identifierUris') out(app.identifierUris || []);
  if (query === "api.oauth2PermissionScopes[?value=='access_as_user'].id") out(app.scopeId ? [app.scopeId] : []);
  if (query === 'web.redirectUris') out(app.redirectUris || []);
}
if (cmd.startsWith('ad app create') && query === 'appId') out([state.newAppId]);
if (cmd.startsWith('ad app update') || cmd.startsWith('ad sp update') || cmd.startsWith('ad app permission')) out([]);
const listed = (a) => opt('--filter') === "appId eq '" + a.appId + "'" && a.servicePrincipalId;
if (cmd.startsWith('ad sp list')) out(apps.filter(listed).map((a) => a.servicePrincipalId));
if (cmd.startsWith('ad sp create') && query === 'id') out(['99999999-0000-4000-8000-000000000001']);
fail('unexpected call: ' + args.join(' '));
`;

const WRITE = /^(rest --method (POST|PATCH|DELETE)|ad app (create|update|permission)|ad sp (create|update))/;

/** Runs `bash <script> ...args` with the stand-in `az` first on PATH, answering from `tenant`. */
export function runWithFakeAz(script: string, args: readonly string[], tenant: RecordedTenant): ScriptRun {
  const dir = mkdtempSync(path.join(tmpdir(), 'tapdesk-az-'));
  try {
    const state = path.join(dir, 'state.json');
    const log = path.join(dir, 'calls.jsonl');
    writeFileSync(state, JSON.stringify(tenant));
    writeFileSync(path.join(dir, 'az'), FAKE_AZ);
    chmodSync(path.join(dir, 'az'), 0o755);
    const result = spawnSync('bash', [script, ...args], {
      env: { PATH: `${dir}:${process.env.PATH ?? ''}`, FAKE_AZ_STATE: state, FAKE_AZ_LOG: log },
      encoding: 'utf8',
      timeout: 60_000,
    });
    const calls = existsSync(log)
      ? readFileSync(log, 'utf8')
          .trim()
          .split('\n')
          .filter(Boolean)
          .map((l) => JSON.parse(l) as AzCall)
      : [];
    const writes = calls.filter((c) => WRITE.test(c.args.join(' ')));
    return { status: result.status, stdout: result.stdout, stderr: result.stderr, calls, writes };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The value after `flag` in a recorded call. */
export function argOf(call: AzCall, flag: string): string | undefined {
  const at = call.args.indexOf(flag);
  return at >= 0 ? call.args[at + 1] : undefined;
}
