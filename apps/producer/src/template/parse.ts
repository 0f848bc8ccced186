/**
 * Splits a Kinesis Data Generator template into literal text and `{{module.method(args)}}`
 * placeholders. Differences from the KDG's own scan (faker.js `fake`), all more forgiving:
 * arguments may contain `)` inside JSON strings, nested JSON objects are fine, and `{{{x}}}` reads
 * as a literal brace around a placeholder. As in the KDG, a `{{` with no `}}` after it is text.
 */

export interface TextPart {
  kind: 'text';
  text: string;
}

export interface PlaceholderPart {
  kind: 'placeholder';
  /** e.g. `random.number` */
  name: string;
  /** The text between the parentheses, if there were any. */
  args: string | undefined;
  /** The placeholder as written, braces included. */
  text: string;
  /** Offset of the opening `{{` in the cleaned template. */
  offset: number;
}

export interface MalformedPart {
  text: string;
  offset: number;
}

export interface ScannedTemplate {
  parts: (TextPart | PlaceholderPart)[];
  malformed: MalformedPart[];
}

/**
 * What the KDG does to a template before use: trim it and drop line breaks, so a JSON template
 * written over several lines produces one-line records.
 */
export function cleanTemplate(template: string): string {
  return template.trim().replace(/\r?\n/g, '');
}

const NAME = /[A-Za-z_$][\w$]*(?:\.[A-Za-z_$][\w$]*)*/y;

function skipSpaces(s: string, i: number): number {
  let j = i;
  while (j < s.length && (s[j] === ' ' || s[j] === '\t')) j += 1;
  return j;
}

/** Index of the `)` closing the `(` at `open`, skipping JSON strings; -1 if none. */
function closingParen(s: string, open: number): number {
  let depth = 0;
  let inString = false;
  for (let i = open; i < s.length; i += 1) {
    const c = s[i];
    if (inString) {
      if (c === '\\') i += 1;
      else if (c === '"') inString = false;
    } else if (c === '"') inString = true;
    else if (c === '(') depth += 1;
    else if (c === ')') {
      depth -= 1;
      if (depth === 0) return i;
    }
  }
  return -1;
}

function placeholderAt(s: string, open: number): PlaceholderPart | undefined {
  let i = skipSpaces(s, open + 2);
  NAME.lastIndex = i;
  const name = NAME.exec(s)?.[0];
  if (!name) return undefined;
  i = skipSpaces(s, i + name.length);
  let args: string | undefined;
  if (s[i] === '(') {
    const close = closingParen(s, i);
    if (close < 0) return undefined;
    args = s.slice(i + 1, close);
    i = skipSpaces(s, close + 1);
  }
  if (!s.startsWith('}}', i)) return undefined;
  return { kind: 'placeholder', name, args, text: s.slice(open, i + 2), offset: open };
}

export function scanTemplate(template: string): ScannedTemplate {
  const parts: (TextPart | PlaceholderPart)[] = [];
  const malformed: MalformedPart[] = [];
  let textStart = 0;
  let searchFrom = 0;
  const pushText = (end: number): void => {
    if (end > textStart) parts.push({ kind: 'text', text: template.slice(textStart, end) });
  };
  for (;;) {
    const open = template.indexOf('{{', searchFrom);
    if (open < 0) break;
    const placeholder = placeholderAt(template, open);
    if (placeholder) {
      pushText(open);
      parts.push(placeholder);
      textStart = searchFrom = open + placeholder.text.length;
      continue;
    }
    if (template[open + 2] === '{') {
      searchFrom = open + 1; // "{{{": the first brace is text
      continue;
    }
    const close = template.indexOf('}}', open + 2);
    if (close < 0) break;
    malformed.push({ text: template.slice(open, close + 2), offset: open });
    pushText(open);
    textStart = searchFrom = close + 2;
  }
  pushText(template.length);
  return { parts, malformed };
}

/**
 * Placeholder arguments: JSON values separated by commas (`5`, `{"min":1,"max":9}`, `"a", "b"`).
 * Anything that is not JSON is passed as one string, as the KDG does (`date.now(YYYY)`).
 */
export function parseArguments(raw: string | undefined): unknown[] {
  if (raw === undefined || raw.trim() === '') return [];
  try {
    return JSON.parse(`[${raw}]`) as unknown[];
  } catch {
    const text = raw.trim();
    const quoted = text.length >= 2 && text.startsWith("'") && text.endsWith("'");
    return [quoted ? text.slice(1, -1) : text];
  }
}
