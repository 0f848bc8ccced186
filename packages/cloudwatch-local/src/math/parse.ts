/**
 * Metric math expressions as text -> a syntax tree ("Metric math syntax and functions", User Guide):
 * numbers, the Ids of other queries, strings, [lists], FUNCTION(arguments) in uppercase, bare uppercase
 * keywords as arguments (REPEAT, LINEAR), the operators + - * / ^, comparisons == != <= >= < >, and
 * AND / && and OR / ||. Precedence, loosest first: OR, AND, comparison, + -, * /, unary -, ^.
 */
import { ServiceError } from '../service-error.js';

export type Node =
  | { type: 'number'; value: number }
  | { type: 'string'; value: string }
  | { type: 'ref'; id: string }
  | { type: 'keyword'; name: string }
  | { type: 'call'; name: string; args: Node[] }
  | { type: 'list'; items: Node[] }
  | { type: 'negate'; operand: Node }
  | { type: 'binary'; op: string; left: Node; right: Node };

type Token =
  | { kind: 'number'; text: string; at: number }
  | { kind: 'string'; text: string; at: number }
  | { kind: 'name'; text: string; at: number }
  | { kind: 'op'; text: string; at: number }
  | { kind: 'end'; text: ''; at: number };

/** Parentheses, lists and calls nested deeper than this are refused: no real expression comes near. */
const MAX_NESTING = 64;

const OPERATORS = [
  '==',
  '!=',
  '<=',
  '>=',
  '&&',
  '||',
  '<',
  '>',
  '+',
  '-',
  '*',
  '/',
  '^',
  '(',
  ')',
  '[',
  ']',
  ',',
];

export class ExpressionError extends ServiceError {
  constructor(message: string) {
    super('ValidationError', message);
  }
}

function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const c = text[i] as string;
    if (/\s/.test(c)) {
      i++;
      continue;
    }
    const number = /^(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?/.exec(text.slice(i, i + 64));
    if (number) {
      tokens.push({ kind: 'number', text: number[0], at: i });
      i += number[0].length;
      continue;
    }
    const name = /^[A-Za-z_][A-Za-z0-9_]*/.exec(text.slice(i, i + 300));
    if (name) {
      tokens.push({ kind: 'name', text: name[0], at: i });
      i += name[0].length;
      continue;
    }
    if (c === '"' || c === "'" || c === '\u201c') {
      const close = c === '\u201c' ? '\u201d' : c;
      let j = i + 1;
      let value = '';
      // Escapes are kept as written: a SEARCH string reads its own (\" and \\) inside.
      while (j < text.length && text[j] !== close) {
        if (text[j] === '\\' && j + 1 < text.length) value += text[j++];
        value += text[j];
        j++;
      }
      if (j >= text.length)
        throw new ExpressionError(`The string starting at character ${i + 1} is not closed.`);
      tokens.push({ kind: 'string', text: value, at: i });
      i = j + 1;
      continue;
    }
    const op = OPERATORS.find((o) => text.startsWith(o, i));
    if (!op) throw new ExpressionError(`Unexpected character ${JSON.stringify(c)} at character ${i + 1}.`);
    tokens.push({ kind: 'op', text: op, at: i });
    i += op.length;
  }
  tokens.push({ kind: 'end', text: '', at: text.length });
  return tokens;
}

class Parser {
  private position = 0;
  private depth = 0;

  constructor(private readonly tokens: Token[]) {}

  private peek(): Token {
    return this.tokens[this.position] as Token;
  }

  private next(): Token {
    return this.tokens[this.position++] as Token;
  }

  private accept(kind: Token['kind'], text?: string): boolean {
    const token = this.peek();
    if (token.kind === kind && (text === undefined || token.text === text)) {
      this.position++;
      return true;
    }
    return false;
  }

  private expect(text: string): void {
    const token = this.peek();
    if (!this.accept('op', text)) {
      throw new ExpressionError(
        `Expected "${text}" at character ${token.at + 1}, found ${token.kind === 'end' ? 'the end' : `"${token.text}"`}.`,
      );
    }
  }

  private nested<T>(parse: () => T): T {
    if (++this.depth > MAX_NESTING)
      throw new ExpressionError(`The expression nests deeper than ${MAX_NESTING} levels.`);
    try {
      return parse();
    } finally {
      this.depth--;
    }
  }

  parse(): Node {
    const node = this.or();
    const rest = this.peek();
    if (rest.kind !== 'end')
      throw new ExpressionError(`Unexpected "${rest.text}" at character ${rest.at + 1}.`);
    return node;
  }

  private or(): Node {
    let left = this.and();
    while (this.accept('op', '||') || this.accept('name', 'OR'))
      left = { type: 'binary', op: 'OR', left, right: this.and() };
    return left;
  }

  private and(): Node {
    let left = this.comparison();
    while (this.accept('op', '&&') || this.accept('name', 'AND')) {
      left = { type: 'binary', op: 'AND', left, right: this.comparison() };
    }
    return left;
  }

  private comparison(): Node {
    const left = this.additive();
    const token = this.peek();
    if (token.kind === 'op' && ['==', '!=', '<=', '>=', '<', '>'].includes(token.text)) {
      this.position++;
      return { type: 'binary', op: token.text, left, right: this.additive() };
    }
    return left;
  }

  private additive(): Node {
    let left = this.multiplicative();
    for (
      let token = this.peek();
      token.kind === 'op' && (token.text === '+' || token.text === '-');
      token = this.peek()
    ) {
      this.position++;
      left = { type: 'binary', op: token.text, left, right: this.multiplicative() };
    }
    return left;
  }

  private multiplicative(): Node {
    let left = this.unary();
    for (
      let token = this.peek();
      token.kind === 'op' && (token.text === '*' || token.text === '/');
      token = this.peek()
    ) {
      this.position++;
      left = { type: 'binary', op: token.text, left, right: this.unary() };
    }
    return left;
  }

  private unary(): Node {
    if (this.accept('op', '-')) return this.nested(() => ({ type: 'negate', operand: this.unary() }));
    return this.power();
  }

  private power(): Node {
    const base = this.primary();
    if (this.accept('op', '^'))
      return { type: 'binary', op: '^', left: base, right: this.nested(() => this.unary()) };
    return base;
  }

  private primary(): Node {
    const token = this.next();
    switch (token.kind) {
      case 'number':
        return { type: 'number', value: Number(token.text) };
      case 'string':
        return { type: 'string', value: token.text };
      case 'name':
        if (this.accept('op', '(')) return this.nested(() => this.call(token.text));
        // Ids start with a lowercase letter; uppercase words are keywords such as REPEAT or LINEAR.
        return /^[a-z]/.test(token.text)
          ? { type: 'ref', id: token.text }
          : { type: 'keyword', name: token.text };
      case 'op':
        if (token.text === '(') {
          return this.nested(() => {
            const inner = this.or();
            this.expect(')');
            return inner;
          });
        }
        if (token.text === '[') return this.nested(() => ({ type: 'list', items: this.items(']') }));
        throw new ExpressionError(`Unexpected "${token.text}" at character ${token.at + 1}.`);
      case 'end':
        throw new ExpressionError('The expression ends where a value was expected.');
    }
  }

  private call(name: string): Node {
    return { type: 'call', name, args: this.items(')') };
  }

  private items(close: string): Node[] {
    const items: Node[] = [];
    if (this.accept('op', close)) return items;
    do items.push(this.or());
    while (this.accept('op', ','));
    this.expect(close);
    return items;
  }
}

export function parseExpression(text: string): Node {
  return new Parser(tokenize(text)).parse();
}
