/** The KDG's random, datatype and helpers placeholders: numbers, picks from lists, strings. */
import { allLocales, type Faker } from '@faker-js/faker';
import {
  arrayArg,
  boolArg,
  countArg,
  dateArg,
  numberArg,
  objectArg,
  type Range,
  rangeArg,
  stringArg,
} from '../placeholder-arguments.js';
import {
  ArgumentError,
  type PlaceholderDefinition,
  type PlaceholderGroup,
  plain,
  withArgs,
} from '../placeholder-definition.js';

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

export function replaceSymbolWithNumber(f: Faker, text: string, symbol: string): string {
  let out = '';
  for (const c of text) out += c === symbol ? String(f.number.int(9)) : c;
  return out;
}

const RANDOM_NUMBER_DEFAULTS: Range = { min: 0, max: 99999, precision: 1 };
const RANDOM_FLOAT_DEFAULTS: Range = { min: 0, max: 99999, precision: 0.01 };
const LOCALE_CODES = Object.keys(allLocales);

function randomNumber(modern: string): PlaceholderDefinition {
  return withArgs(modern, ([options]) => numberIn(rangeArg(options, RANDOM_NUMBER_DEFAULTS, 'max')));
}

function randomFloat(modern: string): PlaceholderDefinition {
  return withArgs(modern, ([options]) => numberIn(rangeArg(options, RANDOM_FLOAT_DEFAULTS, 'precision')));
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

/** random.*: faker.js 3-5's random module, and the KDG's weighted element. */
export const RANDOM_PLACEHOLDERS: PlaceholderGroup = {
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
};

/** datatype.*: faker.js 5.5's datatype module (the last faker.js release). */
export const DATATYPE_PLACEHOLDERS: PlaceholderGroup = {
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
};

/** helpers.*: faker.js's helpers module. */
export const HELPERS_PLACEHOLDERS: PlaceholderGroup = {
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
};
