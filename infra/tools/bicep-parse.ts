// Bicep source → what it declares and what it references, for the reference checker. Knows the
// statements infra/ uses (param, var, resource, module, output, targetScope, metadata, type, decorators).
import { lexBicep, type Token } from './bicep-lexer';

export interface ParamDecl {
  line: number;
  hasDefault: boolean;
  nullable: boolean;
  allowed?: Array<string | number>;
  min?: number;
  max?: number;
}

export interface ModuleDecl {
  line: number;
  path: string;
  /** Names given in the module's `params: { … }`. */
  params: Map<string, number>;
}

export interface Reference {
  name: string;
  line: number;
  /** For `mod.outputs.x`: x. */
  output?: string;
}

export interface ParsedBicep {
  params: Map<string, ParamDecl>;
  vars: Map<string, number>;
  resources: Map<string, { line: number; type: string }>;
  modules: Map<string, ModuleDecl>;
  outputs: Map<string, number>;
  types: Set<string>;
  references: Reference[];
  /** Problems visible in this file alone (syntax the checker does not know, duplicates). */
  problems: Array<{ line: number; message: string }>;
}

const KEYWORDS = new Set(['true', 'false', 'null', 'if', 'for', 'in', 'existing', 'resource', 'as', 'with', 'from']);
const NAMESPACES = new Set(['az', 'sys']);
const UNSUPPORTED = new Set(['import', 'func', 'using', 'extension', 'provider']);

/** For each token, the index of the innermost bracket it is inside (-1: none), and each opener's closer. */
function brackets(tokens: Token[]): { opener: number[]; close: number[] } {
  const opener: number[] = [];
  const close: number[] = tokens.map(() => tokens.length);
  const stack: number[] = [];
  tokens.forEach((t, i) => {
    const isClose = t.kind === 'punct' && (t.text === '}' || t.text === ']' || t.text === ')');
    if (isClose) {
      const open = stack.pop();
      if (open !== undefined) close[open] = i;
    }
    opener[i] = stack[stack.length - 1] ?? -1;
    if (t.kind === 'punct' && (t.text === '{' || t.text === '[' || t.text === '(' || t.text === '${')) stack.push(i);
  });
  return { opener, close };
}

