import { base, en, Faker } from '@faker-js/faker';
import { describe, expect, it, vi } from 'vitest';
import { compileTemplate, listPlaceholders } from '../../src/index.js';
import { findPlaceholder, suggestPlaceholder } from '../../src/template/placeholders.js';
import { renderMany } from '../support/templates.js';

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

  it('git.commitEntry dates its entry by the template clock, so a seeded run reproduces', () => {
    const instant = Date.UTC(2024, 1, 29, 13, 5, 9);
    const entry = compileTemplate('{{git.commitEntry}}', { now: () => instant, seed: 3 }).render();
    const date = /^Date: (.+)$/m.exec(entry)?.[1];
    expect(date).toBeDefined();
    const dated = Date.parse(date as string);
    // faker draws the commit's date within a day before its reference date.
    expect(dated).toBeLessThanOrEqual(instant);
    expect(dated).toBeGreaterThan(instant - 2 * 86_400_000);
    expect(compileTemplate('{{git.commitEntry}}', { now: () => instant, seed: 3 }).render()).toBe(entry);
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

describe('the placeholder registry', () => {
  it('lists every name with what it calls today, sorted by name', () => {
    const all = listPlaceholders();
    const names = all.map((p) => p.name);
    expect(names).toEqual([...names].sort((a, b) => a.localeCompare(b)));
    expect(new Set(names).size).toBe(names.length);
    expect(all.find((p) => p.name === 'name.firstName')?.modern).toBe('faker.person.firstName(sex)');
    for (const group of ['random', 'datatype', 'name', 'address', 'date', 'finance', 'internet', 'vehicle']) {
      expect(
        names.some((name) => name.startsWith(`${group}.`)),
        group,
      ).toBe(true);
    }
  });

  it('finds only its own names, not what every object has', () => {
    expect(findPlaceholder('random.number')?.modern).toContain('faker.number.int');
    expect(findPlaceholder('toString')).toBeUndefined();
    expect(findPlaceholder('__proto__')).toBeUndefined();
    expect(findPlaceholder('address.cityPrefix')).toBeUndefined(); // gone from faker v10
  });

  it('suggests the old name for a faker v10 call, or the nearest spelling, or nothing', () => {
    expect(suggestPlaceholder('person.firstName')).toBe('name.firstName');
    expect(suggestPlaceholder('number.int')).toBe('random.number');
    expect(suggestPlaceholder('internet.username')).toBe('internet.userName');
    expect(suggestPlaceholder('lorem.wrd')).toBe('lorem.word');
    expect(suggestPlaceholder('xyz')).toBeUndefined();
  });
});
