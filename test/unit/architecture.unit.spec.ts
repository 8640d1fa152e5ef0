// ARCHITECTURE.md rules 1, 3 and 8 for src/domain: imports stay inside the folder; no clock, no
// randomness, no environment; no module-level mutable state.
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { code, importClauses, packageOf, sourceFiles, specifiers } from '../support/imports';

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
    if (!inside || !(inside === DOMAIN || inside.startsWith(DOMAIN + path.sep)))
      out.push(`imports '${spec}' (rule 1: the domain imports nothing outside itself)`);
  }
  for (const [pattern, what] of FORBIDDEN)
    if (pattern.test(body)) out.push(`uses ${what} (rule 3: time and randomness come in as arguments)`);
  if (/^(?:export\s+)?(?:let|var)\s/m.test(body)) out.push('declares a module-level let/var (rule 8: no module-level mutable state)');
  return out.map((p) => `${path.relative(DOMAIN, file)} ${p}`);
}

describe('architecture: the domain is pure', () => {
  const files = sourceFiles(DOMAIN);

  it('finds the domain sources', () => {
    assert.ok(files.some((f) => f.endsWith('request.ts')) && files.some((f) => f.endsWith('issuer-rules.ts')));
  });

  it('imports only from inside src/domain; no clock, randomness or environment; no module-level let/var', () => {
    assert.deepEqual(
      files.flatMap((f) => problems(f, readFileSync(f, 'utf8'))),
      [],
    );
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
    const good =
      "import { a } from './facts';\nimport type { B } from './request-types';\nconst d = new Date(now.getTime());\n// Date.now() in a comment\nfunction f() { let x = 1; return x; }";
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
    if (target && !(target === SRC || target.startsWith(SRC + path.sep)))
      out.push(`imports '${spec}', outside src/ (the product imports nothing from the harness or tests)`);
    const name = packageOf(spec);
    if (name && devOnly.has(name)) out.push(`imports '${spec}', a devDependency that production does not install`);
  }
  return out.map((p) => `${path.relative(REPO, file)} ${p}`);
}

describe('architecture: src/ is the product, the harness stays out', () => {
  const pkg = JSON.parse(readFileSync(path.join(REPO, 'package.json'), 'utf8')) as {
    dependencies: Record<string, string>;
    devDependencies: Record<string, string>;
  };
  const devOnly = new Set(Object.keys(pkg.devDependencies).filter((name) => !(name in pkg.dependencies)));

  it('product code imports nothing outside src/ and no devDependency', () => {
    const files = sourceFiles(SRC);
    assert.ok(
      files.some((f) => f.endsWith(path.join('src', 'main.ts'))),
      'finds src/main.ts',
    );
    assert.deepEqual(
      files.flatMap((f) => productProblems(f, readFileSync(f, 'utf8'), devOnly)),
      [],
    );
  });

  it('the checker itself catches what it should', () => {
    const fake = path.join(SRC, 'graph', 'fake.ts');
    const bad = [
      "import { startEmulator } from '../../test/harness/emulator';",
      "import { x } from '../../cards/help.json';",
      "const t = require('../../test/support/stack');",
      "const main = require.resolve('azurite/dist/x');",
    ].join('\n');
    assert.equal(productProblems(fake, bad, new Set(['azurite'])).length, 4);
    const good =
      "import { toTargetFacts } from './facts-mapper';\nimport type { Logger } from '../logger';\nimport restify from 'restify';\n// import x from '../../test/harness/emulator';";
    assert.deepEqual(productProblems(fake, good, new Set(['azurite'])), []);
  });

  it('the harness and the tests are not in the product tree', () => {
    for (const moved of ['emulator', 'tools', 'store/azurite.ts', 'store/memory-stores.ts'])
      assert.equal(existsSync(path.join(SRC, moved)), false, `src/${moved}`);
  });
});

// ARCHITECTURE.md rule 9: the Teams adapter parses, makes one use-case call and renders the outcome. It never
// sees a port, a store or the Graph client, and never runs a domain rule itself (a changed rule in
// decide() must change the Teams answer with it): the domain is imported for its types only; the rules'
// answers come in the outcomes, and the door hands out data (id patterns, the symptom list, role names),
// never a domain function. The application imports no framework.
const TEAMS = path.join(SRC, 'teams');
const APP = path.join(SRC, 'app');
/** The application's one door (src/app/index.ts): use cases, outcome types and the rules views may ask. */
const APP_DOOR = path.join(APP, 'index');
const FRAMEWORKS = [/^botbuilder/, /^botframework-/, /^restify/, /^@microsoft\/microsoft-graph-client/, /^@azure\//];

function under(dir: string, target: string): boolean {
  return target === dir || target.startsWith(dir + path.sep);
}

function teamsProblems(file: string, text: string): string[] {
  const out: string[] = [];
  for (const clause of importClauses(code(text))) {
    const { specifier } = clause;
    const target = specifier.startsWith('.') ? path.resolve(path.dirname(file), specifier).replace(/\.(ts|js)$/, '') : null;
    const values = clause.typeOnly ? [] : clause.values;
    if (packageOf(specifier) === '@microsoft/microsoft-graph-client')
      out.push(`imports '${specifier}' (the Graph client stays behind the Directory port)`);
    if (!target) continue;
    if (under(path.join(SRC, 'graph'), target))
      out.push(`imports '${specifier}' (a Graph module: the adapter never sees the Graph client)`);
    if (under(path.join(SRC, 'store'), target)) out.push(`imports '${specifier}' (a store: storage is the use cases' business)`);
    if (under(APP, target) && target !== APP && target !== APP_DOOR) {
      out.push(`imports '${specifier}' (src/app is entered through its door, src/app/index.ts, only)`);
    }
    if (under(path.join(SRC, 'domain'), target) && values.length > 0)
      out.push(`imports ${values.join(', ')} from '${specifier}' (the adapter imports domain types; rules run in the use cases)`);
  }
  return out.map((p) => `${path.relative(REPO, file)} ${p}`);
}

/**
 * The door's runtime exports that are domain functions: a rule handed to the adapter to run itself. `duration`
 * is the one still admitted (the words for a span of time, shared with the diagnosis): see ARCHITECTURE.md.
 */
const DOOR_WORDS = new Set(['duration']);
function rulesAtTheDoor(door: Record<string, unknown>, domainModules: ReadonlyArray<Record<string, unknown>>): string[] {
  const rules = new Set<unknown>(domainModules.flatMap((m) => Object.values(m)).filter((v) => typeof v === 'function'));
  return Object.entries(door)
    .filter(([name, value]) => rules.has(value) && !DOOR_WORDS.has(name))
    .map(([name]) => name);
}

function appProblems(file: string, text: string): string[] {
  const out: string[] = [];
  for (const spec of specifiers(code(text))) {
    const name = packageOf(spec);
    if (name && FRAMEWORKS.some((f) => f.test(name))) out.push(`imports '${spec}' (the application imports no framework)`);
    const target = spec.startsWith('.') ? path.resolve(path.dirname(file), spec) : null;
    for (const adapter of ['teams', 'graph', 'store', 'http']) {
      if (target && under(path.join(SRC, adapter), target))
        out.push(`imports '${spec}' (an adapter: adapters depend on the application, not back)`);
    }
  }
  return out.map((p) => `${path.relative(REPO, file)} ${p}`);
}

describe('architecture: the application boundary is sealed', () => {
  it('src/teams imports no port value, store, Graph module or domain rule', () => {
    const files = sourceFiles(TEAMS);
    assert.ok(files.some((f) => f.endsWith('approval-handlers.ts')));
    assert.deepEqual(
      files.flatMap((f) => teamsProblems(f, readFileSync(f, 'utf8'))),
      [],
    );
  });

  it('src/app imports no framework and no adapter', () => {
    const files = sourceFiles(APP);
    assert.ok(files.some((f) => f.endsWith(path.join('app', 'index.ts'))));
    assert.deepEqual(
      files.flatMap((f) => appProblems(f, readFileSync(f, 'utf8'))),
      [],
    );
  });

  it('src/app has no loose files but index.ts: every other file lives in a feature room or the kernel', () => {
    const loose = readdirSync(APP, { withFileTypes: true })
      .filter((e) => e.isFile() && e.name !== 'index.ts')
      .map((e) => e.name);
    assert.deepEqual(loose, []);
  });

  it('the door (src/app/index.ts) hands out no domain function: views get the answers in the outcomes', () => {
    const domainModules = sourceFiles(DOMAIN).map((f) => require(f) as Record<string, unknown>);
    assert.ok(
      domainModules.some((m) => typeof m.awaitingHandover === 'function'),
      'finds the domain rules',
    );
    const door = require(APP_DOOR) as Record<string, unknown>;
    assert.equal(typeof door.createUseCases, 'function', 'finds the door');
    assert.deepEqual(rulesAtTheDoor(door, domainModules), []);
    const rule = (): boolean => true;
    const fake = { createUseCases: () => null, awaitingHandover: rule, GUID: /x/, duration: rule };
    assert.deepEqual(rulesAtTheDoor(fake, [{ awaitingHandover: rule, duration: rule, GUID: fake.GUID }]), ['awaitingHandover']);
  });

  it('the use-case facade does not hand out its dependencies', () => {
    const facade = readFileSync(path.join(APP, 'index.ts'), 'utf8');
    assert.doesNotMatch(code(facade), /^\s*deps,\s*$/m, 'createUseCases returns `deps`');
  });

  it('the checkers themselves catch what they should', () => {
    const fake = path.join(TEAMS, 'handlers', 'fake.ts');
    const bad = [
      "import { StoreConflictError } from '../../app/kernel/ports';",
      "import { access, lookUp } from '../../app/help-desk/access';",
      "import type { Problem } from '../../app/kernel/errors';",
      "import { canIssue } from '../../domain/issuer-rules';",
      "import { GraphDirectory } from '../../graph/directory';",
      "import type { TableStores } from '../../store/table-stores';",
      "import { Client } from '@microsoft/microsoft-graph-client';",
      "import { Roles, isSymptom } from '../../domain/diagnosis-facts';",
      "import { GUID, REQUEST_ID } from '../../domain/ids';",
    ].join('\n');
    assert.equal(teamsProblems(fake, bad).length, 9);
    const good = [
      "import type { TapRequest } from '../../domain/request-types';",
      "import { type UserFact, type TapFact } from '../../domain/facts';",
      "import type { UseCases, Actor } from '../../app';",
      "import { GUID, type Problem } from '../../app/index';",
      "import { CardFactory } from 'botbuilder';",
      "// import { canIssue } from '../../domain/issuer-rules';",
    ].join('\n');
    assert.deepEqual(teamsProblems(fake, good), []);
    const appFake = path.join(APP, 'fake.ts');
    assert.equal(
      appProblems(
        appFake,
        "import { TurnContext } from 'botbuilder';\nimport { x } from '@azure/data-tables';\nimport { y } from '../teams/turn';",
      ).length,
      3,
    );
    assert.deepEqual(appProblems(appFake, "import { randomUUID } from 'node:crypto';\nimport { decide } from '../domain/request';"), []);
  });
});