export function parseBicep(source: string): ParsedBicep {
  const tokens = lexBicep(source);
  const { opener, close } = brackets(tokens);
  const out: ParsedBicep = {
    params: new Map(),
    vars: new Map(),
    resources: new Map(),
    modules: new Map(),
    outputs: new Map(),
    types: new Set(),
    references: [],
    problems: [],
  };
  const is = (i: number, text: string) => tokens[i]?.text === text && tokens[i]?.kind !== 'string';
  const symbols = new Set<string>();
  const declare = (name: string | undefined, line: number): string => {
    if (!name) out.problems.push({ line, message: 'declaration without a name' });
    else if (symbols.has(name)) out.problems.push({ line, message: `${name} is declared twice` });
    else symbols.add(name);
    return name ?? '';
  };
  // A name declared twice keeps its first declaration (the duplicate is reported by declare).
  const keepFirst = <V>(map: Map<string, V>, name: string, value: V) => {
    if (!map.has(name)) map.set(name, value);
  };
  const skipTo = (from: number, stop: (t: Token) => boolean): number => {
    let j = from;
    while (j < tokens.length && !(opener[j] === opener[from] && stop(tokens[j] as Token)))
      j = tokens[j]?.text === '(' || tokens[j]?.text === '{' || tokens[j]?.text === '[' ? (close[j] as number) : j + 1;
    return j;
  };
  const endOfStatement = (from: number) => skipTo(from, (t) => t.kind === 'newline');
  const locals: Array<{ name: string; end: number }> = [];
  let pendingDecorators: Partial<ParamDecl> = {};

  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i] as Token;
    const atStatement = opener[i] === -1 && (i === 0 || tokens[i - 1]?.kind === 'newline');

    if (t.kind === 'punct' && t.text === '@') {
      // Decorators take constants only; their arguments are not references.
      let j = i + 1;
      if (is(j, 'sys') && is(j + 1, '.')) j += 2;
      const name = tokens[j]?.text;
      if (is(j + 1, '(')) {
        if (atStatement) {
          const args = tokens.slice(j + 2, close[j + 1]);
          if (name === 'allowed')
            pendingDecorators.allowed = args
              .filter((a) => a.kind === 'string' || a.kind === 'number')
              .map((a) => (a.kind === 'number' ? Number(a.text) : a.text));
          if (name === 'minValue' || name === 'maxValue') {
            const value = Number(args.map((a) => a.text).join(''));
            if (name === 'minValue') pendingDecorators.min = value;
            else pendingDecorators.max = value;
          }
        }
        i = close[j + 1] as number;
      } else i = j;
      continue;
    }
    if (t.kind !== 'ident') continue;

    if (atStatement) {
      const name = tokens[i + 1]?.text;
      if (t.text === 'param') {
        const j = skipTo(i + 2, (x) => x.kind === 'newline' || (x.kind === 'punct' && x.text === '='));
        const nullable = tokens.slice(i + 2, j).some((x) => x.kind === 'punct' && x.text === '?');
        keepFirst(out.params, declare(name, t.line), { line: t.line, hasDefault: is(j, '='), nullable, ...pendingDecorators });
        pendingDecorators = {};
        i = j;
        continue;
      }
      pendingDecorators = {};
      if (t.text === 'var') {
        keepFirst(out.vars, declare(name, t.line), t.line);
        i += 1;
        continue;
      }
      if (t.text === 'output') {
        if (out.outputs.has(name ?? '')) out.problems.push({ line: t.line, message: `output ${name} is declared twice` });
        out.outputs.set(name ?? '', t.line);
        i = skipTo(i + 2, (x) => x.kind === 'newline' || (x.kind === 'punct' && x.text === '='));
        continue;
      }
      if (t.text === 'module') {
        const path = tokens[i + 2];
        if (path?.kind !== 'string') out.problems.push({ line: t.line, message: `module ${name} has no path` });
        keepFirst(out.modules, declare(name, t.line), {
          line: t.line,
          path: path?.text ?? '',
          params: moduleParams(tokens, i + 3, opener, close),
        });
        i += 2;
        continue;
      }
      if (t.text === 'targetScope' || t.text === 'metadata') {
        i = skipTo(i + 1, (x) => x.kind === 'punct' && x.text === '=');
        continue;
      }
      if (t.text === 'type') {
        out.types.add(declare(name, t.line));
        i = endOfStatement(i);
        continue;
      }
      if (UNSUPPORTED.has(t.text)) {
        out.problems.push({ line: t.line, message: `'${t.text}' statements are not understood by this checker` });
        i = endOfStatement(i);
        continue;
      }
      if (t.text !== 'resource') {
        out.problems.push({ line: t.line, message: `unexpected '${t.text}' at the start of a statement` });
        i = endOfStatement(i);
        continue;
      }
    }

    if (t.text === 'resource' && tokens[i + 1]?.kind === 'ident' && tokens[i + 2]?.kind === 'string') {
      keepFirst(out.resources, declare(tokens[i + 1]?.text, t.line), { line: t.line, type: tokens[i + 2]?.text ?? '' });
      i += 2;
      continue;
    }
    if (t.text === 'for' && is(i - 1, '[')) {
      const end = close[i - 1] as number;
      const inAt = skipTo(i + 1, (x) => x.kind === 'ident' && x.text === 'in');
      for (const v of tokens.slice(i + 1, inAt)) if (v.kind === 'ident') locals.push({ name: v.text, end });
      continue;
    }

    const prev = tokens[i - 1];
    if (is(i - 1, '.') || is(i - 1, '?.') || is(i - 1, '::')) continue; // a property
    if (is(i + 1, ':') && (!prev || prev.kind === 'newline' || is(i - 1, '{') || is(i - 1, ','))) continue; // an object key
    if (KEYWORDS.has(t.text) || NAMESPACES.has(t.text)) continue;
    if (is(i + 1, '(')) continue; // a function call; the compiler knows the functions
    if (is(i + 1, '=>')) {
      locals.push({ name: t.text, end: close[opener[i] as number] ?? tokens.length });
      continue;
    }
    if (is(i - 1, '(') && lambdaParams(tokens, i - 1, close)) {
      for (const v of tokens.slice(i, close[i - 1]))
        if (v.kind === 'ident') locals.push({ name: v.text, end: close[opener[i - 1] as number] ?? tokens.length });
    }
    if (locals.some((l) => l.name === t.text && i < l.end)) continue;
    const output = is(i + 1, '.') && is(i + 2, 'outputs') && is(i + 3, '.') ? tokens[i + 4]?.text : undefined;
    out.references.push({ name: t.text, line: t.line, ...(output ? { output } : {}) });
  }
  return out;
}

