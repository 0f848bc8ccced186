/**
 * JSON text for the fast-path equivalence tests, written by hand so that it holds what JSON.stringify never
 * writes: escapes where none are needed, exponents, leading zeros, huge and tiny magnitudes, -0, duplicate
 * keys, every kind of whitespace (JSON's and others), non-ASCII, and, now and then, a byte-level mutation
 * that breaks it. Keys come from a small alphabet, so that the paths the tests read are often there.
 */
import fc from 'fast-check';

/**
 * Keys the mappings under test read, and look-alikes: prefixes and extensions of one another, keys sharing a
 * first byte (the scanner matches a key before it finds its end), and keys a record can only hold escaped.
 */
export const KEYS = [
  'route',
  'status',
  'latencyMs',
  'bytes',
  'a',
  'b',
  'a.b',
  '_aws',
  '__proto__',
  'é',
  '',
  'rout',
  'routes',
  'service',
  'a"b',
  'a\\b',
];

/** Number texts, valid and not: the scanner must agree with JSON.parse on each, or leave it alone. */
const NUMBER_TEXTS = [
  '0',
  '-0',
  '-0.0',
  '1',
  '12.5',
  '200',
  '01',
  '00',
  '-01',
  '1.',
  '.5',
  '-',
  '+1',
  '1e400',
  '-1e400',
  '1E-400',
  '1e+2',
  '2e-0',
  '1.5e3',
  '123456789012345',
  '1234567890123456',
  '9007199254740993',
  '0.30000000000000004',
  '1.7976931348623157e308',
  '5e-324',
  '0.000001',
  '3.14159265358979',
  '1e21',
  '-12e-2',
  '1e',
  '1e+',
  '0x10',
];

/** String contents as written in JSON: plain, escaped for nothing, broken. */
const STRING_TEXTS = [
  '/buy',
  '/cart',
  '200',
  'ok',
  '',
  ' ',
  'caf\u00e9',
  '\u{1f600}',
  '/b\\u0075y',
  '\\"quoted\\"',
  'tab\\there',
  '\\/slash',
  'line\\nbreak',
  '\\ud800',
  '\\x41',
  '\\u12',
  'raw\ttab',
  'x'.repeat(1030),
  'del\u007f',
];

/** JSON's whitespace mostly, now and then a character JSON does not count as whitespace. */
const space = fc.oneof(
  { weight: 30, arbitrary: fc.constantFrom('', '', '', '', ' ', '\n', '\t', '\r\n', '  ') },
  { weight: 1, arbitrary: fc.constantFrom('\u00a0', '\f', '\v', '\u2028') },
);
const quote = (content: string) => `"${content}"`;
const key = fc.oneof(
  { weight: 6, arbitrary: fc.constantFrom(...KEYS).map((k) => quote(k)) },
  { weight: 1, arbitrary: fc.constantFrom('"r\\u006fute"', '"stat\\u0075s"', '"route', 'route', "'a'") },
  { weight: 1, arbitrary: fc.constantFrom(...KEYS).map((k) => JSON.stringify(k)) },
);
const scalar = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(...NUMBER_TEXTS) },
  { weight: 2, arbitrary: fc.double({ noNaN: true, noDefaultInfinity: true }).map((n) => JSON.stringify(n)) },
  { weight: 3, arbitrary: fc.constantFrom(...STRING_TEXTS).map(quote) },
  { weight: 1, arbitrary: fc.constantFrom('true', 'false', 'null', 'nul', 'True') },
);

