import { base, en, Faker } from '@faker-js/faker';
import { describe, expect, it, vi } from 'vitest';
import { compileTemplate, generateRecords, listPlaceholders, TemplateError } from '../src/index.js';

const definitions = new Faker({ locale: [en, base] }).definitions.person;
const FIRST_NAMES = new Set([
  ...(definitions.first_name?.generic ?? []),
  ...(definitions.first_name?.female ?? []),
  ...(definitions.first_name?.male ?? []),
]);
const LAST_NAMES = new Set(definitions.last_name?.generic ?? []);
/** faker v10 joins two last names with a hyphen now and then ("Walsh-Rippin"). */
const isLastName = (name: string | undefined) =>
  (name ?? '').split('-').every((part) => LAST_NAMES.has(part));
const UUID_V4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
const IPV4 = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/;

function renderMany(template: string, n: number, seed = 1): string[] {
  const compiled = compileTemplate(template, { seed });
  return Array.from({ length: n }, () => compiled.render());
}

function templateError(fn: () => unknown): TemplateError {
  try {
    fn();
  } catch (err) {
    if (err instanceof TemplateError) return err;
    throw err;
  }
  throw new Error('expected a TemplateError');
}

describe('KDG placeholders render as the KDG would', () => {
  it('{{random.number(1000)}} is a whole number 0..1000, both ends included, as text', () => {
    const values = renderMany('{{random.number(1000)}}', 20_000).map(Number);
    for (const v of values) {
      expect(Number.isInteger(v)).toBe(true);
      expect(v).toBeGreaterThanOrEqual(0);
      expect(v).toBeLessThanOrEqual(1000);
    }
    expect(Math.min(...values)).toBe(0);
    expect(Math.max(...values)).toBe(1000);
  });

  it('{{random.number({"min":1,"max":100})}} stays within 1..100', () => {
    const values = renderMany('{{random.number({"min":1,"max":100})}}', 5_000).map(Number);
    expect(Math.min(...values)).toBe(1);
    expect(Math.max(...values)).toBe(100);
    expect(values.every(Number.isInteger)).toBe(true);
  });

  it('random.number with a precision gives multiples of it', () => {
    for (const text of renderMany('{{random.number({"min":0,"max":10,"precision":0.25})}}', 500)) {
      const v = Number(text);
      expect(v).toBeGreaterThanOrEqual(0);
      expect(v).toBeLessThanOrEqual(10);
      expect((v * 4) % 1).toBe(0);
    }
  });

  it('{{random.uuid}} is a version 4 UUID', () => {
    const uuids = renderMany('{{random.uuid}}', 200);
    for (const u of uuids) expect(u).toMatch(UUID_V4);
    expect(new Set(uuids).size).toBe(200);
  });

  it('{{name.firstName}} and {{name.lastName}} come from faker’s English names', () => {
    for (const line of renderMany('{{name.firstName}} {{name.lastName}}', 300)) {
      const [first, last] = line.split(' ');
      expect(FIRST_NAMES.has(first ?? '')).toBe(true);
      expect(isLastName(last)).toBe(true);
    }
  });

  it('renders the CSV example from the KDG help page', () => {
    for (const line of renderMany(
      '{{name.firstName}},{{name.lastName}},{{random.number(70)}},{{internet.ip}}',
      100,
    )) {
      const [first, last, age, ip] = line.split(',');
      expect(FIRST_NAMES.has(first ?? '')).toBe(true);
      expect(isLastName(last)).toBe(true);
      expect(Number(age)).toBeGreaterThanOrEqual(0);
      expect(Number(age)).toBeLessThanOrEqual(70);
      const octets = IPV4.exec(ip ?? '')
        ?.slice(1)
        .map(Number);
      expect(octets?.every((o) => o >= 0 && o <= 255)).toBe(true);
    }
  });

  it('turns the multi-line JSON example from the KDG help page into one-line JSON records', () => {
    const template = `{
    "sensorId": {{random.number(50)}},
    "currentTemperature": {{random.number(
        {
            "min":10,
            "max":150
        }
    )}},
    "status": "{{random.arrayElement(
        ["OK","FAIL","WARN"]
    )}}"
}`;
    for (const line of renderMany(template, 200)) {
      expect(line).not.toContain('\n');
      const record = JSON.parse(line) as { sensorId: number; currentTemperature: number; status: string };
      expect(record.sensorId).toBeGreaterThanOrEqual(0);
      expect(record.sensorId).toBeLessThanOrEqual(50);
      expect(record.currentTemperature).toBeGreaterThanOrEqual(10);
      expect(record.currentTemperature).toBeLessThanOrEqual(150);
      expect(['OK', 'FAIL', 'WARN']).toContain(record.status);
    }
  });

  it('random.weightedArrayElement follows its weights', () => {
    const template = '{{random.weightedArrayElement({"weights":[0.3,0.2,0.5],"data":["cat","fish","dog"]})}}';
    const draws = renderMany(template, 20_000);
    const share = (v: string) => draws.filter((d) => d === v).length / draws.length;
    expect(share('cat')).toBeCloseTo(0.3, 1);
    expect(share('fish')).toBeCloseTo(0.2, 1);
    expect(share('dog')).toBeCloseTo(0.5, 1);
  });

  it('date.now and date.utc format the clock with moment.js format strings', () => {
    const instant = Date.UTC(2024, 1, 29, 13, 5, 9, 7); // Thursday 29 February 2024, 13:05:09.007 UTC
    const render = (t: string) => compileTemplate(t, { now: () => instant }).render();
    expect(render('{{date.utc}}')).toBe('2024-02-29T13:05:09Z');
    expect(render('{{date.utc("dddd, MMMM Do YYYY, h:mm:ss a")}}')).toBe(
      'Thursday, February 29th 2024, 1:05:09 pm',
    );
    expect(render('{{date.utc("ddd, hA")}}')).toBe('Thu, 1PM');
    expect(render('{{date.utc("DD/MMM/YYYY:HH:mm:ss Z")}}')).toBe('29/Feb/2024:13:05:09 +00:00');
    expect(render('{{date.utc("YYYY-MM-DD HH:mm:ss.SSS [UTC] X x")}}')).toBe(
      `2024-02-29 13:05:09.007 UTC ${Math.floor(instant / 1000)} ${instant}`,
    );
    const local = new Date(instant);
    const offset = -local.getTimezoneOffset();
    const sign = offset < 0 ? '-' : '+';
    const hhmm = `${String(Math.floor(Math.abs(offset) / 60)).padStart(2, '0')}:${String(Math.abs(offset) % 60).padStart(2, '0')}`;
    const pad = (n: number) => String(n).padStart(2, '0');
    expect(render('{{date.now}}')).toBe(
      `${local.getFullYear()}-${pad(local.getMonth() + 1)}-${pad(local.getDate())}T${pad(local.getHours())}:` +
        `${pad(local.getMinutes())}:${pad(local.getSeconds())}${sign}${hhmm}`,
    );
    expect(render('{{current.timestamp}}')).toBe(render('{{date.now}}'));
  });

  it('renders every placeholder in the table, without deprecation warnings', () => {
    const warn = vi.spyOn(console, 'warn');
    const all = listPlaceholders();
    expect(all.length).toBeGreaterThan(150);
    const requiredArguments: Record<string, string> = { 'date.between': '("2024-01-01", "2024-12-31")' };
    for (const { name } of all) {
      const text = compileTemplate(`{{${name}${requiredArguments[name] ?? ''}}}`, { seed: 3 }).render();
      expect(typeof text, name).toBe('string');
    }
    expect(warn).not.toHaveBeenCalled();
    warn.mockRestore();
  });
});

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

