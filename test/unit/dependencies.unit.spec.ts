// Dependency hygiene: production installs `dependencies` only, so everything the product entry
// (src/main.ts) can load — following every relative import, type-only ones and lazy require()s
// included — must come from there or from node itself. The converse holds too: a package in
// `dependencies` that the product never reaches is one only the harness or tests use (emulator,
// test signer, card validation) and belongs in devDependencies. The harness (test/harness: emulator,
// demo tools, Azurite launcher, in-memory stores) and the tests must stay out of the closure.
import assert from 'node:assert/strict';
import { readFileSync, statSync } from 'node:fs';
import { builtinModules } from 'node:module';
import path from 'node:path';

const ROOT = path.resolve(__dirname, '../..');
const ENTRY = path.join(ROOT, 'src/main.ts');
const HARNESS = ['test/'];

/** Code without comments, so an import mentioned in a comment does not count. */
function code(text: string): string {
  return text.replace(/\/\*[\s\S]*?\*\//g, '').replace(/(^|[^:'"`])\/\/.*$/gm, '$1');
}

/** Every module specifier: import/export … from, bare import, require(), dynamic import(). */
function specifiers(text: string): string[] {
  const found: string[] = [];
  const patterns = [
    /\b(?:import|export)\b[^'"`;]*?\bfrom\s*['"`]([^'"`]+)['"`]/g,
    /\bimport\s*['"`]([^'"`]+)['"`]/g,
    /\b(?:require|import)\s*\(\s*['"`]([^'"`]+)['"`]\s*\)/g,
  ];
  for (const pattern of patterns) for (const m of code(text).matchAll(pattern)) found.push(m[1] as string);
  return found;
}

function resolveRelative(from: string, spec: string): string {
  const base = path.resolve(path.dirname(from), spec);
  const candidate = [base, `${base}.ts`, `${base}.cjs`, `${base}.js`, path.join(base, 'index.ts')].find((file) =>
    statSync(file, { throwIfNoEntry: false })?.isFile(),
  );
  if (!candidate) throw new Error(`${path.relative(ROOT, from)} imports '${spec}', which does not resolve`);
  return candidate;
}

/** The package a bare specifier loads: `@scope/name` or `name`. */
const packageOf = (spec: string) =>
  spec
    .split('/')
    .slice(0, spec.startsWith('@') ? 2 : 1)
    .join('/');

const BUILTINS = new Set(builtinModules.flatMap((name) => [name, `node:${name}`]));

function importClosure(entry: string): { files: string[]; packages: Map<string, string> } {
  const files = new Set<string>();
  const packages = new Map<string, string>();
  const queue = [entry];
  while (queue.length > 0) {
    const file = queue.pop() as string;
    if (files.has(file)) continue;
    files.add(file);
    for (const spec of specifiers(readFileSync(file, 'utf8'))) {
      if (spec.startsWith('.')) queue.push(resolveRelative(file, spec));
      else if (!BUILTINS.has(spec) && !BUILTINS.has(packageOf(spec)) && !packages.has(packageOf(spec)))
        packages.set(packageOf(spec), path.relative(ROOT, file));
    }
  }
  return { files: [...files].map((f) => path.relative(ROOT, f)).sort(), packages };
}

describe('dependencies: production installs only what the product loads', () => {
  const manifest = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as {
    dependencies: Record<string, string>;
    devDependencies: Record<string, string>;
  };
  const closure = importClosure(ENTRY);

  it('follows the whole product: HTTP, Teams, Graph, storage, telemetry (the lazy require too)', () => {
    for (const file of [
      'src/http/server.ts',
      'src/teams/adapter.ts',
      'src/graph/client.ts',
      'src/store/create-stores.ts',
      'src/telemetry/azure-monitor.ts',
    ]) {
      assert.ok(closure.files.includes(file), `${file} is in the closure`);
    }
  });

  it('reaches only packages in dependencies (or node built-ins)', () => {
    const outside = [...closure.packages]
      .filter(([name]) => !(name in manifest.dependencies))
      .map(([name, by]) => `${name} (imported by ${by})`);
    assert.deepEqual(outside, []);
  });

  it('lists in dependencies only packages the product reaches: the rest is for the harness and tests', () => {
    const unused = Object.keys(manifest.dependencies).filter((name) => !closure.packages.has(name));
    assert.deepEqual(unused, []);
  });

  it('does not reach the harness or the tests under test/ (emulator, demo tools, Azurite, in-memory stores)', () => {
    assert.deepEqual(
      closure.files.filter((file) => HARNESS.some((h) => file.startsWith(h))),
      [],
    );
  });

  // jsonwebtoken is a product dependency since delegated issuance: src/teams/sso.ts verifies Teams SSO tokens with it.
  it('the emulator and test packages are devDependencies', () => {
    for (const name of ['selfsigned', 'adaptivecards', 'azurite'])
      assert.ok(name in manifest.devDependencies && !(name in manifest.dependencies), name);
  });

  it('the Bot Framework SDK stays behind src/teams and src/http (README: what a move to the Teams SDK touches)', () => {
    const botFramework = /^(?:botbuilder|botframework-)/;
    const outside = closure.files
      .filter((file) => !file.startsWith('src/teams/') && !file.startsWith('src/http/'))
      .filter((file) => specifiers(readFileSync(path.join(ROOT, file), 'utf8')).some((spec) => botFramework.test(spec)));
    assert.deepEqual(outside, []);
  });

  it('the reader sees every form of import, and none in comments', () => {
    const text = [
      "import a from 'pkg-a';",
      "import type { B } from '@scope/b/deep';",
      "export { c } from './c';",
      "import 'side-effect';",
      "const d = require('./d') as typeof import('./d');",
      "// import x from 'commented-out';",
      "/* require('also-commented') */",
    ].join('\n');
    assert.deepEqual(specifiers(text).sort(), ['./c', './d', './d', '@scope/b/deep', 'pkg-a', 'side-effect'].sort());
    assert.equal(packageOf('@scope/b/deep'), '@scope/b');
  });
});
