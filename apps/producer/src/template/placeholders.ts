/**
 * The explicit mapping from the faker.js names the Kinesis Data Generator documents (faker.js 3.x-5.x,
 * plus the KDG's own `date.now`, `date.utc` and `random.weightedArrayElement`) to @faker-js/faker v10.
 *
 * Each entry validates its arguments once, when a template is compiled, and returns a renderer that
 * only draws values. Values are turned into text the way the KDG's `faker.fake` did (`String(value)`:
 * a Date becomes `Date.prototype.toString()`, an array its comma-joined elements), except that a plain
 * object becomes JSON instead of "[object Object]".
 *
 * Old names with no counterpart in v10 (address.cityPrefix, company.companySuffix, ...) are left out,
 * so a template using them fails with a clear "unknown placeholder" before anything is sent.
 */
import { allLocales, type Faker } from '@faker-js/faker';
import { compileDateFormat, DEFAULT_LOCAL_FORMAT, DEFAULT_UTC_FORMAT } from './date-format.js';

export interface RenderContext {
  /** The clock `date.now` and relative dates read; injectable so runs can be reproduced. */
  now(): Date;
}

export type Render = (faker: Faker, context: RenderContext) => string;

export interface PlaceholderDefinition {
  /** What the placeholder calls today, for the docs and `--list-placeholders`. */
  modern: string;
  /** Validates the arguments (throws ArgumentError) and returns the renderer. */
  compile(args: readonly unknown[]): Render;
}

export class ArgumentError extends Error {}

// ---------------------------------------------------------------------------------------------
// Argument checks: they run once per template, never per record.

const show = (value: unknown): string => JSON.stringify(value) ?? String(value);

function numberArg(value: unknown, what: string): number | undefined {
  if (value === undefined || value === null) return undefined;
  const n = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
  if (typeof n !== 'number' || !Number.isFinite(n)) {
    throw new ArgumentError(`${what} must be a number, got ${show(value)}`);
  }
  return n;
}

function countArg(value: unknown, what: string): number | undefined {
  const n = numberArg(value, what);
  if (n !== undefined && (!Number.isInteger(n) || n < 0)) {
    throw new ArgumentError(`${what} must be a whole number of at least 0, got ${show(value)}`);
  }
  return n;
}

function stringArg(value: unknown, what: string): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  throw new ArgumentError(`${what} must be text, got ${show(value)}`);
}

function boolArg(value: unknown): boolean | undefined {
  if (value === undefined || value === null) return undefined;
  if (value === 'false' || value === '0' || value === '') return false;
  return Boolean(value);
}

function objectArg(value: unknown, what: string): Record<string, unknown> | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'object' || Array.isArray(value)) {
    throw new ArgumentError(`${what} must be a JSON object, got ${show(value)}`);
  }
  return value as Record<string, unknown>;
}

function arrayArg(value: unknown, what: string): unknown[] | undefined {
  if (value === undefined || value === null) return undefined;
  if (!Array.isArray(value)) throw new ArgumentError(`${what} must be a JSON array, got ${show(value)}`);
  if (value.length === 0) throw new ArgumentError(`${what} must not be empty`);
  return value;
}

function dateArg(value: unknown, what: string): Date | undefined {
  if (value === undefined || value === null) return undefined;
  const date = new Date(typeof value === 'number' ? value : String(value));
  if (Number.isNaN(date.getTime())) throw new ArgumentError(`${what} is not a date: ${show(value)}`);
  return date;
}

/** 0 / "male" and 1 / "female", as faker.js took a gender argument. */
function sexArg(value: unknown): 'male' | 'female' | undefined {
  if (value === undefined || value === null) return undefined;
  if (value === 0 || value === '0' || value === 'male') return 'male';
  if (value === 1 || value === '1' || value === 'female') return 'female';
  throw new ArgumentError(`gender must be 0 (male) or 1 (female), got ${show(value)}`);
}

// ---------------------------------------------------------------------------------------------
// Rendering helpers.

export function toText(value: unknown): string {
  if (typeof value === 'string') return value;
  if (value === undefined || value === null) return '';
  if (value instanceof Date || Array.isArray(value)) return String(value);
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}

/** A placeholder that takes no arguments (any given are ignored, as faker.js ignored them). */
function plain(modern: string, draw: (f: Faker, c: RenderContext) => unknown): PlaceholderDefinition {
  return { modern, compile: () => (f, c) => toText(draw(f, c)) };
}

function withArgs(
  modern: string,
  compile: (args: readonly unknown[]) => (f: Faker, c: RenderContext) => unknown,
): PlaceholderDefinition {
  return {
    modern,
    compile(args) {
      const draw = compile(args);
      return (f, c) => toText(draw(f, c));
    },
  };
}

interface Range {
  min: number;
  max: number;
  precision: number;
}

