// Start-up: bad configuration stops with one clear line; health and readiness over HTTP.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { startStack, type Stack, REPO_ROOT } from '../../support/stack';
import { cardOf, textOf } from '../../support/teams-client';
import { HARNESS_READYZ_KEY } from '../../harness/bot-env';
import { exportAuditCsv } from '../../support/file-consent';

function runMain(env: Record<string, string>) {
  return spawnSync(process.execPath, [require.resolve('tsx/cli'), path.join(REPO_ROOT, 'src/main.ts')], {
    cwd: REPO_ROOT,
    env: { PATH: process.env.PATH ?? '', ...env },
    encoding: 'utf8',
    timeout: 20_000,
  });
}

describe('start-up', function () {
  this.timeout(60_000);

  const base = {
    TAPDESK_MODE: 'demo',
    TENANT_ID: '510a7fe1-50f4-5852-90b4-23956de2d650',
    GRAPH_CLIENT_ID: 'cdee8871-46ba-582c-b71d-34b3cf75d53a',
    GRAPH_CLIENT_SECRET: 'x',
    STORAGE_CONNECTION_STRING: 'UseDevelopmentStorage=true',
  };

  for (const [name, env, variable] of [
    ['PORT=abc', { ...base, PORT: 'abc' }, 'PORT'],
    ['no tenant', { ...base, TENANT_ID: '' }, 'TENANT_ID'],
    ['production without an app id', { ...base, TAPDESK_MODE: 'production' }, 'MICROSOFT_APP_ID'],
  ] as const) {
    it(`${name}: exits non-zero with one line naming ${variable}`, () => {
      const run = runMain(env as Record<string, string>);
      assert.notEqual(run.status, 0);
      const lines = run.stderr
        .trim()
        .split('\n')
        .filter((l) => !/DeprecationWarning|trace-deprecation/.test(l));
      assert.equal(lines.length, 1, run.stderr);
      assert.match(lines[0] as string, new RegExp(`^tap-desk: configuration error: ${variable}: expected `));
    });
  }

  describe('running', () => {
    let stack: Stack;
    before(async () => {
      stack = await startStack();
    });
    after(async () => {
      await stack?.close();
    });

    it('answers /healthz and /readyz (storage, Graph token with its permissions, Graph)', async () => {
      assert.equal((await fetch(`${stack.bot.url}/healthz`)).status, 200);
      const ready = await fetch(`${stack.bot.url}/readyz`, { headers: { 'x-readyz-key': HARNESS_READYZ_KEY } });
      const body = (await ready.json()) as { checks: Array<{ name: string; ok: boolean }> };
      assert.equal(ready.status, 200, JSON.stringify(body));
      assert.deepEqual(
        body.checks.map((c) => [c.name, c.ok]),
        [
          ['storage', true],
          ['graph-token', true],
          ['graph', true],
          // Optional and alone: not configured here, and never a reason to be "not ready".
          ['face-check', true],
          ['issuance', true],
        ],
      );
    });

    it('answers an anonymous /readyz (or one with a wrong key) with its status alone: no permission, licence or error text, demo mode included', async () => {
      for (const headers of <Array<Record<string, string>>>[{}, { 'x-readyz-key': `${HARNESS_READYZ_KEY}x` }, { 'x-readyz-key': '' }]) {
        const ready = await fetch(`${stack.bot.url}/readyz`, { headers });
        assert.equal(ready.status, 200);
        const text = await ready.text();
        assert.deepEqual(JSON.parse(text), { status: 'ready' });
        assert.doesNotMatch(text, /permission|licen|Read\.All|p1|p2|detail|error/i);
      }
    });

    it('answers help with the help card, and unknown text with help too', async () => {
      const { client, people, connector } = stack;
      assert.equal((await client.say(people.alexw!, 'help')).status, 200);
      const help = await connector.waitFor((s) => textOf(s.activity).includes('TAP Desk') && textOf(s.activity).includes('Request a pass'));
      const attachment = (help.activity.attachments as Array<{ contentType: string }>)[0];
      assert.equal(attachment?.contentType, 'application/vnd.microsoft.card.adaptive');
      const count = connector.sent.length;
      await client.say(people.alexw!, 'what is the weather like');
      await connector.waitFor((s) => connector.sent.indexOf(s) >= count && textOf(s.activity).includes("didn't understand"));
      assert.match(textOf(cardOf(await client.click(people.alexw!, 'help', {}))), /diagnose/);
    });

    it('without authentication (demo mode) still refuses other channels and tenants, and audits it', async () => {
      const { client, people, connector } = stack;
      const before = connector.sent.length;
      assert.equal(
        (await client.post({ ...client.activity(people.alexw!, 'personal', { type: 'message', text: 'help' }), channelId: 'webchat' }))
          .status,
        200,
      );
      const foreign = client.activity(people.alexw!, 'personal', { type: 'message', text: 'help' });
      (foreign.conversation as { tenantId: string }).tenantId = '99999999-9999-9999-9999-999999999999';
      assert.equal((await client.post(foreign)).status, 200);
      await new Promise((r) => setTimeout(r, 100));
      assert.equal(connector.sent.length, before, 'nothing is said to other channels or tenants');
      const csv = await exportAuditCsv(client, connector, people.meganb!);
      assert.match(csv, /activity\.refused,.*channel\.not-teams/);
      assert.match(csv, /activity\.refused,.*tenant\.foreign/);
    });

    it('refuses malformed and oversized bodies without falling over', async () => {
      const post = (body: string, headers: Record<string, string> = {}) =>
        fetch(`${stack.bot.url}/api/messages`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body });
      assert.equal((await post('{not json')).status, 400);
      assert.equal((await post(JSON.stringify({ type: 'message' }))).status, 400);
      assert.equal((await post(JSON.stringify({ type: 'message', text: 'x'.repeat(300_000) }))).status, 413);
      assert.equal((await fetch(`${stack.bot.url}/healthz`)).status, 200);
    });
  });
});
