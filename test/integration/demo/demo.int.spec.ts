// `npm run demo -- --headless` as a script would use it: one ready line within 20 s, a bot that
// answers over the Bot Framework protocol, nothing left running after SIGTERM, clear failures.
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import http from 'node:http';
import net from 'node:net';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { descendantsOf, isAlive } from '../../harness/demo/processes';

const REPO = path.resolve(__dirname, '../../..');
const READY_WITHIN_MS = 20_000;

interface Ready {
  ready: true;
  botUrl: string;
  graphUrl: string;
  tokenUrl: string;
  tenantId: string;
  clientId: string;
  caCertPath: string;
  storageConnectionString?: string;
}

interface Demo {
  child: ChildProcess;
  stdout: string[];
  stderr: string[];
  exited: Promise<number | null>;
}

/** `npm run demo -- <args>` in its own process group (so a failed test can still kill all of it). */
function runDemo(args: string[], env: Record<string, string>, workDir: string): Demo {
  const child = spawn('npm', ['run', '--silent', 'demo', '--', ...args, '--work-dir', workDir], {
    cwd: REPO,
    env: { ...process.env, ...env },
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const stdout: string[] = [];
  const stderr: string[] = [];
  child.stdout?.on('data', (c: Buffer) => stdout.push(c.toString('utf8')));
  child.stderr?.on('data', (c: Buffer) => stderr.push(c.toString('utf8')));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return { child, stdout, stderr, exited };
}

async function readyLine(demo: Demo): Promise<{ ready: Ready; ms: number }> {
  const started = Date.now();
  while (Date.now() - started < READY_WITHIN_MS + 5000) {
    const line = demo.stdout
      .join('')
      .split('\n')
      .find((l) => l.startsWith('{"ready":'));
    if (line) return { ready: JSON.parse(line) as Ready, ms: Date.now() - started };
    if (demo.child.exitCode !== null) break;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`no ready line; stdout: ${demo.stdout.join('')} stderr: ${demo.stderr.join('')}`);
}

/** Lines a person would read, without npm's own warnings about the local npm configuration. */
function messageLines(text: string): string[] {
  return text.split('\n').filter((l) => l.trim() !== '' && !l.startsWith('npm warn'));
}

function killGroup(demo: Demo | null): void {
  if (demo?.child.pid && demo.child.exitCode === null) {
    try {
      process.kill(-demo.child.pid, 'SIGKILL');
    } catch {
      // gone already
    }
  }
}

/** Stands in for the Bot Framework connector: records what the bot sends to conversations. */
async function startCapture(): Promise<{ url: string; activities: Array<Record<string, unknown>>; close(): Promise<void> }> {
  const activities: Array<Record<string, unknown>> = [];
  const server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString('utf8')));
    req.on('end', () => {
      if (req.method === 'POST' && /^\/v3\/conversations\/[^/]+\/activities(\/[^/]+)?$/.test(req.url ?? '')) {
        activities.push(JSON.parse(body) as Record<string, unknown>);
      }
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ id: randomUUID() }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    activities,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

async function stopAndCheckNothingLeft(demo: Demo): Promise<void> {
  const pid = demo.child.pid as number;
  const tree = descendantsOf(pid);
  assert.ok(tree.length >= 3, `expected the demo's processes below npm (got ${tree.length})`);
  demo.child.kill('SIGTERM');
  const code = await Promise.race([demo.exited, new Promise<'timeout'>((r) => setTimeout(() => r('timeout'), 20_000).unref())]);
  assert.notEqual(code, 'timeout', 'the demo did not stop within 20 s of SIGTERM');
  // npm exits at once; the demo notices and stops its parts: wait for the whole tree to go.
  const deadline = Date.now() + 20_000;
  while (tree.some(isAlive) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
  assert.deepEqual(tree.filter(isAlive), [], 'processes left running after SIGTERM');
}

describe('npm run demo -- --headless', function () {
  this.timeout(90_000);
  let demo: Demo | null = null;
  let workDir: string;

  beforeEach(() => {
    workDir = mkdtempSync(path.join(tmpdir(), 'tapdesk-demo-test-'));
  });

  afterEach(() => {
    killGroup(demo);
    demo = null;
    rmSync(workDir, { recursive: true, force: true });
  });

  it('prints one ready line within 20 s, answers help with the help card, and leaves nothing behind on SIGTERM', async () => {
    demo = runDemo(['--headless'], { PORT: '0' }, workDir);
    const { ready, ms } = await readyLine(demo);
    assert.ok(ms < READY_WITHIN_MS, `ready after ${ms} ms`);
    for (const key of ['botUrl', 'graphUrl', 'tokenUrl', 'tenantId', 'clientId', 'caCertPath', 'storageConnectionString'] as const) {
      assert.ok(ready[key], `ready line has ${key}`);
    }
    assert.equal(messageLines(demo.stdout.join('')).length, 1, 'stdout is the one JSON line');
    assert.match(ready.botUrl, /^http:\/\/127\.0\.0\.1:\d+$/);

    assert.equal((await fetch(`${ready.botUrl}/readyz`)).status, 200);

    const capture = await startCapture();
    try {
      const alex = { id: 'e6b86ab2-975a-5fd3-8c34-ba702a39c097', name: 'Alex Wilber' };
      const response = await fetch(`${ready.botUrl}/api/messages`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          type: 'message',
          id: randomUUID(),
          text: 'help',
          channelId: 'msteams',
          serviceUrl: capture.url,
          timestamp: new Date().toISOString(),
          from: { id: `29:${alex.id}`, aadObjectId: alex.id, name: alex.name },
          recipient: { id: '28:tapdesk', name: 'TAP Desk' },
          conversation: { id: `a:demo-test-${randomUUID()}`, tenantId: ready.tenantId, conversationType: 'personal' },
          channelData: { tenant: { id: ready.tenantId } },
          locale: 'en-US',
        }),
      });
      assert.ok(response.status >= 200 && response.status < 300, `POST /api/messages answered ${response.status}`);
      const deadline = Date.now() + 10_000;
      const isHelpCard = (a: Record<string, unknown>) =>
        ((a.attachments as Array<{ contentType: string; content: unknown }> | undefined) ?? []).some(
          (att) =>
            att.contentType === 'application/vnd.microsoft.card.adaptive' && JSON.stringify(att.content).includes('"text":"TAP Desk"'),
        );
      while (!capture.activities.some(isHelpCard) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
      assert.ok(
        capture.activities.some(isHelpCard),
        `no help card reached the connector: ${JSON.stringify(capture.activities).slice(0, 500)}`,
      );
    } finally {
      await capture.close();
    }

    await stopAndCheckNothingLeft(demo);
  });

  it('reaches ready with another tenant seed', async () => {
    const seedPath = path.join(workDir, 'fabrikam.json');
    writeFileSync(seedPath, JSON.stringify(tinySeed()));
    demo = runDemo(['--headless', '--tenant', seedPath], { PORT: '0' }, workDir);
    const { ready } = await readyLine(demo);
    assert.equal(ready.tenantId, tinySeed().tenant.id);
    assert.equal((await fetch(`${ready.botUrl}/readyz`)).status, 200);
    await stopAndCheckNothingLeft(demo);
  });

  it('PORT=abc: exits non-zero with one clear line', async () => {
    demo = runDemo(['--headless'], { PORT: 'abc' }, workDir);
    const code = await demo.exited;
    assert.notEqual(code, 0);
    const lines = messageLines(demo.stderr.join(''));
    assert.equal(lines.length, 1, `expected one line, got: ${lines.join(' | ')}`);
    assert.match(lines[0] as string, /PORT/);
    assert.match(lines[0] as string, /abc/);
  });

  it('a taken bot port: exits non-zero with one line naming the part and the next step', async () => {
    const blocker = net.createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const { port } = blocker.address() as net.AddressInfo;
    try {
      demo = runDemo(['--headless'], { PORT: String(port) }, workDir);
      const code = await demo.exited;
      assert.notEqual(code, 0);
      const lines = messageLines(demo.stderr.join(''));
      assert.equal(lines.length, 1, `expected one line, got: ${lines.join(' | ')}`);
      assert.match(lines[0] as string, new RegExp(`bot: port ${port} .*in use.*PORT=`));
    } finally {
      blocker.close();
    }
  });
});

/** A second tenant in the seed format: two users, the demo app, a TAP policy. */
function tinySeed() {
  const tenantId = '3c0a1d5e-8f0b-4c1e-9d7a-2b6f4e8a1c90';
  return {
    tenant: { id: tenantId, displayName: 'Fabrikam', domains: ['fabrikam.onmicrosoft.com'] },
    applications: [
      {
        appId: '7d3e9a10-2c4b-4f6e-8a1d-5b9c0e2f4a61',
        displayName: 'TAP Desk (test)',
        clientSecret: 'fabrikam-demo-secret',
        grantedApplicationPermissions: [
          'User.Read.All',
          'GroupMember.Read.All',
          'RoleManagement.Read.Directory',
          'RoleEligibilitySchedule.Read.Directory',
          'Policy.Read.AuthenticationMethod',
          'UserAuthenticationMethod.Read.All',
          'UserAuthMethod-TAP.ReadWrite.All',
        ],
      },
    ],
    users: [
      {
        id: '0b6f2a8c-1d3e-4f5a-9b7c-8e2d4a6f1c30',
        displayName: 'Kim Akers',
        userPrincipalName: 'kima@fabrikam.com',
        accountEnabled: true,
        userType: 'Member',
      },
      {
        id: '5e9d1c7b-3a2f-4b8e-a6d4-0c1f9e7b2a58',
        displayName: 'Sam Ray',
        userPrincipalName: 'samr@fabrikam.com',
        accountEnabled: true,
        userType: 'Member',
      },
    ],
    groups: [],
    roleAssignments: [
      {
        id: 'ra-1',
        principalId: '0b6f2a8c-1d3e-4f5a-9b7c-8e2d4a6f1c30',
        roleDefinitionId: 'c4e39bd9-1100-46d3-8c65-fb160da0071f',
        directoryScopeId: '/',
      },
    ],
    authenticationMethodsPolicy: {
      authenticationMethodConfigurations: [
        {
          '@odata.type': '#microsoft.graph.temporaryAccessPassAuthenticationMethodConfiguration',
          id: 'TemporaryAccessPass',
          state: 'enabled',
          defaultLifetimeInMinutes: 60,
          defaultLength: 8,
          minimumLifetimeInMinutes: 60,
          maximumLifetimeInMinutes: 480,
          isUsableOnce: false,
          includeTargets: [{ targetType: 'group', id: 'all_users', isRegistrationRequired: false }],
          excludeTargets: [],
        },
      ],
    },
    authenticationMethods: {},
  };
}