/** faker.js `random.number` options: a max, or `{min, max, precision}`; the max is inclusive. */
function rangeArg(value: unknown, defaults: Range, numberMeans: 'max' | 'precision'): Range {
  const range = { ...defaults };
  if (typeof value === 'number' || typeof value === 'string') {
    range[numberMeans] = numberArg(value, numberMeans) ?? range[numberMeans];
  } else {
    const options = objectArg(value, 'the options');
    if (options) {
      range.min = numberArg(options.min, 'min') ?? range.min;
      range.max = numberArg(options.max, 'max') ?? range.max;
      range.precision = numberArg(options.precision, 'precision') ?? range.precision;
    }
  }
  if (range.precision <= 0) throw new ArgumentError(`precision must be above 0, got ${range.precision}`);
  if (range.max < range.min) throw new ArgumentError(`max (${range.max}) is below min (${range.min})`);
  return range;
}

function numberIn(range: Range): (f: Faker) => number {
  const { min, max, precision } = range;
  if (precision === 1) {
    const low = Math.ceil(min);
    const high = Math.floor(max);
    if (high < low) throw new ArgumentError(`there is no whole number between ${min} and ${max}`);
    return (f) => f.number.int({ min: low, max: high });
  }
  if (Math.floor(max / precision) < Math.ceil(min / precision)) {
    throw new ArgumentError(`there is no multiple of ${precision} between ${min} and ${max}`);
  }
  return (f) => f.number.float({ min, max, multipleOf: precision });
}

function replaceSymbolWithNumber(f: Faker, text: string, symbol: string): string {
  let out = '';
  for (const c of text) out += c === symbol ? String(f.number.int(9)) : c;
  return out;
}

const RANDOM_NUMBER_DEFAULTS: Range = { min: 0, max: 99999, precision: 1 };
const RANDOM_FLOAT_DEFAULTS: Range = { min: 0, max: 99999, precision: 0.01 };
const LOCALE_CODES = Object.keys(allLocales);
const IMAGE_CATEGORIES = [
  'abstract',
  'animals',
  'business',
  'cats',
  'city',
  'food',
  'nightlife',
  'fashion',
  'people',
  'nature',
  'sports',
  'technics',
  'transport',
] as const;

function randomNumber(modern: string): PlaceholderDefinition {
  return withArgs(modern, ([options]) => numberIn(rangeArg(options, RANDOM_NUMBER_DEFAULTS, 'max')));
}

function randomFloat(modern: string): PlaceholderDefinition {
  return withArgs(modern, ([options]) => numberIn(rangeArg(options, RANDOM_FLOAT_DEFAULTS, 'precision')));
}

/** `date.now` / `date.utc`: the clock, formatted with a moment.js format string. */
function clock(utc: boolean): PlaceholderDefinition {
  const modern = `the clock, formatted like moment${utc ? '.utc' : ''}().format(format)`;
  return withArgs(modern, ([format]) => {
    const text = stringArg(format, 'the date format');
    const formatter = compileDateFormat(
      text === undefined || text === '' ? (utc ? DEFAULT_UTC_FORMAT : DEFAULT_LOCAL_FORMAT) : text,
      utc,
    );
    return (_f, c) => formatter(c.now());
  });
}

function weightedArrayElement(value: unknown): (f: Faker) => unknown {
  const options = objectArg(value, 'the options') ?? { weights: [0.5, 0.5], data: ['dog', 'cat'] };
  const weights = arrayArg(options.weights, 'weights');
  const data = arrayArg(options.data, 'data');
  if (!weights || !data) throw new ArgumentError('needs {"weights": [...], "data": [...]}');
  if (weights.length !== data.length) {
    throw new ArgumentError(`weights has ${weights.length} entries but data has ${data.length}`);
  }
  const entries = data.map((item, i) => {
    const weight = numberArg(weights[i], `weight ${i + 1}`) ?? 0;
    if (weight <= 0) throw new ArgumentError(`weight ${i + 1} must be above 0, got ${weight}`);
    return { weight, value: item };
  });
  return (f) => f.helpers.weightedArrayElement(entries);
}

function internetColor(args: readonly unknown[]): (f: Faker) => string {
  const bases = [0, 1, 2].map((i) => numberArg(args[i], 'a base colour') ?? 0);
  // faker.js mixed a random channel with the base: (random 0..256 + base) / 2.
  return (f) =>
    `#${bases
      .map((b) =>
        Math.floor((f.number.int(256) + b) / 2)
          .toString(16)
          .padStart(2, '0'),
      )
      .join('')}`;
}

