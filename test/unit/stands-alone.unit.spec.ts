// The repository stands alone: a clone with nothing beside it must run its demo and pass its tests, so no
// code or script reads a path outside it. Checked on the source text (not by running it): every path
// literal that climbs with '..' is resolved from the file's own folder; path.resolve/join calls are
// resolved argument by argument from __dirname, or from a constant the file derives from __dirname;
// anything naming a folder beside the checkout (a sibling shared one) or a machine path is reported
// with its line. A climb from a base the check cannot place (a parameter, a package's folder) is left
// alone: over-reporting those would only teach people to silence the check.
import assert from 'node:assert/strict';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';

const ROOT = path.resolve(__dirname, '../..');
const SCANNED = ['src', 'test', 'manifest', 'infra/tools', '.ci'];
const CODE = /\.(ts|cts|mts|js|cjs|mjs|sh)$|^run$/;
const SKIPPED_DIRS = new Set(['node_modules', 'fixtures', 'shots', 'dist', '.local']);

/** A quoted literal without interpolation: '…', "…" or `…` with no ${. */
const LITERAL = /'([^'\\\n]*)'|"([^"\\\n]*)"|`([^`\\$]*)`/g;
const CLIMBS = /(^|[\\/])\.\.([\\/]|$)/;
const PATH_CALL = /(?:\b(?:const|let)\s+(\w+)\s*=\s*)?path\.(?:resolve|join)\(([^()]*)\)/g;
const SIBLING_SHARED = /\.\.[\\/]+shared([\\/]|\b)|,\s*['"`]shared['"`]/;
const MACHINE_PATH = /\/work\/[\w.-]/;

function lineOf(text: string, index: number): number {
  return text.slice(0, index).split('\n').length;
}

function literalOf(arg: string): string | null {
  const m = /^\s*(?:'([^'\\]*)'|"([^"\\]*)"|`([^`\\$]*)`)\s*$/.exec(arg);
  return m ? (m[1] ?? m[2] ?? m[3] ?? '') : null;
}

const inside = (root: string, target: string): boolean => {
  const rel = path.relative(root, target);
  return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel));
};

/** Problems in one file's text, as "file:line: what". `file` is relative to `root`. */
export function outsidePaths(root: string, file: string, text: string): string[] {
  const dir = path.dirname(path.join(root, file));
  const problems: string[] = [];
  const report = (index: number, what: string): void => {
    problems.push(`${file}:${lineOf(text, index)}: ${what}`);
  };
  const shared = SIBLING_SHARED.exec(text);
  if (shared) report(shared.index, `names a folder beside the repository (${shared[0]})`);
  const machine = MACHINE_PATH.exec(text);
  if (machine) report(machine.index, `names a machine path (${machine[0]})`);

  const known = new Map<string, string>([['__dirname', dir]]);
  const calls: Array<[number, number]> = [];
  for (const call of text.matchAll(PATH_CALL)) {
    calls.push([call.index, call.index + call[0].length]);
    const args = (call[2] ?? '').split(',');
    const base = known.get((args[0] ?? '').trim());
    const literals: string[] = [];
    for (const arg of args.slice(1)) {
      const value = literalOf(arg);
      if (value === null) break;
      literals.push(value);
    }
    if (base === undefined) continue;
    const target = path.resolve(base, ...literals);
    if (call[1] && literals.length === args.length - 1) known.set(call[1], target);
    if (literals.some((l) => CLIMBS.test(l)) && !inside(root, target)) {
      report(call.index, `resolves outside the repository (${call[0].replace(/^.*?path\./, 'path.')} → ${target})`);
    }
  }

  for (const lit of text.matchAll(LITERAL)) {
    const value = lit[1] ?? lit[2] ?? lit[3] ?? '';
    if (!value.startsWith('..') || !CLIMBS.test(value) || /\s/.test(value)) continue;
    if (calls.some(([start, end]) => lit.index >= start && lit.index < end)) continue;
    if (!inside(root, path.resolve(dir, value))) report(lit.index, `relative path leaves the repository (${lit[0]})`);
  }
  return problems;
}

/** package.json scripts run from the repository root: any '..' segment leaves it. */
export function outsideScripts(scripts: Record<string, string>): string[] {
  return Object.entries(scripts)
    .filter(([, command]) => CLIMBS.test(command.replace(/\s+/g, '/')) || SIBLING_SHARED.test(command) || MACHINE_PATH.test(command))
    .map(([name, command]) => `package.json scripts.${name}: leaves the repository (${command})`);
}

