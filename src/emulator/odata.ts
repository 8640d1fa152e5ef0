// The OData query forms the bot (and realistic clients) use: $select, $top, and $filter with
// eq / ne / ge / le / gt / lt, in (...), startswith(...), joined by and / or, with parentheses.
/* eslint-disable @typescript-eslint/no-explicit-any -- Graph resource JSON */

export class ODataError extends Error {}

type Predicate = (item: any) => boolean;

interface Token {
  kind: 'word' | 'string' | 'punct';
  text: string;
}

function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const c = text[i] as string;
    if (/\s/.test(c)) i += 1;
    else if (c === "'") {
      let value = '';
      i += 1;
      for (;;) {
        if (i >= text.length) throw new ODataError('Unterminated string literal in $filter');
        if (text[i] === "'" && text[i + 1] === "'") {
          value += "'";
          i += 2;
        } else if (text[i] === "'") {
          i += 1;
          break;
        } else value += text[i++];
      }
      tokens.push({ kind: 'string', text: value });
    } else if ('(),'.includes(c)) {
      tokens.push({ kind: 'punct', text: c });
      i += 1;
    } else {
      const m = /^[^\s(),']+/.exec(text.slice(i)) as RegExpExecArray;
      tokens.push({ kind: 'word', text: m[0] });
      i += m[0].length;
    }
  }
  return tokens;
}

export function valueAt(item: any, path: string): any {
  return path.split('/').reduce((v, key) => (v == null ? undefined : v[key]), item);
}

function literal(token: Token | undefined): any {
  if (!token) throw new ODataError('Missing value in $filter');
  if (token.kind === 'string') return token.text;
  if (token.text === 'true' || token.text === 'false') return token.text === 'true';
  if (token.text === 'null') return null;
  if (/^-?\d+(\.\d+)?$/.test(token.text)) return Number(token.text);
  if (/^\d{4}-\d{2}-\d{2}T/.test(token.text)) return token.text;
  throw new ODataError(`Unsupported literal '${token.text}' in $filter`);
}

function compare(a: any, b: any): number {
  if (typeof a === 'string' && typeof b === 'string' && /^\d{4}-\d{2}-\d{2}T/.test(a) && /^\d{4}-\d{2}-\d{2}T/.test(b)) return Date.parse(a) - Date.parse(b);
  if (typeof a === 'string' && typeof b === 'string') return a.toLowerCase().localeCompare(b.toLowerCase());
  return a < b ? -1 : a > b ? 1 : 0;
}

const eq = (a: any, b: any) => (typeof a === 'string' && typeof b === 'string' ? a.toLowerCase() === b.toLowerCase() : a === b);

export function parseFilter(text: string): Predicate {
  const tokens = tokenize(text);
  let pos = 0;
  const peek = () => tokens[pos];
  const next = () => tokens[pos++];
  const expect = (t: string) => {
    const token = next();
    if (!token || token.text !== t) throw new ODataError(`Expected '${t}' in $filter`);
  };

  function primary(): Predicate {
    const token = next();
    if (!token) throw new ODataError('Unexpected end of $filter');
    if (token.text === '(') {
      const inner = or();
      expect(')');
      return inner;
    }
    if (token.text.toLowerCase() === 'startswith') {
      expect('(');
      const field = next()?.text ?? '';
      expect(',');
      const prefix = String(literal(next())).toLowerCase();
      expect(')');
      return (item) => String(valueAt(item, field) ?? '').toLowerCase().startsWith(prefix);
    }
    if (token.kind !== 'word') throw new ODataError(`Unexpected '${token.text}' in $filter`);
    const field = token.text;
    const op = next()?.text.toLowerCase();
    if (op === 'in') {
      expect('(');
      const options: any[] = [];
      while (peek()?.text !== ')') {
        options.push(literal(next()));
        if (peek()?.text === ',') next();
      }
      expect(')');
      return (item) => options.some((o) => eq(valueAt(item, field), o));
    }
    const value = literal(next());
    switch (op) {
      case 'eq':
        return (item) => eq(valueAt(item, field), value);
      case 'ne':
        return (item) => !eq(valueAt(item, field), value);
      case 'ge':
        return (item) => compare(valueAt(item, field), value) >= 0;
      case 'gt':
        return (item) => compare(valueAt(item, field), value) > 0;
      case 'le':
        return (item) => compare(valueAt(item, field), value) <= 0;
      case 'lt':
        return (item) => compare(valueAt(item, field), value) < 0;
      default:
        throw new ODataError(`Unsupported operator '${op ?? ''}' in $filter`);
    }
  }

  function and(): Predicate {
    let left = primary();
    while (peek()?.text.toLowerCase() === 'and') {
      next();
      const right = primary();
      const l = left;
      left = (item) => l(item) && right(item);
    }
    return left;
  }

  function or(): Predicate {
    let left = and();
    while (peek()?.text.toLowerCase() === 'or') {
      next();
      const right = and();
      const l = left;
      left = (item) => l(item) || right(item);
    }
    return left;
  }

  const predicate = or();
  if (pos !== tokens.length) throw new ODataError(`Unexpected '${tokens[pos]?.text}' in $filter`);
  return predicate;
}

/** Keeps the selected properties (and @odata.type); no $select keeps `defaults` or everything. */
export function select(item: any, selectParam: string | null, defaults?: readonly string[]): any {
  const fields = selectParam ? selectParam.split(',').map((f) => f.trim()).filter(Boolean) : defaults;
  if (!fields) return item;
  const out: any = {};
  if (item['@odata.type']) out['@odata.type'] = item['@odata.type'];
  for (const field of fields) out[field] = item[field] === undefined ? null : item[field];
  if (!fields.includes('id') && item.id !== undefined && selectParam) out.id = item.id;
  return out;
}