const PLACEHOLDER_TABLE: Record<string, PlaceholderDefinition> = {
  // random (faker.js 3-5) and the KDG's weighted element
  'random.number': randomNumber('faker.number.int({ min, max }) (faker.number.float with a precision)'),
  'random.float': randomFloat('faker.number.float({ min, max, multipleOf: precision })'),
  'random.arrayElement': withArgs('faker.helpers.arrayElement(array)', ([array]) => {
    const items = arrayArg(array, 'the array') ?? ['a', 'b', 'c'];
    return (f) => f.helpers.arrayElement(items);
  }),
  'random.arrayElements': withArgs('faker.helpers.arrayElements(array, count)', ([array, count]) => {
    const items = arrayArg(array, 'the array') ?? ['a', 'b', 'c'];
    const n = countArg(count, 'count');
    return (f) => f.helpers.arrayElements(items, n);
  }),
  'random.weightedArrayElement': withArgs(
    'faker.helpers.weightedArrayElement([{ weight, value }])',
    ([options]) => weightedArrayElement(options),
  ),
  'random.objectElement': withArgs('faker.helpers.objectValue(object) / objectKey', ([object, field]) => {
    const o = objectArg(object, 'the object') ?? { foo: 'bar', too: 'car' };
    if (Object.keys(o).length === 0) throw new ArgumentError('the object must not be empty');
    return field === 'key' ? (f) => f.helpers.objectKey(o) : (f) => f.helpers.objectValue(o);
  }),
  'random.uuid': plain('faker.string.uuid()', (f) => f.string.uuid()),
  'random.boolean': plain('faker.datatype.boolean()', (f) => f.datatype.boolean()),
  'random.word': plain('faker.word.sample()', (f) => f.word.sample()),
  'random.words': withArgs('faker.word.words(count)', ([count]) => {
    const n = countArg(count, 'count');
    return (f) => f.word.words(n ?? { count: { min: 1, max: 3 } });
  }),
  'random.image': plain('faker.image.url()', (f) => f.image.url()),
  'random.locale': plain('faker.helpers.arrayElement(locale codes)', (f) =>
    f.helpers.arrayElement(LOCALE_CODES),
  ),
  'random.alpha': withArgs('faker.string.alpha({ length, casing })', ([options]) => {
    const o = typeof options === 'number' ? { count: options } : (objectArg(options, 'the options') ?? {});
    const length = countArg(o.count, 'count') ?? 1;
    const casing = boolArg(o.upcase) ? 'upper' : 'lower';
    return (f) => f.string.alpha({ length, casing });
  }),
  'random.alphaNumeric': withArgs("faker.string.alphanumeric({ length, casing: 'lower' })", ([count]) => {
    const length = countArg(count, 'count') ?? 1;
    return (f) => f.string.alphanumeric({ length, casing: 'lower' });
  }),
  'random.hexaDecimal': withArgs("faker.string.hexadecimal({ length, prefix: '0x' })", ([count]) => {
    const length = countArg(count, 'count') ?? 1;
    return (f) => f.string.hexadecimal({ length, casing: 'lower', prefix: '0x' });
  }),

  // datatype (faker.js 5.5, the last faker.js release)
  'datatype.number': randomNumber('faker.number.int({ min, max })'),
  'datatype.float': randomFloat('faker.number.float({ min, max, multipleOf: precision })'),
  'datatype.uuid': plain('faker.string.uuid()', (f) => f.string.uuid()),
  'datatype.boolean': plain('faker.datatype.boolean()', (f) => f.datatype.boolean()),
  'datatype.string': withArgs('faker.string.sample(length)', ([length]) => {
    const n = countArg(length, 'length') ?? 10;
    return (f) => f.string.sample(n);
  }),
  'datatype.hexaDecimal': withArgs("faker.string.hexadecimal({ length, prefix: '0x' })", ([count]) => {
    const length = countArg(count, 'count') ?? 1;
    return (f) => f.string.hexadecimal({ length, casing: 'lower', prefix: '0x' });
  }),
  'datatype.datetime': withArgs('faker.date.between({ from, to })', ([options]) => {
    const o = objectArg(options, 'the options') ?? {};
    const from = dateArg(o.min, 'min') ?? new Date(Date.UTC(1990, 0, 1));
    const to = dateArg(o.max, 'max') ?? new Date(Date.UTC(2100, 0, 1));
    return (f) => f.date.between({ from, to });
  }),

  // name -> person
  'name.firstName': withArgs('faker.person.firstName(sex)', ([gender]) => {
    const sex = sexArg(gender);
    return (f) => f.person.firstName(sex);
  }),
  'name.lastName': withArgs('faker.person.lastName(sex)', ([gender]) => {
    const sex = sexArg(gender);
    return (f) => f.person.lastName(sex);
  }),
  'name.middleName': withArgs('faker.person.middleName(sex)', ([gender]) => {
    const sex = sexArg(gender);
    return (f) => f.person.middleName(sex);
  }),
  'name.findName': withArgs(
    'faker.person.fullName({ firstName, lastName, sex })',
    ([first, last, gender]) => {
      const firstName = stringArg(first, 'firstName');
      const lastName = stringArg(last, 'lastName');
      const sex = sexArg(gender);
      return (f) => f.person.fullName({ firstName, lastName, sex });
    },
  ),
  'name.jobTitle': plain('faker.person.jobTitle()', (f) => f.person.jobTitle()),
  'name.title': plain('faker.person.jobTitle()', (f) => f.person.jobTitle()),
  'name.gender': plain('faker.person.gender()', (f) => f.person.gender()),
  'name.prefix': withArgs('faker.person.prefix(sex)', ([gender]) => {
    const sex = sexArg(gender);
    return (f) => f.person.prefix(sex);
  }),
  'name.suffix': plain('faker.person.suffix()', (f) => f.person.suffix()),
  'name.jobDescriptor': plain('faker.person.jobDescriptor()', (f) => f.person.jobDescriptor()),
  'name.jobArea': plain('faker.person.jobArea()', (f) => f.person.jobArea()),
  'name.jobType': plain('faker.person.jobType()', (f) => f.person.jobType()),

  // address -> location
  'address.zipCode': withArgs('faker.location.zipCode(format)', ([format]) => {
    const text = stringArg(format, 'the format');
    return (f) => (text ? f.location.zipCode(text) : f.location.zipCode());
  }),
  'address.city': plain('faker.location.city()', (f) => f.location.city()),
  'address.streetName': plain('faker.location.street()', (f) => f.location.street()),
  'address.streetAddress': withArgs('faker.location.streetAddress(useFullAddress)', ([full]) => {
    const useFullAddress = boolArg(full) ?? false;
    return (f) => f.location.streetAddress(useFullAddress);
  }),
  'address.secondaryAddress': plain('faker.location.secondaryAddress()', (f) =>
    f.location.secondaryAddress(),
  ),
  'address.county': plain('faker.location.county()', (f) => f.location.county()),
  'address.country': plain('faker.location.country()', (f) => f.location.country()),
  'address.countryCode': plain('faker.location.countryCode()', (f) => f.location.countryCode()),
  'address.state': plain('faker.location.state()', (f) => f.location.state()),
  'address.stateAbbr': plain('faker.location.state({ abbreviated: true })', (f) =>
    f.location.state({ abbreviated: true }),
  ),
  'address.latitude': withArgs(
    'faker.location.latitude({ max, min, precision })',
    ([max, min, precision]) => {
      const o = { max: numberArg(max, 'max') ?? 90, min: numberArg(min, 'min') ?? -90 };
      const digits = countArg(precision, 'precision') ?? 4;
      return (f) => f.location.latitude({ ...o, precision: digits }).toFixed(digits);
    },
  ),
  'address.longitude': withArgs(
    'faker.location.longitude({ max, min, precision })',
    ([max, min, precision]) => {
      const o = { max: numberArg(max, 'max') ?? 180, min: numberArg(min, 'min') ?? -180 };
      const digits = countArg(precision, 'precision') ?? 4;
      return (f) => f.location.longitude({ ...o, precision: digits }).toFixed(digits);
    },
  ),
  'address.direction': withArgs('faker.location.direction({ abbreviated })', ([abbr]) => {
    const abbreviated = boolArg(abbr) ?? false;
    return (f) => f.location.direction({ abbreviated });
  }),
  'address.cardinalDirection': withArgs('faker.location.cardinalDirection({ abbreviated })', ([abbr]) => {
    const abbreviated = boolArg(abbr) ?? false;
    return (f) => f.location.cardinalDirection({ abbreviated });
  }),
  'address.ordinalDirection': withArgs('faker.location.ordinalDirection({ abbreviated })', ([abbr]) => {
    const abbreviated = boolArg(abbr) ?? false;
    return (f) => f.location.ordinalDirection({ abbreviated });
  }),
  'address.nearbyGPSCoordinate': plain('faker.location.nearbyGPSCoordinate()', (f) =>
    f.location.nearbyGPSCoordinate(),
  ),
  'address.timeZone': plain('faker.location.timeZone()', (f) => f.location.timeZone()),

  // commerce
  'commerce.color': plain('faker.color.human()', (f) => f.color.human()),
  'commerce.department': plain('faker.commerce.department()', (f) => f.commerce.department()),
  'commerce.productName': plain('faker.commerce.productName()', (f) => f.commerce.productName()),
  'commerce.price': withArgs('faker.commerce.price({ min, max, dec, symbol })', ([min, max, dec, symbol]) => {
    const options = {
      min: numberArg(min, 'min') ?? 0,
      max: numberArg(max, 'max') ?? 1000,
      dec: countArg(dec, 'dec') ?? 2,
      symbol: stringArg(symbol, 'symbol') ?? '',
    };
    if (options.max < options.min)
      throw new ArgumentError(`max (${options.max}) is below min (${options.min})`);
    return (f) => f.commerce.price(options);
  }),
  'commerce.productAdjective': plain('faker.commerce.productAdjective()', (f) =>
    f.commerce.productAdjective(),
  ),
  'commerce.productMaterial': plain('faker.commerce.productMaterial()', (f) => f.commerce.productMaterial()),
  'commerce.product': plain('faker.commerce.product()', (f) => f.commerce.product()),
  'commerce.productDescription': plain('faker.commerce.productDescription()', (f) =>
    f.commerce.productDescription(),
  ),

  // company
  'company.companyName': plain('faker.company.name()', (f) => f.company.name()),
  'company.catchPhrase': plain('faker.company.catchPhrase()', (f) => f.company.catchPhrase()),
  'company.bs': plain('faker.company.buzzPhrase()', (f) => f.company.buzzPhrase()),
  'company.catchPhraseAdjective': plain('faker.company.catchPhraseAdjective()', (f) =>
    f.company.catchPhraseAdjective(),
  ),
  'company.catchPhraseDescriptor': plain('faker.company.catchPhraseDescriptor()', (f) =>
    f.company.catchPhraseDescriptor(),
  ),
  'company.catchPhraseNoun': plain('faker.company.catchPhraseNoun()', (f) => f.company.catchPhraseNoun()),
  'company.bsAdjective': plain('faker.company.buzzAdjective()', (f) => f.company.buzzAdjective()),
  'company.bsBuzz': plain('faker.company.buzzVerb()', (f) => f.company.buzzVerb()),
  'company.bsNoun': plain('faker.company.buzzNoun()', (f) => f.company.buzzNoun()),

  // database
  'database.column': plain('faker.database.column()', (f) => f.database.column()),
  'database.type': plain('faker.database.type()', (f) => f.database.type()),
  'database.collation': plain('faker.database.collation()', (f) => f.database.collation()),
  'database.engine': plain('faker.database.engine()', (f) => f.database.engine()),

  // date: the KDG's clock placeholders, and faker.js dates relative to that clock
  'date.now': clock(false),
  'date.utc': clock(true),
  'date.simTime': clock(false),
  'current.timestamp': clock(false),
  'date.past': withArgs('faker.date.past({ years, refDate })', ([years, ref]) => {
    const y = numberArg(years, 'years') ?? 1;
    const refDate = dateArg(ref, 'refDate');
    return (f, c) => f.date.past({ years: y, refDate: refDate ?? c.now() });
  }),
  'date.future': withArgs('faker.date.future({ years, refDate })', ([years, ref]) => {
    const y = numberArg(years, 'years') ?? 1;
    const refDate = dateArg(ref, 'refDate');
    return (f, c) => f.date.future({ years: y, refDate: refDate ?? c.now() });
  }),
  'date.between': withArgs('faker.date.between({ from, to })', ([fromArg, toArg]) => {
    const from = dateArg(fromArg, 'from');
    const to = dateArg(toArg, 'to');
    if (!from || !to)
      throw new ArgumentError('needs two dates, e.g. date.between("2024-01-01", "2024-12-31")');
    if (to < from) throw new ArgumentError('the second date is before the first');
    return (f) => f.date.between({ from, to });
  }),
  'date.recent': withArgs('faker.date.recent({ days, refDate })', ([days, ref]) => {
    const d = numberArg(days, 'days') ?? 1;
    const refDate = dateArg(ref, 'refDate');
    return (f, c) => f.date.recent({ days: d, refDate: refDate ?? c.now() });
  }),
  'date.soon': withArgs('faker.date.soon({ days, refDate })', ([days, ref]) => {
    const d = numberArg(days, 'days') ?? 1;
    const refDate = dateArg(ref, 'refDate');
    return (f, c) => f.date.soon({ days: d, refDate: refDate ?? c.now() });
  }),
  'date.month': withArgs('faker.date.month({ abbreviated })', ([options]) => {
    const abbreviated = boolArg(objectArg(options, 'the options')?.abbr) ?? false;
    return (f) => f.date.month({ abbreviated });
  }),
  'date.weekday': withArgs('faker.date.weekday({ abbreviated })', ([options]) => {
    const abbreviated = boolArg(objectArg(options, 'the options')?.abbr) ?? false;
    return (f) => f.date.weekday({ abbreviated });
  }),
  'time.recent': withArgs('the clock: epoch milliseconds, or Date#toTimeString (wide)', ([outputType]) => {
    const type = stringArg(outputType, 'outputType') ?? 'unix';
    if (type === 'wide') return (_f, c) => c.now().toTimeString();
    if (type === 'abbr') return (_f, c) => c.now().toLocaleTimeString('en-US');
    return (_f, c) => c.now().getTime();
  }),

  // finance
  'finance.account': withArgs('faker.finance.accountNumber(length)', ([length]) => {
    const n = countArg(length, 'length') ?? 8;
    return (f) => f.finance.accountNumber(n);
  }),
  'finance.accountName': plain('faker.finance.accountName()', (f) => f.finance.accountName()),
  'finance.routingNumber': plain('faker.finance.routingNumber()', (f) => f.finance.routingNumber()),
  'finance.mask': withArgs(
    'faker.string.numeric(length), wrapped as "(...1234)"',
    ([length, parens, ellipsis]) => {
      const n = countArg(length, 'length') || 4;
      const open = (boolArg(parens) ?? true) ? '(' : '';
      const close = open ? ')' : '';
      const dots = (boolArg(ellipsis) ?? true) ? '...' : '';
      return (f) => `${open}${dots}${f.string.numeric({ length: n, allowLeadingZeros: true })}${close}`;
    },
  ),
  'finance.amount': withArgs('faker.finance.amount({ min, max, dec, symbol })', ([min, max, dec, symbol]) => {
    const options = {
      min: numberArg(min, 'min') ?? 0,
      max: numberArg(max, 'max') ?? 1000,
      dec: countArg(dec, 'dec') ?? 2,
      symbol: stringArg(symbol, 'symbol') ?? '',
      autoFormat: false,
    };
    if (options.max < options.min)
      throw new ArgumentError(`max (${options.max}) is below min (${options.min})`);
    return (f) => f.finance.amount(options);
  }),
  'finance.transactionType': plain('faker.finance.transactionType()', (f) => f.finance.transactionType()),
  'finance.currencyCode': plain('faker.finance.currencyCode()', (f) => f.finance.currencyCode()),
  'finance.currencyName': plain('faker.finance.currencyName()', (f) => f.finance.currencyName()),
  'finance.currencySymbol': plain('faker.finance.currencySymbol()', (f) => f.finance.currencySymbol()),
  'finance.bitcoinAddress': plain('faker.finance.bitcoinAddress()', (f) => f.finance.bitcoinAddress()),
  'finance.litecoinAddress': plain('faker.finance.litecoinAddress()', (f) => f.finance.litecoinAddress()),
  'finance.ethereumAddress': plain('faker.finance.ethereumAddress()', (f) => f.finance.ethereumAddress()),
  'finance.creditCardNumber': withArgs('faker.finance.creditCardNumber(issuer)', ([issuer]) => {
    const name = stringArg(issuer, 'issuer');
    return (f) => f.finance.creditCardNumber(name);
  }),
  'finance.creditCardCVV': plain('faker.finance.creditCardCVV()', (f) => f.finance.creditCardCVV()),
  'finance.iban': withArgs('faker.finance.iban({ formatted })', ([formatted]) => {
    const options = { formatted: boolArg(formatted) ?? false };
    return (f) => f.finance.iban(options);
  }),
  'finance.bic': plain('faker.finance.bic()', (f) => f.finance.bic()),
  'finance.transactionDescription': plain('faker.finance.transactionDescription()', (f) =>
    f.finance.transactionDescription(),
  ),

  // git
  'git.branch': plain('faker.git.branch()', (f) => f.git.branch()),
  'git.commitEntry': plain('faker.git.commitEntry()', (f) => f.git.commitEntry()),
  'git.commitMessage': plain('faker.git.commitMessage()', (f) => f.git.commitMessage()),
  'git.commitSha': plain('faker.git.commitSha()', (f) => f.git.commitSha()),
  'git.shortSha': plain('faker.git.commitSha({ length: 7 })', (f) => f.git.commitSha({ length: 7 })),

  // hacker
  'hacker.abbreviation': plain('faker.hacker.abbreviation()', (f) => f.hacker.abbreviation()),
  'hacker.adjective': plain('faker.hacker.adjective()', (f) => f.hacker.adjective()),
  'hacker.noun': plain('faker.hacker.noun()', (f) => f.hacker.noun()),
  'hacker.verb': plain('faker.hacker.verb()', (f) => f.hacker.verb()),
  'hacker.ingverb': plain('faker.hacker.ingverb()', (f) => f.hacker.ingverb()),
  'hacker.phrase': plain('faker.hacker.phrase()', (f) => f.hacker.phrase()),

  // helpers
  'helpers.randomize': withArgs('faker.helpers.arrayElement(array)', ([array]) => {
    const items = arrayArg(array, 'the array') ?? ['a', 'b', 'c'];
    return (f) => f.helpers.arrayElement(items);
  }),
  'helpers.slugify': withArgs('faker.helpers.slugify(text)', ([text]) => {
    const s = stringArg(text, 'the text') ?? '';
    return (f) => f.helpers.slugify(s);
  }),
  'helpers.replaceSymbolWithNumber': withArgs(
    'each symbol (default #) replaced by faker.number.int(9)',
    ([t, s]) => {
      const text = stringArg(t, 'the text') ?? '';
      const symbol = stringArg(s, 'the symbol') ?? '#';
      return (f) => replaceSymbolWithNumber(f, text, symbol);
    },
  ),
  'helpers.replaceSymbols': withArgs('faker.helpers.replaceSymbols(text)', ([text]) => {
    const s = stringArg(text, 'the text') ?? '';
    return (f) => f.helpers.replaceSymbols(s);
  }),
  'helpers.shuffle': withArgs('faker.helpers.shuffle(array)', ([array]) => {
    const items = arrayArg(array, 'the array') ?? ['a', 'b', 'c'];
    return (f) => f.helpers.shuffle(items);
  }),

  // image
  'image.image': plain('faker.image.url()', (f) => f.image.url()),
  'image.avatar': plain('faker.image.avatar()', (f) => f.image.avatar()),
  // lorempixel's categories are gone; faker.image.url() (its replacement) has none.
  'image.imageUrl': withArgs('faker.image.url({ width, height }) (the category is ignored)', ([w, h]) => {
    const width = countArg(w, 'width') ?? 640;
    const height = countArg(h, 'height') ?? 480;
    return (f) => f.image.url({ width, height });
  }),
  ...Object.fromEntries(
    IMAGE_CATEGORIES.map((category) => [
      `image.${category}`,
      withArgs('faker.image.url({ width, height })', ([w, h]) => {
        const width = countArg(w, 'width') ?? 640;
        const height = countArg(h, 'height') ?? 480;
        return (f) => f.image.url({ width, height });
      }),
    ]),
  ),
  'image.dataUri': withArgs('faker.image.dataUri({ width, height })', ([w, h]) => {
    const width = countArg(w, 'width') ?? 640;
    const height = countArg(h, 'height') ?? 480;
    return (f) => f.image.dataUri({ width, height });
  }),

  // internet
  'internet.avatar': plain('faker.image.avatar()', (f) => f.image.avatar()),
  'internet.email': withArgs(
    'faker.internet.email({ firstName, lastName, provider })',
    ([first, last, prov]) => {
      const options = {
        firstName: stringArg(first, 'firstName'),
        lastName: stringArg(last, 'lastName'),
        provider: stringArg(prov, 'provider'),
      };
      return (f) => f.internet.email(options);
    },
  ),
  'internet.exampleEmail': withArgs(
    'faker.internet.exampleEmail({ firstName, lastName })',
    ([first, last]) => {
      const options = { firstName: stringArg(first, 'firstName'), lastName: stringArg(last, 'lastName') };
      return (f) => f.internet.exampleEmail(options);
    },
  ),
  'internet.userName': withArgs('faker.internet.username({ firstName, lastName })', ([first, last]) => {
    const options = { firstName: stringArg(first, 'firstName'), lastName: stringArg(last, 'lastName') };
    return (f) => f.internet.username(options);
  }),
  'internet.protocol': plain('faker.internet.protocol()', (f) => f.internet.protocol()),
  'internet.url': plain('faker.internet.url()', (f) => f.internet.url()),
  'internet.domainName': plain('faker.internet.domainName()', (f) => f.internet.domainName()),
  'internet.domainSuffix': plain('faker.internet.domainSuffix()', (f) => f.internet.domainSuffix()),
  'internet.domainWord': plain('faker.internet.domainWord()', (f) => f.internet.domainWord()),
  'internet.ip': plain('faker.internet.ipv4()', (f) => f.internet.ipv4()),
  'internet.ipv6': plain('faker.internet.ipv6()', (f) => f.internet.ipv6()),
  'internet.userAgent': plain('faker.internet.userAgent()', (f) => f.internet.userAgent()),
  'internet.color': withArgs(
    '#rrggbb from faker.number.int(256), mixed with the base colours',
    internetColor,
  ),
  'internet.mac': withArgs('faker.internet.mac(separator)', ([separator]) => {
    const sep = stringArg(separator, 'the separator') ?? ':';
    return (f) => f.internet.mac(sep);
  }),
  'internet.password': withArgs(
    'faker.internet.password({ length, memorable, pattern, prefix })',
    ([len, mem, pat, pre]) => {
      const source = stringArg(pat, 'the pattern');
      let pattern: RegExp | undefined;
      try {
        pattern = source === undefined ? undefined : new RegExp(source);
      } catch {
        throw new ArgumentError(`the pattern is not a regular expression: ${show(source)}`);
      }
      const options = {
        length: countArg(len, 'length') ?? 15,
        memorable: boolArg(mem) ?? false,
        pattern,
        prefix: stringArg(pre, 'prefix') ?? '',
      };
      return (f) => f.internet.password(options);
    },
  ),

  // lorem
  'lorem.word': plain('faker.lorem.word()', (f) => f.lorem.word()),
  'lorem.words': withArgs('faker.lorem.words(count)', ([count]) => {
    const n = countArg(count, 'count') ?? 3;
    return (f) => f.lorem.words(n);
  }),
  'lorem.sentence': withArgs('faker.lorem.sentence(wordCount)', ([count]) => {
    const n = countArg(count, 'wordCount');
    return (f) => f.lorem.sentence(n ?? { min: 3, max: 10 });
  }),
  'lorem.slug': withArgs('faker.lorem.slug(wordCount)', ([count]) => {
    const n = countArg(count, 'wordCount') ?? 3;
    return (f) => f.lorem.slug(n);
  }),
  'lorem.sentences': withArgs('faker.lorem.sentences(count, separator)', ([count, separator]) => {
    const n = countArg(count, 'count');
    const sep = stringArg(separator, 'the separator') ?? ' ';
    return (f) => f.lorem.sentences(n ?? { min: 2, max: 6 }, sep);
  }),
  'lorem.paragraph': withArgs('faker.lorem.paragraph(sentenceCount)', ([count]) => {
    const n = countArg(count, 'sentenceCount') ?? 3;
    return (f) => f.lorem.paragraph(n);
  }),
  'lorem.paragraphs': withArgs('faker.lorem.paragraphs(count, separator)', ([count, separator]) => {
    const n = countArg(count, 'count') ?? 3;
    const sep = stringArg(separator, 'the separator') ?? '\n \r';
    return (f) => f.lorem.paragraphs(n, sep);
  }),
  'lorem.text': plain('faker.lorem.text()', (f) => f.lorem.text()),
  'lorem.lines': withArgs('faker.lorem.lines(count)', ([count]) => {
    const n = countArg(count, 'count');
    return (f) => f.lorem.lines(n ?? { min: 1, max: 5 });
  }),

  // music, phone
  'music.genre': plain('faker.music.genre()', (f) => f.music.genre()),
  'phone.phoneNumber': withArgs('faker.phone.number() (with a format: # replaced by digits)', ([format]) => {
    const text = stringArg(format, 'the format');
    return text ? (f) => replaceSymbolWithNumber(f, text, '#') : (f) => f.phone.number();
  }),
  'phone.phoneNumberFormat': plain('faker.phone.number()', (f) => f.phone.number()),

  // system
  'system.fileName': plain('faker.system.fileName()', (f) => f.system.fileName()),
  'system.commonFileName': withArgs('faker.system.commonFileName(extension)', ([ext]) => {
    const extension = stringArg(ext, 'the extension');
    return (f) => f.system.commonFileName(extension);
  }),
  'system.mimeType': plain('faker.system.mimeType()', (f) => f.system.mimeType()),
  'system.commonFileType': plain('faker.system.commonFileType()', (f) => f.system.commonFileType()),
  'system.commonFileExt': plain('faker.system.commonFileExt()', (f) => f.system.commonFileExt()),
  'system.fileType': plain('faker.system.fileType()', (f) => f.system.fileType()),
  'system.fileExt': withArgs('faker.system.fileExt(mimeType)', ([mime]) => {
    const mimeType = stringArg(mime, 'the MIME type');
    return (f) => f.system.fileExt(mimeType);
  }),
  'system.directoryPath': plain('faker.system.directoryPath()', (f) => f.system.directoryPath()),
  'system.filePath': plain('faker.system.filePath()', (f) => f.system.filePath()),
  'system.semver': plain('faker.system.semver()', (f) => f.system.semver()),

  // vehicle
  'vehicle.vehicle': plain('faker.vehicle.vehicle()', (f) => f.vehicle.vehicle()),
  'vehicle.manufacturer': plain('faker.vehicle.manufacturer()', (f) => f.vehicle.manufacturer()),
  'vehicle.model': plain('faker.vehicle.model()', (f) => f.vehicle.model()),
  'vehicle.type': plain('faker.vehicle.type()', (f) => f.vehicle.type()),
  'vehicle.fuel': plain('faker.vehicle.fuel()', (f) => f.vehicle.fuel()),
  'vehicle.vin': plain('faker.vehicle.vin()', (f) => f.vehicle.vin()),
  'vehicle.color': plain('faker.vehicle.color()', (f) => f.vehicle.color()),
};