function codeFiles(rel: string): string[] {
  const abs = path.join(ROOT, rel);
  if (statSync(abs).isFile()) return [rel];
  return readdirSync(abs, { withFileTypes: true }).flatMap((entry) => {
    const child = path.join(rel, entry.name);
    if (entry.isDirectory()) return SKIPPED_DIRS.has(entry.name) ? [] : codeFiles(child);
    return CODE.test(entry.name) ? [child] : [];
  });
}

describe('the repository stands alone', () => {
  it('no file under src, test, manifest, infra/tools or .ci refers to a path outside the repository', () => {
    const files = SCANNED.flatMap(codeFiles);
    assert.ok(files.length > 100, `scanned only ${files.length} files: is the walk broken?`);
    const problems = files.flatMap((file) => outsidePaths(ROOT, file, readFileSync(path.join(ROOT, file), 'utf8')));
    assert.deepEqual(problems, []);
  });

  it('no package.json script refers to a path outside the repository', () => {
    const { scripts } = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> };
    assert.deepEqual(outsideScripts(scripts), []);
  });

  it('reads what the tests use from inside the repository', () => {
    for (const rel of [
      'test/fixtures/seeds/contoso.json',
      'test/fixtures/seeds/README.md',
      'test/fixtures/graph-tables/aadsts-codes.json',
      'test/fixtures/graph/tap-create-response-201.json',
    ]) {
      assert.ok(statSync(path.join(ROOT, rel)).isFile(), rel);
    }
  });

  describe('the check itself', () => {
    // Built at run time so that this file does not trip its own check.
    const up = (n: number): string => Array(n).fill('..').join('/');
    const sibling = ['..', 'sha' + 'red'].join('/');
    const call = (fn: 'resolve' | 'join', base: string, ...args: string[]): string =>
      `path.${fn}(${[base, ...args.map((a) => `'${a}'`)].join(', ')})`;

    it('reports a climb above the root from the file depth, and accepts one that stays inside', () => {
      const deep = 'test/unit/graph/x.unit.spec.ts';
      assert.equal(outsidePaths(ROOT, deep, `const A = ${call('resolve', '__dirname', `${up(4)}/elsewhere/x.json`)};`).length, 1);
      assert.equal(outsidePaths(ROOT, deep, `const A = ${call('resolve', '__dirname', `${up(3)}/elsewhere/x.json`)};`).length, 0);
      assert.equal(outsidePaths(ROOT, deep, `const A = ${call('join', '__dirname', '..', '..', '..', '..', 'x')};`).length, 1);
      assert.equal(outsidePaths(ROOT, 'src/x.ts', `import { y } from '${up(2)}/y';`).length, 1);
      assert.equal(outsidePaths(ROOT, 'src/a/x.ts', `import { y } from '${up(2)}/y';`).length, 0);
      assert.equal(outsidePaths(ROOT, 'src/a/x.ts', `readFileSync('${up(3)}/y.json')`).length, 1);
    });

    it('follows a constant derived from __dirname', () => {
      const file = 'test/unit/infra/x.unit.spec.ts';
      const infra = `const INFRA = ${call('resolve', '__dirname', up(3), 'infra')};\n`;
      assert.deepEqual(outsidePaths(ROOT, file, infra + call('join', 'INFRA', '..', 'package.json')), []);
      assert.equal(outsidePaths(ROOT, file, infra + call('join', 'INFRA', '..', '..', 'elsewhere')).length, 1);
    });

    it('reports a sibling shared folder and a machine path', () => {
      assert.equal(outsidePaths(ROOT, 'src/x.ts', `const s = '${sibling}/tenant/contoso.json';`).length, 1);
      assert.equal(outsidePaths(ROOT, 'src/x.ts', `${call('resolve', 'root', '..', 'sha' + 'red', 'x')}`).length, 1);
      assert.equal(outsidePaths(ROOT, 'src/x.ts', `const s = '${'/wo' + 'rk'}/main/x';`).length, 1);
      assert.deepEqual(
        outsidePaths(ROOT, 'src/x.ts', `${call('join', 'root', 'cards')}; const ratio = 'a..b'; const s = 'shared state';`),
        [],
      );
    });

    it('reports a script that leaves the root', () => {
      assert.equal(outsideScripts({ demo: `tsx test/harness/demo/demo.ts --tenant ${sibling}/tenant/contoso.json` }).length, 1);
      assert.equal(outsideScripts({ x: 'node ../elsewhere/run.js' }).length, 1);
      assert.deepEqual(outsideScripts({ test: 'mocha "test/unit/**/*.unit.spec.ts"' }), []);
    });
  });
});