/** `( a, b ) =>` starting at the `(`. */
function lambdaParams(tokens: Token[], open: number, close: number[]): boolean {
  const end = close[open] as number;
  return tokens[end + 1]?.text === '=>' && tokens.slice(open + 1, end).every((t) => t.kind === 'ident' || t.text === ',');
}

/** The keys of `params: { … }` in a module body that starts after `from`. */
function moduleParams(tokens: Token[], from: number, opener: number[], close: number[]): Map<string, number> {
  const found = new Map<string, number>();
  let body = from;
  while (body < tokens.length && tokens[body]?.text !== '{') body = tokens[body]?.text === '(' ? (close[body] as number) + 1 : body + 1;
  for (let i = body + 1; i < (close[body] ?? 0); i++) {
    if (opener[i] !== body || tokens[i]?.text !== 'params' || tokens[i + 1]?.text !== ':' || tokens[i + 2]?.text !== '{') continue;
    const object = i + 2;
    for (let k = object + 1; k < (close[object] ?? 0); k++) {
      const key = tokens[k] as Token;
      const before = tokens[k - 1] as Token;
      const punct = (t: Token | undefined, text: string) => t?.kind === 'punct' && t.text === text;
      if (
        opener[k] === object &&
        (key.kind === 'ident' || key.kind === 'string') &&
        punct(tokens[k + 1], ':') &&
        (before.kind === 'newline' || punct(before, '{') || punct(before, ','))
      ) {
        found.set(key.text, key.line);
      }
    }
  }
  return found;
}

/**
 * The entries of every object literal written as `name: { … }` or `var name = { … }`: key → the
 * literal's text (string, number, true, false) when the value is one, null when it is an expression. For checks such as "every
 * app setting is a variable src/config.ts reads".
 */
export function objectEntries(source: string, name: string): Map<string, string | null> {
  const tokens = lexBicep(source);
  const { opener, close } = brackets(tokens);
  const entries = new Map<string, string | null>();
  const punct = (i: number, text: string) => tokens[i]?.kind === 'punct' && tokens[i]?.text === text;
  for (let i = 0; i < tokens.length; i++) {
    if (tokens[i]?.kind !== 'ident' || tokens[i]?.text !== name || !(punct(i + 1, ':') || punct(i + 1, '=')) || !punct(i + 2, '{'))
      continue;
    const object = i + 2;
    for (let k = object + 1; k < (close[object] ?? 0); k++) {
      const key = tokens[k] as Token;
      const startsLine = tokens[k - 1]?.kind === 'newline' || punct(k - 1, '{') || punct(k - 1, ',');
      if (opener[k] !== object || !startsLine || (key.kind !== 'ident' && key.kind !== 'string') || !punct(k + 1, ':')) continue;
      const value = tokens[k + 2];
      const literal =
        (value?.kind === 'string' && !value.text.includes('${')) ||
        value?.kind === 'number' ||
        (value?.kind === 'ident' && (value.text === 'true' || value.text === 'false'));
      const alone = tokens[k + 3]?.kind === 'newline' || punct(k + 3, '}') || punct(k + 3, ',');
      entries.set(key.text, literal && alone ? value.text : null);
    }
  }
  return entries;
}