export function findPlaceholder(name: string): PlaceholderDefinition | undefined {
  return Object.hasOwn(PLACEHOLDER_TABLE, name) ? PLACEHOLDER_TABLE[name] : undefined;
}

/** Every supported placeholder name with what it calls now, sorted by name. */
export function listPlaceholders(): { name: string; modern: string }[] {
  return Object.entries(PLACEHOLDER_TABLE)
    .map(([name, definition]) => ({ name, modern: definition.modern }))
    .sort((a, b) => a.name.localeCompare(b.name));
}

function editDistance(a: string, b: string): number {
  const previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i += 1) {
    let diagonal = previous[0] ?? 0;
    previous[0] = i;
    for (let j = 1; j <= b.length; j += 1) {
      const above = previous[j] ?? 0;
      const cost = a[i - 1]?.toLowerCase() === b[j - 1]?.toLowerCase() ? 0 : 1;
      previous[j] = Math.min(above + 1, (previous[j - 1] ?? 0) + 1, diagonal + cost);
      diagonal = above;
    }
  }
  return previous[b.length] ?? 0;
}

/** The supported name someone most likely meant: a near spelling, or the old name for a v10 call. */
export function suggestPlaceholder(name: string): string | undefined {
  const modernMatch = Object.entries(PLACEHOLDER_TABLE).find(([, d]) =>
    d.modern.startsWith(`faker.${name}(`),
  );
  if (modernMatch) return modernMatch[0];
  let best: string | undefined;
  let bestDistance = Math.max(3, Math.floor(name.length / 4)) + 1;
  for (const candidate of Object.keys(PLACEHOLDER_TABLE)) {
    const distance = editDistance(name, candidate);
    if (distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  return best;
}
