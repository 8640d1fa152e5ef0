// What a source file imports, read from its text: for the architecture test (who may import whom) and
// the deploy stage test (which packages only the harness needs).
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

/** Every .ts/.js/.cjs/.mjs file under `dir`. */
export function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(full);
    return /\.(c|m)?[tj]sx?$/.test(entry.name) ? [full] : [];
  });
}

/** Code without comments, so a doc comment that mentions `new Date()` or an import does not count. */
export function code(text: string): string {
  return text.replace(/\/\*[\s\S]*?\*\//g, '').replace(/(^|[^:'"`])\/\/.*$/gm, '$1');
}

/** Every module specifier: import/export … from, bare import, require(), require.resolve(), dynamic import(). */
export function specifiers(text: string): string[] {
  const found: string[] = [];
  const patterns = [
    /\b(?:import|export)\b[^'"`;]*?\bfrom\s*['"`]([^'"`]+)['"`]/g,
    /\bimport\s*['"`]([^'"`]+)['"`]/g,
    /\b(?:require|import)\s*\(\s*['"`]([^'"`]+)['"`]\s*\)/g,
    /\brequire\.resolve\s*\(\s*['"`]([^'"`]+)['"`]/g,
  ];
  for (const pattern of patterns) for (const m of text.matchAll(pattern)) found.push(m[1] as string);
  return found;
}

/** The npm package a bare specifier names (`@scope/name` or `name`); null for relative and `node:` ones. */
export function packageOf(specifier: string): string | null {
  if (specifier.startsWith('.') || specifier.startsWith('/') || specifier.startsWith('node:')) return null;
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : (parts[0] as string);
}

/** Packages the files under `dir` import (comments aside). */
export function packagesImportedBy(dir: string): Set<string> {
  const found = new Set<string>();
  for (const file of sourceFiles(dir)) {
    for (const spec of specifiers(code(readFileSync(file, 'utf8')))) {
      const name = packageOf(spec);
      if (name) found.add(name);
    }
  }
  return found;
}

export interface ImportClause {
  specifier: string;
  /** `import type …` / `export type …`: erased at compile time. */
  typeOnly: boolean;
  /** The value names it brings in (`type X` members aside); `*` or `default` for namespace/default imports, `(side effect)` for bare ones. */
  values: string[];
}

/** Each import/export-from/require with what it brings in, for "who may import which values" rules. */
export function importClauses(text: string): ImportClause[] {
  const out: ImportClause[] = [];
  const clause = /\b(import|export)\s+(type\s+)?([^'"`;]*?)\s*\bfrom\s*['"`]([^'"`]+)['"`]/g;
  for (const m of text.matchAll(clause)) {
    const typeOnly = Boolean(m[2]);
    const what = (m[3] as string).trim();
    const values: string[] = [];
    if (!typeOnly) {
      const braces = /\{([^}]*)\}/.exec(what);
      const outside = what
        .replace(/\{[^}]*\}/, '')
        .replace(/,/g, ' ')
        .trim();
      if (outside) values.push(outside.startsWith('*') ? '*' : 'default');
      for (const member of (braces?.[1] ?? '')
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean)) {
        if (!member.startsWith('type ')) values.push(member.split(/\s+as\s+/)[0] as string);
      }
    }
    out.push({ specifier: m[4] as string, typeOnly: typeOnly || (values.length === 0 && /\{/.test(what)), values });
  }
  for (const m of text.matchAll(/\bimport\s*['"`]([^'"`]+)['"`]/g))
    out.push({ specifier: m[1] as string, typeOnly: false, values: ['(side effect)'] });
  for (const m of text.matchAll(/\b(?:require|import)\s*\(\s*['"`]([^'"`]+)['"`]\s*\)/g))
    out.push({ specifier: m[1] as string, typeOnly: false, values: ['*'] });
  return out;
}
