import { describe, expect, it } from 'vitest';
import { compileTemplate } from '../../src/index.js';
import { renderMany, templateError } from '../support/templates.js';

describe('template syntax', () => {
  it('keeps literal text, braces around placeholders, and a {{ that is never closed', () => {
    const compiled = compileTemplate('{"v":{{{random.number(0)}}}} {{ not closed', { seed: 1 });
    expect(compiled.render()).toBe('{"v":{0}} {{ not closed');
  });

  it('reads arguments with parentheses inside JSON strings', () => {
    const values = renderMany('{{random.arrayElement(["a)", "(b"])}}', 50);
    expect(new Set(values)).toEqual(new Set(['a)', '(b']));
  });

  it('allows spaces inside the braces', () => {
    expect(compileTemplate('{{ random.number(0) }}').render()).toBe('0');
  });

  it('reports every unknown placeholder at once, with where it is and what was meant', () => {
    const err = templateError(() =>
      compileTemplate('a {{random.numbr(5)}} b {{person.firstName}} c {{nope.nothing}}'),
    );
    expect(err.code).toBe('TEMPLATE');
    expect(err.problems.map((p) => p.text)).toEqual([
      '{{random.numbr(5)}}',
      '{{person.firstName}}',
      '{{nope.nothing}}',
    ]);
    expect(err.problems[0]?.offset).toBe(2);
    expect(err.problems[0]?.message).toContain('Did you mean {{random.number}}?');
    expect(err.problems[1]?.message).toContain('Did you mean {{name.firstName}}?');
  });

  it('rejects bad arguments and malformed placeholders before rendering anything', () => {
    const err = templateError(() =>
      compileTemplate('{{random.number({"min":5,"max":1})}} {{random.arrayElement([])}} {{ 1 + 1 }}'),
    );
    const messages = err.problems.map((p) => p.message).join('\n');
    expect(messages).toContain('max (1) is below min (5)');
    expect(messages).toContain('must not be empty');
    expect(messages).toContain('not a placeholder');
  });
});

describe('a compiled template', () => {
  it('says which placeholders it uses, in order, after the KDG’s clean-up', () => {
    const compiled = compileTemplate('  {"a": {{random.number(3)}},\n "b": "{{name.firstName}}"}  ', {
      seed: 1,
    });
    expect(compiled.template).toBe('{"a": {{random.number(3)}}, "b": "{{name.firstName}}"}');
    expect(compiled.placeholders).toEqual(['random.number', 'name.firstName']);
  });

  it('reads the clock it is given, as a Date or as epoch milliseconds', () => {
    const instant = Date.UTC(2030, 0, 2, 3, 4, 5);
    for (const now of [() => instant, () => new Date(instant)]) {
      expect(compileTemplate('{{date.utc("YYYY-MM-DD HH:mm:ss")}}', { now }).render()).toBe(
        '2030-01-02 03:04:05',
      );
    }
  });

  it('tries each placeholder once: one that cannot render is refused, named, before any record', () => {
    const err = templateError(() => compileTemplate('x {{system.fileExt("bogus/type")}}'));
    expect(err.problems).toEqual([
      {
        text: '{{system.fileExt("bogus/type")}}',
        offset: 2,
        message: expect.stringMatching(
          /^\{\{system\.fileExt\("bogus\/type"\)\}\} at character 3: fails to render: /,
        ),
      },
    ]);
  });

  it('the trial renders leave the seeded stream alone: more placeholders, same first value', () => {
    const one = compileTemplate('{{random.number(1000000)}}', { seed: 8 }).render();
    const three = compileTemplate('{{random.number(1000000)}} {{random.number(5)}} {{random.uuid}}', {
      seed: 8,
    }).render();
    expect(three.split(' ')[0]).toBe(one);
  });

  it('refuses a seed that is not a whole number', () => {
    expect(() => compileTemplate('1', { seed: Number.NaN })).toThrow(
      'The seed must be a whole number, got NaN.',
    );
  });
});
