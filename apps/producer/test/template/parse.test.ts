import { describe, expect, it } from 'vitest';
import { cleanTemplate, parseArguments, scanTemplate } from '../../src/template/parse.js';

describe('cleaning a template', () => {
  it('trims it and drops line breaks, as the KDG does, keeping other spaces', () => {
    expect(cleanTemplate('  {\r\n  "a": 1,\n  "b": 2\n}  ')).toBe('{  "a": 1,  "b": 2}');
  });
});

describe('scanning a template', () => {
  it('splits literal text from placeholders, with each placeholder’s name, arguments and offset', () => {
    const { parts, malformed } = scanTemplate('id={{random.uuid}}, v={{ random.number(10) }}!');
    expect(malformed).toEqual([]);
    expect(parts).toEqual([
      { kind: 'text', text: 'id=' },
      { kind: 'placeholder', name: 'random.uuid', args: undefined, text: '{{random.uuid}}', offset: 3 },
      { kind: 'text', text: ', v=' },
      { kind: 'placeholder', name: 'random.number', args: '10', text: '{{ random.number(10) }}', offset: 22 },
      { kind: 'text', text: '!' },
    ]);
  });

  it('reads nested JSON and parentheses inside strings as one argument list', () => {
    const [part] = scanTemplate('{{random.objectElement({"a": {"b": ")("}}, "key")}}').parts;
    expect(part).toMatchObject({ kind: 'placeholder', args: '{"a": {"b": ")("}}, "key"' });
  });

  it('keeps a third brace as text, and an unclosed {{ as text', () => {
    expect(scanTemplate('{{{x}}}').parts).toEqual([
      { kind: 'text', text: '{' },
      { kind: 'placeholder', name: 'x', args: undefined, text: '{{x}}', offset: 1 },
      { kind: 'text', text: '}' },
    ]);
    expect(scanTemplate('a {{ b').parts).toEqual([{ kind: 'text', text: 'a {{ b' }]);
  });

  it('reports what is between braces but is no placeholder, with where it is', () => {
    const { parts, malformed } = scanTemplate('x {{ 1 + 1 }} y {{a.b(}} z');
    expect(malformed).toEqual([
      { text: '{{ 1 + 1 }}', offset: 2 },
      { text: '{{a.b(}}', offset: 16 },
    ]);
    expect(parts.filter((p) => p.kind === 'text').map((p) => (p as { text: string }).text)).toEqual([
      'x ',
      ' y ',
      ' z',
    ]);
  });
});

describe('placeholder arguments', () => {
  it('are JSON values separated by commas', () => {
    expect(parseArguments('5')).toEqual([5]);
    expect(parseArguments('{"min":1,"max":9}, "x", [1,2], true, null')).toEqual([
      { min: 1, max: 9 },
      'x',
      [1, 2],
      true,
      null,
    ]);
  });

  it('are one string when they are not JSON, as the KDG passes them, single quotes removed', () => {
    expect(parseArguments('YYYY-MM-DD')).toEqual(['YYYY-MM-DD']);
    expect(parseArguments(" 'DD/MM' ")).toEqual(['DD/MM']);
  });

  it('are none for no parentheses or empty ones', () => {
    expect(parseArguments(undefined)).toEqual([]);
    expect(parseArguments('  ')).toEqual([]);
  });
});
