// .env.example names every variable src/config.ts reads, once each, and nothing else; it sets no secret,
// and Node reads it as an env file (`npm start`/`npm run dev` load .env with --env-file-if-exists).
// config.ts is read as text, so this test does not depend on where the rest of src/ lives.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parseEnv } from 'node:util';

const ROOT = path.resolve(__dirname, '../..');
const EXAMPLE = readFileSync(path.join(ROOT, '.env.example'), 'utf8');
const CONFIG_TS = readFileSync(path.join(ROOT, 'src/config.ts'), 'utf8');

/** Names config.ts reads: `raw(env, 'X')`-style helper calls, `env.X`, `env['X']`, `process.env.X`, and CONFIG_VARIABLES' keys. */
export function variablesRead(source: string): string[] {
  const names = new Set<string>();
  const patterns = [/\(\s*env\s*,\s*'([A-Z][A-Z0-9_]*)'/g, /\benv\.([A-Z][A-Z0-9_]*)\b/g, /\benv\[\s*['"]([A-Z][A-Z0-9_]*)['"]\s*\]/g];
  for (const pattern of patterns) for (const m of source.matchAll(pattern)) names.add(m[1] as string);
  const table = /CONFIG_VARIABLES\s*=\s*\{([\s\S]*?)\n\}/.exec(source)?.[1] ?? '';
  for (const m of table.matchAll(/^\s{2}([A-Z][A-Z0-9_]*):/gm)) names.add(m[1] as string);
  return [...names].sort();
}

/** `NAME=value` and `# NAME=value` lines (the latter: optional, shown with an example). */
export function variablesListed(text: string): Array<{ name: string; value: string; commented: boolean }> {
  return text.split('\n').flatMap((line) => {
    const m = /^(#\s*)?([A-Z][A-Z0-9_]*)=(.*)$/.exec(line);
    return m ? [{ name: m[2] as string, value: m[3] as string, commented: Boolean(m[1]) }] : [];
  });
}

describe('.env.example', () => {
  const read = variablesRead(CONFIG_TS);
  const listed = variablesListed(EXAMPLE);
  const names = listed.map((v) => v.name);

  it('finds the variables config.ts reads (the parser is not vacuous)', () => {
    assert.ok(read.length >= 40, `found only ${read.length}`);
    for (const name of ['TENANT_ID', 'PASS_ISSUANCE', 'READYZ_DETAILS_KEY']) assert.ok(read.includes(name), name);
    assert.deepEqual(variablesRead("const a = env.NEW_ONE; const b = text(env, 'OTHER'); process.env.THIRD;"), [
      'NEW_ONE',
      'OTHER',
      'THIRD',
    ]);
  });

  it('lists every variable src/config.ts reads', () => {
    assert.deepEqual(
      read.filter((v) => !names.includes(v)),
      [],
    );
  });

  it('lists nothing config.ts does not read, and each name once', () => {
    assert.deepEqual(
      names.filter((v) => !read.includes(v)),
      [],
    );
    assert.deepEqual(
      names.filter((v, i) => names.indexOf(v) !== i),
      [],
    );
  });

  it('gives each variable a comment above it or in its group', () => {
    const lines = EXAMPLE.split('\n');
    for (const { name } of listed) {
      const at = lines.findIndex((l) => new RegExp(`^(#\\s*)?${name}=`).test(l));
      const above = lines.slice(0, at).reverse();
      const end = above.findIndex((l) => l.trim() === '');
      const block = above.slice(0, end < 0 ? undefined : end);
      assert.ok(
        block.some((l) => l.startsWith('#') && !/^#\s*[A-Z][A-Z0-9_]*=/.test(l)),
        `${name} has no comment in its group`,
      );
    }
  });

  it('sets no secret: passwords, client secrets, keys and connection strings are empty or placeholders', () => {
    const secret = /PASSWORD|SECRET|KEY|CONNECTION_STRING/;
    for (const { name, value } of listed.filter((v) => secret.test(v.name))) {
      // What is left once placeholders, URLs and `Name=` keys of a connection string are taken out.
      const rest = value
        .replace(/<[^>]+>/g, '')
        .replace(/https?:\/\/\S+/g, '')
        .replace(/[A-Za-z]+=/g, '');
      assert.ok(!/(AccountKey|InstrumentationKey)=[^;<]/.test(value), `${name} carries a key`);
      assert.ok(!/[A-Za-z0-9+/]{20,}/.test(rest), `${name} looks like it holds a secret: ${value}`);
    }
  });

  it('is an env file Node reads: the set lines parse to the same names and values', () => {
    const set = listed.filter((v) => !v.commented);
    assert.ok(set.length > 0);
    const parsed = parseEnv(EXAMPLE);
    assert.deepEqual(Object.keys(parsed).sort(), set.map((v) => v.name).sort());
    for (const { name, value } of set) assert.equal(parsed[name], value, name);
  });
});
