// OData $filter as Graph reads it for the forms clients use: eq / ne / gt / ge / lt / le, `in (...)`,
// startswith / endswith, `not`, `and` / `or` and parentheses. Parsed once into a tree (so a route can
// refuse properties Graph cannot filter on), then evaluated per item.
import { type JsonObject, isObject } from './json';

export type Literal =
  | { type: 'string'; value: string }
  | { type: 'number'; value: number }
  | { type: 'boolean'; value: boolean }
  | { type: 'null' }
  /** Unquoted DateTimeOffset, e.g. `createdDateTime ge 2024-05-01T00:00:00Z`. */
  | { type: 'datetime'; value: string };

export type CompareOperator = 'eq' | 'ne' | 'gt' | 'ge' | 'lt' | 'le';

export type FilterNode =
  | { kind: 'and' | 'or'; left: FilterNode; right: FilterNode }
  | { kind: 'not'; operand: FilterNode }
  | { kind: 'compare'; operator: CompareOperator; property: string; value: Literal }
  | { kind: 'in'; property: string; values: Literal[] }
  | { kind: 'function'; name: 'startswith' | 'endswith'; property: string; value: string };

/** A $filter Graph would refuse as malformed; `position` is 0-based in the filter text. */
export class FilterSyntaxError extends Error {
  constructor(
    readonly filter: string,
    readonly position: number,
    problem: string,
  ) {
    super(`Invalid filter clause: ${problem} at position ${position} in '${filter}'.`);
  }
}

interface Token {
  kind: 'name' | 'string' | 'punct';
  text: string;
  at: number;
}

const COMPARE = new Set<string>(['eq', 'ne', 'gt', 'ge', 'lt', 'le']);
const DATETIME = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})?)?$/;

function tokenize(filter: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < filter.length) {
    const c = filter[i] as string;
    if (/\s/.test(c)) {
      i += 1;
    } else if (c === "'") {
      const at = i;
      let value = '';
      i += 1;
      for (;;) {
        if (i >= filter.length) throw new FilterSyntaxError(filter, at, 'unterminated string literal');
        if (filter[i] === "'" && filter[i + 1] === "'") {
          value += "'";
          i += 2;
        } else if (filter[i] === "'") {
          i += 1;
          break;
        } else {
          value += filter[i];
          i += 1;
        }
      }
      tokens.push({ kind: 'string', text: value, at });
    } else if (c === '(' || c === ')' || c === ',') {
      tokens.push({ kind: 'punct', text: c, at: i });
      i += 1;
    } else {
      const word = /^[^\s(),']+/.exec(filter.slice(i))?.[0] ?? c;
      tokens.push({ kind: 'name', text: word, at: i });
      i += word.length;
    }
  }
  return tokens;
}

class Parser {
  private pos = 0;

  constructor(
    private readonly filter: string,
    private readonly tokens: Token[],
  ) {}

  parse(): FilterNode {
    if (this.tokens.length === 0) throw new FilterSyntaxError(this.filter, 0, 'empty expression');
    const node = this.or();
    const extra = this.tokens[this.pos];
    if (extra) throw new FilterSyntaxError(this.filter, extra.at, `unexpected '${extra.text}'`);
    return node;
  }

  private peekWord(): string | undefined {
    const token = this.tokens[this.pos];
    return token?.kind === 'name' ? token.text.toLowerCase() : undefined;
  }

  private next(what: string): Token {
    const token = this.tokens[this.pos];
    if (!token) throw new FilterSyntaxError(this.filter, this.filter.length, `expected ${what}`);
    this.pos += 1;
    return token;
  }

  private expect(punct: string): void {
    const token = this.next(`'${punct}'`);
    if (token.kind !== 'punct' || token.text !== punct) throw new FilterSyntaxError(this.filter, token.at, `expected '${punct}'`);
  }

  private or(): FilterNode {
    let left = this.and();
    while (this.peekWord() === 'or') {
      this.pos += 1;
      left = { kind: 'or', left, right: this.and() };
    }
    return left;
  }

  private and(): FilterNode {
    let left = this.unary();
    while (this.peekWord() === 'and') {
      this.pos += 1;
      left = { kind: 'and', left, right: this.unary() };
    }
    return left;
  }

  private unary(): FilterNode {
    if (this.peekWord() === 'not') {
      this.pos += 1;
      return { kind: 'not', operand: this.unary() };
    }
    return this.primary();
  }

  private property(): string {
    const token = this.next('a property name');
    if (token.kind !== 'name' || !/^[A-Za-z_][\w/]*$/.test(token.text))
      throw new FilterSyntaxError(this.filter, token.at, `expected a property name, found '${token.text}'`);
    return token.text;
  }

