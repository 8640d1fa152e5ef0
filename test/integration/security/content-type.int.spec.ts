// SECURITY.md case 21: only JSON is parsed before authentication, and nothing reaches the disk.
// restify's bodyParser used to hand a multipart/form-data POST to formidable, which wrote each upload
// part to the temporary folder before any check (a 400, and the file stayed). Each bot here is a
// child process with a fresh TMPDIR of its own: one in demo mode, one in production mode behind a
// Bot Framework JWT. Every non-JSON request gets 415 — a well-signed one too — and the folder stays
// empty. The same children tell which Node they run on (engines: Node 22 or later).
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { REPO_ROOT, startStack, type Stack } from '../../support/stack';
import { startBfIssuer, type BfIssuer } from '../../support/bf-issuer';
import { TeamsClient } from '../../support/teams-client';

const APP_ID = '5f0c7d8e-3a41-4c2b-9e6d-1b2a3c4d5e6f';
const REPORTER = `--require ${path.join(REPO_ROOT, 'test/support/report-node-version.cjs')}`;

const major = (version: string) => Number(/^v(\d+)\./.exec(version)?.[1] ?? 0);

/** A 200 KB file upload, as a browser form would send it. */
function multipartForm(): FormData {
  const form = new FormData();
  form.append('note', 'hello');
  form.append('upload', new Blob([Buffer.alloc(200 * 1024, 0x61)], { type: 'application/octet-stream' }), 'junk.bin');
  return form;
}

/** What is in a bot's temporary folder, but for tsx's compile cache (the test runs the bot from source). */
function tmpEntries(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((entry) => !/^tsx-\d+/.test(entry))
    .sort();
}

interface Bot {
  mode: string;
  url: string;
  client: TeamsClient;
  tmp: string;
  logs: string[];
  auth: (serviceUrl: string) => Record<string, string>;
}

describe('SECURITY 21: only JSON before authentication, nothing on disk', function () {
  this.timeout(120_000);
  let stack: Stack;
  let issuer: BfIssuer;
  const bots: Bot[] = [];

  before(async () => {
    issuer = await startBfIssuer(APP_ID);
    stack = await startStack();
    const start = async (mode: string, env: Record<string, string>, auth: Bot['auth']) => {
      const tmp = mkdtempSync(path.join(tmpdir(), `tapdesk-tmp-${mode}-`));
      const child = await stack.startChild({ ...env, TMPDIR: tmp, NODE_OPTIONS: REPORTER });
      bots.push({
        mode,
        url: child.url,
        client: new TeamsClient(child.url, stack.connector.url, stack.emulator.tenantId, auth(stack.connector.url)),
        tmp,
        logs: child.logs,
        auth,
      });
    };
    await start('demo', { TAPDESK_MODE: 'demo' }, () => ({}));
    await start('production', { ...issuer.env(), TAPDESK_MODE: 'production', HOST: '127.0.0.1' }, (serviceUrl) => ({
      authorization: `Bearer ${issuer.sign({ serviceUrl })}`,
    }));
  });
  after(async () => {
    await stack?.close();
    await issuer?.close();
    for (const bot of bots) rmSync(bot.tmp, { recursive: true, force: true });
  });

  it('the tests and the bot processes run on Node 22 or later', () => {
    assert.ok(major(process.version) >= 22, `the test process runs ${process.version}`);
    for (const bot of bots) {
      const line = bot.logs
        .join('')
        .split('\n')
        .find((l) => l.startsWith('{"nodeVersion"'));
      assert.ok(line, `${bot.mode}: the bot reported its node version`);
      const { nodeVersion } = JSON.parse(line) as { nodeVersion: string };
      assert.ok(major(nodeVersion) >= 22, `${bot.mode}: the bot runs ${nodeVersion}`);
      // .ci/run repeats the suites on Node 24: the bot must run on the Node under test, not another one on PATH.
      assert.equal(nodeVersion, process.version, `${bot.mode}: the bot runs ${nodeVersion}, the tests ${process.version}`);
    }
  });

  for (const mode of ['demo', 'production']) {
    it(`${mode}: multipart, form, text and untyped bodies get 415 and leave no file behind`, async () => {
      const bot = bots.find((b) => b.mode === mode)!;
      const activity = bot.client.activity(stack.people.alexw!, 'personal', { type: 'message', text: 'help' });
      const json = JSON.stringify(activity);
      const auth = bot.auth(stack.connector.url);
      const cases: Array<[string, RequestInit]> = [
        ['multipart/form-data', { body: multipartForm() }],
        ['multipart/form-data, signed', { body: multipartForm(), headers: auth }],
        ['application/x-www-form-urlencoded', { body: new URLSearchParams({ activity: json }) }],
        ['text/plain', { body: json, headers: { 'content-type': 'text/plain' } }],
        ['no content-type', { body: new TextEncoder().encode(json) }],
        ['application/json in another charset', { body: json, headers: { 'content-type': 'application/json; charset=iso-8859-1' } }],
        ['a JSON look-alike type', { body: json, headers: { 'content-type': 'application/jsonp' } }],
      ];
      const tmpBefore = tmpEntries(bot.tmp);
      const sentBefore = stack.connector.sent.length;
      for (const [name, init] of cases) {
        const response = await fetch(`${bot.url}/api/messages`, { method: 'POST', ...init });
        const body = (await response.json().catch(() => null)) as { error?: string } | null;
        assert.equal(response.status, 415, `${name}: expected 415, got ${response.status} ${JSON.stringify(body)}`);
        assert.match(body?.error ?? '', /application\/json/, `${name}: the answer says what to send`);
      }
      assert.equal(stack.connector.sent.length, sentBefore, 'no turn ran');
      assert.deepEqual(tmpEntries(bot.tmp), tmpBefore, 'the bot wrote nothing to its temporary folder');
      assert.deepEqual(tmpBefore, [], "nothing but the TypeScript loader's cache was there to begin with");

      // JSON itself, with or without a charset, is still served.
      for (const type of ['application/json', 'application/json; charset=utf-8', 'Application/JSON;charset="UTF-8"']) {
        const response = await fetch(`${bot.url}/api/messages`, { method: 'POST', headers: { ...auth, 'content-type': type }, body: json });
        assert.equal(response.status, 200, `${type}: expected 200, got ${response.status}`);
      }
      // After all of that the bot is still whole and serves the next turn.
      assert.equal((await bot.client.say(stack.people.alexw!, 'help')).status, 200);
    });
  }
});