const { value, object } = fc.letrec<{ value: string; object: string; array: string }>((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    { weight: 5, arbitrary: scalar },
    { weight: 1, arbitrary: tie('object') },
    { weight: 1, arbitrary: tie('array') },
  ),
  object: fc
    .tuple(
      fc.array(fc.tuple(space, key, space, space, tie('value'), space), { maxLength: 5 }),
      fc.constantFrom(',', ',', ',', ',', ';', ',,'),
    )
    .map(
      ([members, comma]) =>
        `{${members.map(([a, k, b, c, v, d]) => `${a}${k}${b}:${c}${v}${d}`).join(comma)}}`,
    ),
  array: fc
    .array(fc.tuple(space, tie('value'), space), { maxLength: 4 })
    .map((items) => `[${items.map(([a, v, b]) => `${a}${v}${b}`).join(',')}]`),
}));

/** The event of the examples, its members in any order, each value drawn from the pools above. */
const event = fc
  .shuffledSubarray(
    [
      ['"service"', fc.constant('"shop"')],
      ['"route"', fc.oneof(fc.constantFrom('"/buy"', '"/cart"', '"/b\\u0075y"'), scalar)],
      ['"status"', fc.oneof(fc.constantFrom('200', '404', '"500"', '200.0', '2e2'), scalar)],
      ['"latencyMs"', fc.oneof(fc.constantFrom('12.5', '0', '-0', '1e400', '7'), scalar)],
      ['"bytes"', fc.oneof(fc.constantFrom('5120', '[1,2,3]', '"big"'), scalar)],
      ['"requestId"', fc.constant('"9f1c"')],
      ['"a"', value],
    ] as const,
    { minLength: 2 },
  )
  .chain((members) =>
    fc
      .tuple(...members.map(([, v]) => fc.tuple(space, v, space)))
      .map((values) => `{${members.map(([k], i) => `${k}:${(values[i] as string[]).join('')}`).join(',')}}`),
  );

/** Objects of two keys only, nested: duplicate keys whose values change kind (object, number) are the rule. */
const { twoKeys } = fc.letrec<{ twoKeys: string; member: string }>((tie) => ({
  twoKeys: fc.array(tie('member'), { maxLength: 4 }).map((members) => `{${members.join(',')}}`),
  member: fc
    .tuple(
      fc.constantFrom('"a"', '"b"'),
      fc.oneof({ depthSize: 'small' }, fc.constantFrom('1', '-0', '"s"', 'null', '[2]'), tie('twoKeys')),
    )
    .map(([k, v]) => `${k}:${v}`),
}));

/** A record's JSON text: mostly an object with the keys above, sometimes anything. */
export const jsonText = fc.oneof(
  { weight: 6, arbitrary: event },
  { weight: 6, arbitrary: object },
  { weight: 3, arbitrary: twoKeys },
  { weight: 2, arbitrary: fc.tuple(space, value, space).map(([a, v, b]) => `${a}${v}${b}`) },
);

const encoder = new TextEncoder();

/** The text as bytes, sometimes damaged: a byte flipped, cut short, a byte-order mark or invalid UTF-8 added. */
export const jsonBytes = fc
  .tuple(
    jsonText,
    fc.oneof(
      { weight: 10, arbitrary: fc.constant('none' as const) },
      { weight: 1, arbitrary: fc.constant('flip' as const) },
      { weight: 1, arbitrary: fc.constant('cut' as const) },
      { weight: 1, arbitrary: fc.constant('bom' as const) },
      { weight: 1, arbitrary: fc.constant('bad-utf8' as const) },
    ),
    fc.nat(),
  )
  .map(([text, damage, at]) => {
    const bytes = encoder.encode(text);
    if (bytes.length === 0 || damage === 'none') return bytes;
    const position = at % bytes.length;
    if (damage === 'flip') {
      const copy = bytes.slice();
      copy[position] = (copy[position] as number) ^ (1 << (at % 8));
      return copy;
    }
    if (damage === 'cut') return bytes.slice(0, position);
    if (damage === 'bom') return Uint8Array.from([0xef, 0xbb, 0xbf, ...bytes]);
    return Uint8Array.from([...bytes.slice(0, position), 0xc3, 0x28, ...bytes.slice(position)]);
  });