  private literal(): Literal {
    const token = this.next('a value');
    if (token.kind === 'string') return { type: 'string', value: token.text };
    if (token.kind === 'name') {
      const word = token.text;
      if (word === 'true' || word === 'false') return { type: 'boolean', value: word === 'true' };
      if (word === 'null') return { type: 'null' };
      if (/^-?\d+(\.\d+)?$/.test(word)) return { type: 'number', value: Number(word) };
      if (DATETIME.test(word) && !Number.isNaN(Date.parse(word))) return { type: 'datetime', value: word };
    }
    throw new FilterSyntaxError(this.filter, token.at, `'${token.text}' is not a value`);
  }

  private primary(): FilterNode {
    const token = this.tokens[this.pos];
    if (token?.kind === 'punct' && token.text === '(') {
      this.pos += 1;
      const inner = this.or();
      this.expect(')');
      return inner;
    }
    const fn = this.peekWord();
    if ((fn === 'startswith' || fn === 'endswith') && this.tokens[this.pos + 1]?.text === '(') {
      this.pos += 2;
      const property = this.property();
      this.expect(',');
      const value = this.literal();
      if (value.type !== 'string') throw new FilterSyntaxError(this.filter, this.tokens[this.pos - 1]?.at ?? 0, `${fn} needs a string`);
      this.expect(')');
      return { kind: 'function', name: fn, property, value: value.value };
    }
    const property = this.property();
    const operatorToken = this.next('an operator');
    const operator = operatorToken.text.toLowerCase();
    if (operator === 'in') {
      this.expect('(');
      const values: Literal[] = [this.literal()];
      while (this.tokens[this.pos]?.text === ',') {
        this.pos += 1;
        values.push(this.literal());
      }
      this.expect(')');
      return { kind: 'in', property, values };
    }
    if (!COMPARE.has(operator)) throw new FilterSyntaxError(this.filter, operatorToken.at, `unknown operator '${operatorToken.text}'`);
    return { kind: 'compare', operator: operator as CompareOperator, property, value: this.literal() };
  }
}

export function parseFilter(filter: string): FilterNode {
  return new Parser(filter, tokenize(filter)).parse();
}

/** The properties a filter reads, e.g. to refuse ones the resource cannot be filtered on. */
export function filterProperties(node: FilterNode): string[] {
  switch (node.kind) {
    case 'and':
    case 'or':
      return [...filterProperties(node.left), ...filterProperties(node.right)];
    case 'not':
      return filterProperties(node.operand);
    default:
      return [node.property];
  }
}

/** A property by OData path (`status/errorCode`). */
export function valueAt(item: JsonObject, path: string): unknown {
  let value: unknown = item;
  for (const key of path.split('/')) value = isObject(value) ? value[key] : undefined;
  return value;
}

function literalValue(literal: Literal): unknown {
  return literal.type === 'null' ? null : literal.value;
}

/** Directory string comparisons are case-insensitive; times compare as instants. */
function compare(actual: unknown, literal: Literal): number | null {
  const expected = literalValue(literal);
  if (actual === undefined || actual === null || expected === null) return null;
  if (
    literal.type === 'datetime' ||
    (typeof actual === 'string' && typeof expected === 'string' && DATETIME.test(actual) && DATETIME.test(expected))
  ) {
    const a = Date.parse(String(actual));
    const b = Date.parse(String(expected));
    return Number.isNaN(a) || Number.isNaN(b) ? null : a - b;
  }
  if (typeof actual === 'string' && typeof expected === 'string') {
    const a = actual.toLowerCase();
    const b = expected.toLowerCase();
    return a === b ? 0 : a < b ? -1 : 1;
  }
  if (typeof actual === typeof expected) return actual === expected ? 0 : (actual as number) < (expected as number) ? -1 : 1;
  return null;
}

function equals(actual: unknown, literal: Literal): boolean {
  if (literal.type === 'null') return actual === null || actual === undefined;
  return compare(actual, literal) === 0;
}

export function evaluateFilter(node: FilterNode, item: JsonObject): boolean {
  switch (node.kind) {
    case 'and':
      return evaluateFilter(node.left, item) && evaluateFilter(node.right, item);
    case 'or':
      return evaluateFilter(node.left, item) || evaluateFilter(node.right, item);
    case 'not':
      return !evaluateFilter(node.operand, item);
    case 'in':
      return node.values.some((v) => equals(valueAt(item, node.property), v));
    case 'function': {
      const actual = valueAt(item, node.property);
      if (typeof actual !== 'string') return false;
      const a = actual.toLowerCase();
      const b = node.value.toLowerCase();
      return node.name === 'startswith' ? a.startsWith(b) : a.endsWith(b);
    }
    case 'compare': {
      const actual = valueAt(item, node.property);
      if (node.operator === 'eq') return equals(actual, node.value);
      if (node.operator === 'ne') return !equals(actual, node.value);
      const order = compare(actual, node.value);
      if (order === null) return false;
      return node.operator === 'gt' ? order > 0 : node.operator === 'ge' ? order >= 0 : node.operator === 'lt' ? order < 0 : order <= 0;
    }
  }
}
