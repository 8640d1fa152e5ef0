// infra/stage-app.sh stages what the deploy zip holds: the product compiled from src/ and nothing of
// the harness (no emulator, demo, Playground tooling, tests or TypeScript sources), the card
// templates and the package files; production installs none of the harness's packages.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { packagesImportedBy, sourceFiles } from '../../support/imports';

const ROOT = path.resolve(__dirname, '../../..');

function filesUnder(dir: string, base = dir): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    return entry.isDirectory() ? filesUnder(full, base) : [path.relative(base, full).split(path.sep).join('/')];
  });
}

describe('deploy stage (infra/stage-app.sh)', function () {
  // Compiles src/ with tsc: tens of seconds on a busy machine.
  this.timeout(240_000);
  let work: string;
  let stage: string;
  let files: string[];

  before(() => {
    work = mkdtempSync(path.join(os.tmpdir(), 'tapdesk-stage-'));
    stage = path.join(work, 'stage');
    const run = spawnSync('bash', [path.join(ROOT, 'infra/stage-app.sh'), '--out', stage], { cwd: ROOT, encoding: 'utf8' });
    assert.equal(run.status, 0, `stage-app.sh failed: ${run.stderr}${run.stdout}`);
    files = filesUnder(stage);
  });

  after(() => rmSync(work, { recursive: true, force: true }));

  it('holds the compiled product, the cards and the package files, and nothing else', () => {
    const product = sourceFiles(path.join(ROOT, 'src'))
      .filter((f) => f.endsWith('.ts'))
      .map((f) => `dist/${path.relative(ROOT, f).split(path.sep).join('/').replace(/\.ts$/, '.js')}`);
    const cards = readdirSync(path.join(ROOT, 'cards')).map((name) => `cards/${name}`);
    const expected = [...product, ...product.map((f) => `${f}.map`), ...cards, 'package.json', 'package-lock.json'].sort();
    assert.deepEqual([...files].sort(), expected);
  });

  it('holds no emulator, demo, harness or test code and no TypeScript source', () => {
    const harness = files.filter((f) => /emulator|harness|demo|playground|azurite|memory-stores|(^|\/)test(\/|$)|\.ts$/i.test(f));
    assert.deepEqual(harness, []);
    assert.ok(files.includes('dist/src/main.js'), 'npm start runs dist/src/main.js');
  });

  it('starts as npm start says, and installs none of the packages only the harness imports', () => {
    const pkg = JSON.parse(readFileSync(path.join(stage, 'package.json'), 'utf8')) as {
      scripts: Record<string, string>;
      dependencies: Record<string, string>;
    };
    assert.match(pkg.scripts.start ?? '', / dist\/src\/main\.js$/);
    const product = packagesImportedBy(path.join(ROOT, 'src'));
    const harnessOnly = [...packagesImportedBy(path.join(ROOT, 'test', 'harness'))].filter((name) => !product.has(name));
    assert.ok(
      harnessOnly.includes('azurite') && harnessOnly.includes('selfsigned'),
      `finds the harness's own packages: ${harnessOnly.join(', ')}`,
    );
    assert.deepEqual(
      harnessOnly.filter((name) => name in pkg.dependencies),
      [],
    );
  });
});
