// Comments and docs cite files inside this repository (or a public URL): a reader of the repository must be
// able to follow every citation (ARCHITECTURE.md, "Citations").
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';

const REPO = path.resolve(__dirname, '../..');
const ROOTS = ['src', 'test', 'infra', 'manifest', 'cards', '.ci'];
const SKIP = new Set(['node_modules', 'dist', '.local', 'fixtures']);
const TEXT = /\.(ts|cjs|mjs|js|json|md|sh|bicep|yml|yaml)$/;

/** Documents the project was written from, which the repository does not hold. */
const OUTSIDE: Array<[RegExp, string]> = [
  [/\bFACTS\.md\b/, 'FACTS.md'],
  [/\bLIBRARY-NOTES\b/, 'LIBRARY-NOTES'],
  [/\bPRODUCT\.md\b/, 'PRODUCT.md'],
  [/(?:^|[\s`'"(/])shared\/(?:design|graph)\b/, 'shared/'],
  [/\/work\//, 'a path on the build machine'],
  [/\bARCHITECTURE rule\b/, '"ARCHITECTURE rule" (cite "ARCHITECTURE.md rule N")'],
];

function files(dir: string, out: string[] = []): string[] {
  if (!existsSync(dir)) return out;
  for (const name of readdirSync(dir)) {
    if (SKIP.has(name)) continue;
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) files(full, out);
    else if (TEXT.test(name)) out.push(full);
  }
  return out;
}

const RULES = (readFileSync(path.join(REPO, 'ARCHITECTURE.md'), 'utf8').match(/^\d+\. \*\*/gm) ?? []).length;
const GRAPH_SECTIONS = new Set(
  [...readFileSync(path.join(REPO, 'src/graph/README.md'), 'utf8').matchAll(/^## §(\d+)/gm)].map((m) => Number(m[1])),
);

/** What in one file's text points outside the repository, or at a rule or section that does not exist. */
export function citationProblems(file: string, text: string, exists: (p: string) => boolean): string[] {
  const out: string[] = [];
  for (const [pattern, what] of OUTSIDE) if (pattern.test(text)) out.push(`cites ${what}`);
  for (const m of text.matchAll(/ARCHITECTURE\.md rules? ((?:\d+(?:, | and )?)+)/g)) {
    for (const n of m[1]!.split(/, | and /).map(Number))
      if (!(n >= 1 && n <= RULES)) out.push(`cites ARCHITECTURE.md rule ${n}, which it does not define`);
  }
  for (const m of text.matchAll(/src\/graph\/README\.md ((?:§\d+(?:[–-]§?\d+)?(?:, )?)+)/g)) {
    for (const n of m[1]!.match(/\d+/g)!.map(Number))
      if (!GRAPH_SECTIONS.has(n)) out.push(`cites src/graph/README.md §${n}, which it does not have`);
  }
  // A repository-style markdown path (a root document, or one under a top folder; not inside a URL) must exist.
  for (const m of text.matchAll(/(?<![\w/.:@-])((?:[\w.-]+\/)*[\w-]+\.md)\b/g)) {
    const cited = m[1]!;
    if (!/^[A-Z][A-Z0-9_-]*\.md$/.test(cited) && !/^(?:src|test|infra|manifest|cards)\//.test(cited)) continue;
    if (!exists(path.join(REPO, cited)) && !exists(path.join(path.dirname(file), cited))) out.push(`cites ${cited}, not in the repository`);
  }
  return out.map((p) => `${path.relative(REPO, file)} ${p}`);
}

describe('citations stay inside the repository', () => {
  const self = path.join(REPO, 'test', 'unit', 'citations.unit.spec.ts');
  const all = [
    ...ROOTS.flatMap((r) => files(path.join(REPO, r))),
    ...readdirSync(REPO)
      .filter((n) => n.endsWith('.md'))
      .map((n) => path.join(REPO, n)),
  ].filter((f) => f !== self);

  it('finds the sources and the docs', () => {
    assert.ok(all.some((f) => f.endsWith(path.join('src', 'domain', 'request.ts'))) && all.some((f) => f.endsWith('SECURITY.md')));
    assert.ok(RULES >= 9 && GRAPH_SECTIONS.size >= 10, 'ARCHITECTURE.md numbers its rules, src/graph/README.md its sections');
  });

  it('no comment or doc cites a document outside the repository, a rule or section that does not exist', () => {
    assert.deepEqual(
      all.flatMap((f) => citationProblems(f, readFileSync(f, 'utf8'), existsSync)),
      [],
    );
  });

  it('the checker itself catches what it should', () => {
    const fake = path.join(REPO, 'src', 'domain', 'fake.ts');
    const bad = [
      '// Exclusion wins (FACTS.md §2).',
      '// botbuilder takes all seven (LIBRARY-NOTES).',
      '// A journey (PRODUCT.md journey 1).',
      `// See /${'work'}/shared/design/ARCHITECTURE.md.`,
      '// Pure (ARCHITECTURE rule 3).',
      '// Pure (ARCHITECTURE.md rule 42).',
      '// See src/graph/README.md §99.',
      '// See test/NOTES.md.',
    ].join('\n');
    assert.equal(citationProblems(fake, bad, existsSync).length, 11);
    const good = [
      '// Pure (ARCHITECTURE.md rule 3); see ARCHITECTURE.md rules 1, 3 and 8.',
      '// One pass per user (src/graph/README.md §1, §4).',
      '// SECURITY.md and README.md say so; https://github.com/microsoftgraph/docs/blob/main/x/user.md too.',
    ].join('\n');
    assert.deepEqual(citationProblems(fake, good, existsSync), []);
  });
});
