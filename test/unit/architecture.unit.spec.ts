// ARCHITECTURE.md rules 1, 3 and 8 for src/domain: imports stay inside the folder; no clock, no
// randomness, no environment; no module-level mutable state.
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { code, packageOf, sourceFiles, specifiers } from '../support/imports';

const DOMAIN = path.resolve(__dirname, '../../src/domain');

const FORBIDDEN: Array<[RegExp, string]> = [
  [/\bDate\.now\s*\(/, 'Date.now()'],
  [/\bnew\s+Date\s*\(\s*\)/, 'new Date() without an argument'],
  [/(?<!new\s+)\bDate\s*\(\s*\)/, 'Date() without an argument'],
  [/\bMath\.random\s*\(/, 'Math.random()'],
  [/\bperformance\.now\s*\(/, 'performance.now()'],
  [/\bcrypto\./, 'crypto'],
  [/\bprocess\./, 'process (environment, clock)'],
  [/\b(?:setTimeout|setInterval|setImmediate)\s*\(/, 'timers'],
];

function problems(file: string, text: string): string[] {
  const body = code(text);
  const out: string[] = [];
  for (const spec of specifiers(body)) {
    const inside = spec.startsWith('./') || spec.startsWith('../') ? path.resolve(path.dirname(file), spec) : null;
    if (!inside || !(inside === DOMAIN || inside.startsWith(DOMAIN + path.sep))) out.push(`imports '${spec}' (rule 1: the domain imports nothing outside itself)`);
  }
  for (const [pattern, what] of FORBIDDEN) if (pattern.test(body)) out.push(`uses ${what} (rule 3: time and randomness come in as arguments)`);
  if (/^(?:export\s+)?(?:let|var)\s/m.test(body)) out.push('declares a module-level let/var (rule 8: no module-level mutable state)');
  return out.map((p) => `${path.relative(DOMAIN, file)} ${p}`);
}

describe('architecture: the domain is pure', () => {
  const files = sourceFiles(DOMAIN);

  it('finds the domain sources', () => {
    assert.ok(files.some((f) => f.endsWith('request.ts')) && files.some((f) => f.endsWith('issuer-rules.ts')));
  });

  it('imports only from inside src/domain; no clock, randomness or environment; no module-level let/var', () => {
    assert.deepEqual(files.flatMap((f) => problems(f, readFileSync(f, 'utf8'))), []);
  });

  it('the checker itself catches what it should', () => {
    const fake = path.join(DOMAIN, 'fake.ts');
    const bad = [
      "import { x } from '../app/ports';",
      "import type { Y } from 'botbuilder';",
      "export { z } from '../../graph/facts-mapper';",
      "import 'node:fs';",
      "const fs = require('fs');",
      'const t = Date.now();',
      'const d = new Date();',
      'const r = Math.random();',
      'let counter = 0;',
    ].join('\n');
    assert.equal(problems(fake, bad).length, 9);
    const good = "import { a } from './facts';\nimport type { B } from './request-types';\nconst d = new Date(now.getTime());\n// Date.now() in a comment\nfunction f() { let x = 1; return x; }";
    assert.deepEqual(problems(fake, good), []);
  });
});

// ARCHITECTURE.md: the product is src/; the emulator, the demo launcher and the rest of the harness
// live under test/ and never ship (tsconfig.build.json, infra/stage-app.sh).
const REPO = path.resolve(__dirname, '../..');
const SRC = path.join(REPO, 'src');

/** What a product file imports from outside src/ (a relative path), or from a package production does not install. */
function productProblems(file: string, text: string, devOnly: ReadonlySet<string>): string[] {
  const out: string[] = [];
  for (const spec of specifiers(code(text))) {
    const target = spec.startsWith('./') || spec.startsWith('../') ? path.resolve(path.dirname(file), spec) : null;
    if (target && !(target === SRC || target.startsWith(SRC + path.sep))) out.push(`imports '${spec}', outside src/ (the product imports nothing from the harness or tests)`);
    const name = packageOf(spec);
    if (name && devOnly.has(name)) out.push(`imports '${spec}', a devDependency that production does not install`);
  }
  return out.map((p) => `${path.relative(REPO, file)} ${p}`);
}

describe('architecture: src/ is the product, the harness stays out', () => {
  const pkg = JSON.parse(readFileSync(path.join(REPO, 'package.json'), 'utf8')) as { dependencies: Record<string, string>; devDependencies: Record<string, string> };
  const devOnly = new Set(Object.keys(pkg.devDependencies).filter((name) => !(name in pkg.dependencies)));

  it('product code imports nothing outside src/ and no devDependency', () => {
    const files = sourceFiles(SRC);
    assert.ok(files.some((f) => f.endsWith(path.join('src', 'main.ts'))), 'finds src/main.ts');
    assert.deepEqual(files.flatMap((f) => productProblems(f, readFileSync(f, 'utf8'), devOnly)), []);
  });

  it('the checker itself catches what it should', () => {
    const fake = path.join(SRC, 'graph', 'fake.ts');
    const bad = ["import { startEmulator } from '../../test/harness/emulator';", "import { x } from '../../cards/help.json';", "const t = require('../../test/support/stack');", "const main = require.resolve('azurite/dist/x');"].join('\n');
    assert.equal(productProblems(fake, bad, new Set(['azurite'])).length, 4);
    const good = "import { toTargetFacts } from './facts-mapper';\nimport type { Logger } from '../logger';\nimport restify from 'restify';\n// import x from '../../test/harness/emulator';";
    assert.deepEqual(productProblems(fake, good, new Set(['azurite'])), []);
  });

  it('the harness and the tests are not in the product tree', () => {
    for (const moved of ['emulator', 'tools', 'store/azurite.ts', 'store/memory-stores.ts']) assert.equal(existsSync(path.join(SRC, moved)), false, `src/${moved}`);
  });
});
