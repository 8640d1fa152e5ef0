// tsx test/harness/emulator/cli.ts: one JSON line when ready, a working tenant behind it, a clean stop on
// SIGTERM / SIGINT, and one clear line (no stack) for a seed it cannot use.
import assert from 'node:assert/strict';
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import https from 'node:https';
import path from 'node:path';
import { once } from 'node:events';
import { TEST_SEEDS } from '../../support/emulator';

const ROOT = path.resolve(__dirname, '../../..');

interface Run {
  child: ChildProcess;
  stdout: string[];
  stderr: string[];
}

function start(args: string[], env: NodeJS.ProcessEnv = {}): Run {
  // One process (tsx's own CLI would run the emulator in a child of its own): a test that fails
  // midway then still kills it in after(), instead of leaving it holding the pipes and mocha open.
  const child = spawn(process.execPath, ['-r', 'tsx/cjs', 'test/harness/emulator/cli.ts', ...args], {
    cwd: ROOT,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const run: Run = { child, stdout: [], stderr: [] };
  child.stdout!.setEncoding('utf8').on('data', (d: string) => run.stdout.push(d));
  child.stderr!.setEncoding('utf8').on('data', (d: string) => run.stderr.push(d));
  return run;
}

async function readyLine(run: Run): Promise<Record<string, unknown>> {
  const deadline = Date.now() + 20_000;
  while (!run.stdout.join('').includes('\n')) {
    if (run.child.exitCode !== null) throw new Error(`exited ${run.child.exitCode}: ${run.stderr.join('')}`);
    if (Date.now() > deadline) throw new Error('no ready line');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return JSON.parse(run.stdout.join('').split('\n')[0] as string) as Record<string, unknown>;
}

function getJson(url: string, ca: string): Promise<unknown> {
  return new Promise((resolve, reject) => {
    https
      .get(url, { ca }, (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (c: Buffer) => chunks.push(c));
        response.on('end', () => {
          try {
            resolve(JSON.parse(Buffer.concat(chunks).toString('utf8')));
          } catch (error) {
            reject(error instanceof Error ? error : new Error(String(error)));
          }
        });
      })
      .on('error', reject);
  });
}

async function exitOf(run: Run): Promise<number | null> {
  if (run.child.exitCode !== null) return run.child.exitCode;
  const [code] = (await once(run.child, 'exit')) as [number | null];
  return code;
}

describe('emulator CLI', function () {
  this.timeout(40_000);
  const running: Run[] = [];
  after(() => {
    for (const run of running) if (run.child.exitCode === null) run.child.kill('SIGKILL');
  });

  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    it(`prints one ready line, serves the tenant, and stops cleanly on ${signal}`, async () => {
      const run = start(
        signal === 'SIGTERM' ? ['--ca-dir', process.env.TAPDESK_TEST_CA_DIR as string] : [],
        signal === 'SIGINT' ? { TENANT_SEED: path.join(TEST_SEEDS, 'fabrikam.json') } : {},
      );
      running.push(run);
      const ready = await readyLine(run);
      assert.deepEqual(Object.keys(ready), ['ready', 'graphUrl', 'tokenUrl', 'authorityHost', 'tenantId', 'clientId', 'caCertPath']);
      assert.equal(ready.ready, true);
      assert.match(String(ready.graphUrl), /^https:\/\/127\.0\.0\.1:\d+\/v1\.0$/);
      assert.equal(ready.tenantId, signal === 'SIGTERM' ? '510a7fe1-50f4-5852-90b4-23956de2d650' : '2f3c8c1e-1111-4222-8333-444455556666');
      const caCertPath = String(ready.caCertPath);
      assert.ok(existsSync(caCertPath));
      // Trust only the CA the ready line names: without --ca-dir the emulator makes its own.
      const metadata = await getJson(
        `${String(ready.authorityHost)}/${String(ready.tenantId)}/v2.0/.well-known/openid-configuration`,
        readFileSync(caCertPath, 'utf8'),
      );
      assert.equal((metadata as { token_endpoint: string }).token_endpoint, ready.tokenUrl);
      run.child.kill(signal);
      assert.equal(await exitOf(run), 0);
      assert.equal(run.stdout.join('').trim().split('\n').length, 1, 'exactly one line on stdout');
      assert.ok(!existsSync(caCertPath), 'the temp CA file is removed');
    });
  }

  it('a missing or invalid seed exits non-zero with one clear line', async () => {
    for (const [args, message] of [
      [['--seed', 'no/such/seed.json'], /^emulator: tenant seed not found: .*no\/such\/seed\.json\n$/],
      [['--seed', path.join(ROOT, 'package.json')], /^emulator: tenant must be an object/],
      [['--port', 'eighty'], /^emulator: --port must be a port number/],
    ] as const) {
      const run = start([...args]);
      running.push(run);
      assert.equal(await exitOf(run), 1);
      const stderr = run.stderr.join('');
      assert.match(stderr, message);
      assert.equal(stderr.trim().split('\n').length, 1, stderr);
      assert.equal(run.stdout.join(''), '');
    }
  });
});
