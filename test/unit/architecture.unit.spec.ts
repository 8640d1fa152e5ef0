// ARCHITECTURE.md rules 1, 3 and 8 for src/domain: imports stay inside the folder; no clock, no
// randomness, no environment; no module-level mutable state.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

const DOMAIN = path.resolve(__dirname, '../../src/domain');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(full);
    return /\.(c|m)?[tj]sx?$/.test(entry.name) ? [full] : [];
  });
}

/** Code without comments, so a doc comment that mentions `new Date()` or an import does not count. */
function code(text: string): string {
  return text.replace(/\/\*[\s\S]*?\*\//g, '').replace(/(^|[^:'"`])\/\/.*$/gm, '$1');
}

/** Every module specifier: import/export … from, bare import, require(), dynamic import(). */
function specifiers(text: string): string[] {
  const found: string[] = [];
  const patterns = [/\b(?:import|export)\b[^'"`;]*?\bfrom\s*['"`]([^'"`]+)['"`]/g, /\bimport\s*['"`]([^'"`]+)['"`]/g, /\b(?:require|import)\s*\(\s*['"`]([^'"`]+)['"`]\s*\)/g];
  for (const pattern of patterns) for (const m of text.matchAll(pattern)) found.push(m[1] as string);
  return found;
}

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
