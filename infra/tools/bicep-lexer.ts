// A small Bicep tokenizer for the reference checker: identifiers, strings (with `${…}`
// interpolations lexed as tokens of their own), numbers, punctuation and newlines (statements in
// Bicep end at a newline). Comments are dropped. Not a full Bicep grammar, and it need not be:
// `az bicep build` is the real compiler (see infra/README.md).

export type TokenKind = 'ident' | 'string' | 'number' | 'punct' | 'newline';

export interface Token {
  kind: TokenKind;
  /** For strings: the literal text between the quotes, interpolations included verbatim. */
  text: string;
  line: number;
}

const PUNCTUATION = ['${', '==', '!=', '<=', '>=', '&&', '||', '??', '=>', '?.', '::', ...'{}[]():,.?!=<>+-*/%@|'];

export function lexBicep(source: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  let line = 1;

  const push = (kind: TokenKind, text: string, at = line) => tokens.push({ kind, text, line: at });

  // Lexes until the `}` closing an interpolation (when inInterpolation) or the end of the source.
  function expression(inInterpolation: boolean): void {
    let depth = 0;
    while (i < source.length) {
      const c = source[i] as string;
      const rest = source.slice(i, i + 3);
      if (c === '\n') {
        push('newline', '\n');
        line++;
        i++;
      } else if (c === ' ' || c === '\t' || c === '\r') {
        i++;
      } else if (rest.startsWith('//')) {
        while (i < source.length && source[i] !== '\n') i++;
      } else if (rest.startsWith('/*')) {
        const end = source.indexOf('*/', i + 2);
        const stop = end < 0 ? source.length : end + 2;
        line += (source.slice(i, stop).match(/\n/g) ?? []).length;
        i = stop;
      } else if (rest === "'''") {
        const end = source.indexOf("'''", i + 3);
        const stop = end < 0 ? source.length : end + 3;
        push('string', source.slice(i + 3, end < 0 ? source.length : end));
        line += (source.slice(i, stop).match(/\n/g) ?? []).length;
        i = stop;
      } else if (c === "'") {
        string();
      } else if (/[A-Za-z_]/.test(c)) {
        const match = /^[A-Za-z_][A-Za-z0-9_]*/.exec(source.slice(i)) as RegExpExecArray;
        push('ident', match[0]);
        i += match[0].length;
      } else if (/[0-9]/.test(c)) {
        const match = /^[0-9]+/.exec(source.slice(i)) as RegExpExecArray;
        push('number', match[0]);
        i += match[0].length;
      } else {
        if (inInterpolation && c === '}' && depth === 0) {
          push('punct', '}');
          i++;
          return;
        }
        const punct = PUNCTUATION.find((p) => source.startsWith(p, i));
        if (!punct) throw new Error(`line ${line}: unexpected character ${JSON.stringify(c)}`);
        if (punct === '{') depth++;
        if (punct === '}') depth--;
        push('punct', punct);
        i += punct.length;
      }
    }
  }

  // A single-quoted string: the token first, then the tokens of each `${…}` inside it.
  function string(): void {
    const startLine = line;
    const at = tokens.length;
    push('string', '', startLine);
    let text = '';
    i++;
    while (i < source.length && source[i] !== "'") {
      if (source[i] === '\\') {
        text += source.slice(i, i + 2);
        i += 2;
      } else if (source.startsWith('${', i)) {
        const from = i;
        push('punct', '${');
        i += 2;
        expression(true);
        text += source.slice(from, i);
      } else {
        if (source[i] === '\n') line++;
        text += source[i];
        i++;
      }
    }
    if (i >= source.length) throw new Error(`line ${startLine}: string not closed`);
    i++;
    (tokens[at] as Token).text = text;
  }

  expression(false);
  return tokens;
}