describe('seeds and record generation', () => {
  const template = '{"id":"{{random.uuid}}","v":{{random.number(1000)}},"who":"{{name.firstName}}"}';

  it('same seed, same records in the same order; another seed, other records', () => {
    const a = renderMany(template, 100, 42);
    expect(renderMany(template, 100, 42)).toEqual(a);
    expect(renderMany(template, 100, 43)).not.toEqual(a);
  });

  it('the partition key option never changes the data', () => {
    const plainKeys = [...generateRecords({ template, count: 50, seed: 9 })];
    const templatedKeys = [
      ...generateRecords({
        template,
        count: 50,
        seed: 9,
        partitionKey: '{{random.arrayElement(["a","b"])}}',
      }),
    ];
    const text = (r: { data: Uint8Array }) => new TextDecoder().decode(r.data);
    expect(templatedKeys.map(text)).toEqual(plainKeys.map(text));
    expect(new Set(templatedKeys.map((r) => r.partitionKey))).toEqual(new Set(['a', 'b']));
    for (const r of plainKeys) expect(r.partitionKey).toMatch(/^\d{1,10}$/);
  });

  it('a payload function replaces the template and gets a seeded random source', () => {
    const payload = (i: number, random: () => number) => (i % 10 === 0 ? 'not a number' : String(random()));
    const a = [...generateRecords({ payload, count: 30, seed: 5 })];
    const b = [...generateRecords({ payload, count: 30, seed: 5 })];
    expect(a.map((r) => r.data)).toEqual(b.map((r) => r.data));
    expect(new TextDecoder().decode(a[10]?.data)).toBe('not a number');
  });

  it('reports problems in the data and the partition key templates together', () => {
    const err = templateError(() => [
      ...generateRecords({ template: '{{x.y}}', partitionKey: '{{a.b}}', count: 1 }),
    ]);
    expect(err.problems.map((p) => p.message.split(' ')[0])).toEqual(['template', 'partition']);
  });
});
