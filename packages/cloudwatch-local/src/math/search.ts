/**
 * The query of SEARCH(' {Namespace, DimensionName, ...} SearchTerm ', 'Statistic', Period), as the
 * search expression syntax page of the User Guide describes it, for exact matches:
 *
 * - the metric schema in braces: the namespace and the dimension names a metric must have (exactly those;
 *   names with spaces or other characters in double quotes);
 * - exact-match terms in double quotes ("CustomCount1": a metric name, namespace, dimension name or
 *   dimension value equal to it), property terms (MetricName="Errors", Namespace="AWS/EC2",
 *   InstanceType="t2.micro"), with AND (also implied between terms), OR, NOT and parentheses; \" \\ \( \)
 *   are escapes inside quotes.
 *
 * Partial matches (unquoted terms, matched against tokens of names) are not served: such a term is
 * refused with a message saying to quote it.
 */
import { MAX_SEARCH_QUERY_LENGTH } from '../limits.js';
import type { StoredMetric } from '../store.js';
import { ExpressionError } from './parse.js';

type Term =
  | { type: 'exact'; value: string }
  | { type: 'property'; name: string; value: string }
  | { type: 'not'; term: Term }
  | { type: 'and' | 'or'; left: Term; right: Term }
  | { type: 'all' };

export interface SearchQuery {
  schema?: { namespace: string; dimensionNames: string[] };
  term: Term;
}

class Reader {
  position = 0;
  constructor(readonly text: string) {}

  skipSpace(): void {
    while (/\s/.test(this.text[this.position] ?? '')) this.position++;
  }

  peek(): string {
    this.skipSpace();
    return this.text[this.position] ?? '';
  }

  word(): string | undefined {
    this.skipSpace();
    const match = /^[^\s"(){}=,]+/.exec(this.text.slice(this.position));
    if (!match) return undefined;
    return match[0];
  }

  quoted(): string {
    this.skipSpace();
    if (this.text[this.position] !== '"') throw new ExpressionError('SEARCH: expected a double-quoted name.');
    let value = '';
    for (let i = this.position + 1; i < this.text.length; i++) {
      const c = this.text[i] as string;
      if (c === '\\' && i + 1 < this.text.length) {
        value += this.text[++i];
      } else if (c === '"') {
        this.position = i + 1;
        return value;
      } else {
        value += c;
      }
    }
    throw new ExpressionError('SEARCH: a double-quoted term is not closed.');
  }

  name(): string {
    if (this.peek() === '"') return this.quoted();
    const word = /^[^,}]+/.exec(this.text.slice(this.position))?.[0]?.trim();
    if (!word) throw new ExpressionError('SEARCH: the metric schema has an empty name.');
    this.position += (/^[^,}]+/.exec(this.text.slice(this.position))?.[0] ?? '').length;
    return word;
  }
}

function schema(reader: Reader): SearchQuery['schema'] {
  if (reader.peek() !== '{') return undefined;
  reader.position++;
  const names: string[] = [reader.name()];
  while (reader.peek() === ',') {
    reader.position++;
    names.push(reader.name());
  }
  if (reader.peek() !== '}') throw new ExpressionError('SEARCH: the metric schema is not closed with "}".');
  reader.position++;
  if (reader.peek() === ',') reader.position++;
  const [namespace, ...dimensionNames] = names as [string, ...string[]];
  return { namespace, dimensionNames };
}

function atom(reader: Reader): Term {
  const next = reader.peek();
  if (next === '(') {
    reader.position++;
    const inner = orTerm(reader);
    if (reader.peek() !== ')') throw new ExpressionError('SEARCH: a "(" is not closed.');
    reader.position++;
    return inner;
  }
  if (next === '"') return { type: 'exact', value: reader.quoted() };
  const word = reader.word();
  if (word === undefined) throw new ExpressionError(`SEARCH: unexpected "${next}" in the search term.`);
  reader.position += word.length;
  if (reader.peek() === '=') {
    reader.position++;
    if (reader.peek() !== '"') {
      throw new ExpressionError(
        `SEARCH: ${word}=${reader.word() ?? ''} is a partial match, which cloudwatch-local does not serve: ` +
          `quote the value for an exact match (${word}="...").`,
      );
    }
    return { type: 'property', name: word, value: reader.quoted() };
  }
  throw new ExpressionError(
    `SEARCH: the term ${word} is a partial match, which cloudwatch-local does not serve: quote it for an ` +
      `exact match ("${word}").`,
  );
}

function notTerm(reader: Reader): Term {
  if (reader.word() === 'NOT') {
    reader.position += 3;
    return { type: 'not', term: notTerm(reader) };
  }
  return atom(reader);
}

function andTerm(reader: Reader): Term {
  let left = notTerm(reader);
  for (;;) {
    const next = reader.peek();
    if (next === '' || next === ')' || reader.word() === 'OR') return left;
    if (reader.word() === 'AND') reader.position += 3;
    left = { type: 'and', left, right: notTerm(reader) };
  }
}

function orTerm(reader: Reader): Term {
  let left = andTerm(reader);
  while (reader.word() === 'OR') {
    reader.position += 2;
    left = { type: 'or', left, right: andTerm(reader) };
  }
  return left;
}

export function parseSearchQuery(text: string): SearchQuery {
  if (text.length > MAX_SEARCH_QUERY_LENGTH) {
    throw new ExpressionError(
      `SEARCH: the query has ${text.length} characters; the most a search expression takes is ${MAX_SEARCH_QUERY_LENGTH}.`,
    );
  }
  const reader = new Reader(text);
  const found = schema(reader);
  const term: Term = reader.peek() === '' ? { type: 'all' } : orTerm(reader);
  if (reader.peek() !== '')
    throw new ExpressionError(`SEARCH: unexpected "${reader.peek()}" in the search term.`);
  if (!found && term.type === 'all')
    throw new ExpressionError('SEARCH: give a metric schema, a search term or both.');
  return found ? { schema: found, term } : { term };
}

function termMatches(term: Term, metric: StoredMetric): boolean {
  switch (term.type) {
    case 'all':
      return true;
    case 'exact':
      return (
        metric.metricName === term.value ||
        metric.namespace === term.value ||
        metric.dimensions.some((d) => d.Name === term.value || d.Value === term.value)
      );
    case 'property':
      if (term.name === 'MetricName') return metric.metricName === term.value;
      if (term.name === 'Namespace') return metric.namespace === term.value;
      return metric.dimensions.some((d) => d.Name === term.name && d.Value === term.value);
    case 'not':
      return !termMatches(term.term, metric);
    case 'and':
      return termMatches(term.left, metric) && termMatches(term.right, metric);
    case 'or':
      return termMatches(term.left, metric) || termMatches(term.right, metric);
  }
}

export function searchMatches(query: SearchQuery, metric: StoredMetric): boolean {
  const { schema: wanted } = query;
  if (wanted) {
    if (metric.namespace !== wanted.namespace) return false;
    const names = metric.dimensions.map((d) => d.Name);
    if (names.length !== wanted.dimensionNames.length) return false;
    if (!wanted.dimensionNames.every((name) => names.includes(name))) return false;
  }
  return termMatches(query.term, metric);
}
