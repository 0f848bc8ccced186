/**
 * Formats dates with moment.js format strings, the syntax the Kinesis Data Generator documents for
 * `{{date.now("...")}}` and `{{date.utc("...")}}`. A format is compiled once; formatting a date is
 * then a walk over small functions. English names only, as the KDG's moment build had.
 */

const MONTHS = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];
const WEEKDAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];

/** moment's default output: local time with offset, or UTC with a literal Z. */
export const DEFAULT_LOCAL_FORMAT = 'YYYY-MM-DDTHH:mm:ssZ';
export const DEFAULT_UTC_FORMAT = 'YYYY-MM-DDTHH:mm:ss[Z]';

interface Fields {
  year: number;
  month: number; // 0-based
  day: number;
  weekday: number;
  hours: number;
  minutes: number;
  seconds: number;
  millis: number;
  /** Minutes east of UTC. */
  offset: number;
  epochMs: number;
  dayOfYear: number;
}

type Piece = (f: Fields) => string;

const pad = (n: number, width: number): string => String(Math.abs(Math.trunc(n))).padStart(width, '0');
const sign = (n: number): string => (n < 0 ? '-' : '');

function ordinal(n: number): string {
  const tens = n % 100;
  if (tens >= 11 && tens <= 13) return `${n}th`;
  switch (n % 10) {
    case 1:
      return `${n}st`;
    case 2:
      return `${n}nd`;
    case 3:
      return `${n}rd`;
    default:
      return `${n}th`;
  }
}

function offsetText(offsetMinutes: number, separator: string): string {
  const s = offsetMinutes < 0 ? '-' : '+';
  const abs = Math.abs(offsetMinutes);
  return `${s}${pad(Math.floor(abs / 60), 2)}${separator}${pad(abs % 60, 2)}`;
}

const hour12 = (h: number): number => (h % 12 === 0 ? 12 : h % 12);

const TOKENS: Record<string, Piece> = {
  YYYY: (f) => `${sign(f.year)}${pad(f.year, 4)}`,
  YY: (f) => pad(f.year % 100, 2),
  Q: (f) => String(Math.floor(f.month / 3) + 1),
  MMMM: (f) => MONTHS[f.month] ?? '',
  MMM: (f) => (MONTHS[f.month] ?? '').slice(0, 3),
  MM: (f) => pad(f.month + 1, 2),
  Mo: (f) => ordinal(f.month + 1),
  M: (f) => String(f.month + 1),
  DDDD: (f) => pad(f.dayOfYear, 3),
  DDDo: (f) => ordinal(f.dayOfYear),
  DDD: (f) => String(f.dayOfYear),
  DD: (f) => pad(f.day, 2),
  Do: (f) => ordinal(f.day),
  D: (f) => String(f.day),
  dddd: (f) => WEEKDAYS[f.weekday] ?? '',
  ddd: (f) => (WEEKDAYS[f.weekday] ?? '').slice(0, 3),
  dd: (f) => (WEEKDAYS[f.weekday] ?? '').slice(0, 2),
  do: (f) => ordinal(f.weekday),
  d: (f) => String(f.weekday),
  E: (f) => String(f.weekday === 0 ? 7 : f.weekday),
  HH: (f) => pad(f.hours, 2),
  H: (f) => String(f.hours),
  hh: (f) => pad(hour12(f.hours), 2),
  h: (f) => String(hour12(f.hours)),
  kk: (f) => pad(f.hours === 0 ? 24 : f.hours, 2),
  k: (f) => String(f.hours === 0 ? 24 : f.hours),
  mm: (f) => pad(f.minutes, 2),
  m: (f) => String(f.minutes),
  ss: (f) => pad(f.seconds, 2),
  s: (f) => String(f.seconds),
  SSS: (f) => pad(f.millis, 3),
  SS: (f) => pad(Math.floor(f.millis / 10), 2),
  S: (f) => String(Math.floor(f.millis / 100)),
  A: (f) => (f.hours < 12 ? 'AM' : 'PM'),
  a: (f) => (f.hours < 12 ? 'am' : 'pm'),
  ZZ: (f) => offsetText(f.offset, ''),
  Z: (f) => offsetText(f.offset, ':'),
  X: (f) => String(Math.floor(f.epochMs / 1000)),
  x: (f) => String(f.epochMs),
};

// Longest tokens first so that "MMMM" is never read as "MM" + "MM"; [text] is a literal.
const TOKEN_PATTERN = new RegExp(
  `\\[[^\\]]*\\]|${Object.keys(TOKENS)
    .sort((a, b) => b.length - a.length)
    .join('|')}`,
  'g',
);

export type DateFormatter = (date: Date) => string;

function fieldsOf(date: Date, utc: boolean): Fields {
  const epochMs = date.getTime();
  const year = utc ? date.getUTCFullYear() : date.getFullYear();
  const month = utc ? date.getUTCMonth() : date.getMonth();
  const day = utc ? date.getUTCDate() : date.getDate();
  const startOfYear = Date.UTC(year, 0, 1);
  const dayOfYear = Math.floor((Date.UTC(year, month, day) - startOfYear) / 86_400_000) + 1;
  return {
    year,
    month,
    day,
    weekday: utc ? date.getUTCDay() : date.getDay(),
    hours: utc ? date.getUTCHours() : date.getHours(),
    minutes: utc ? date.getUTCMinutes() : date.getMinutes(),
    seconds: utc ? date.getUTCSeconds() : date.getSeconds(),
    millis: utc ? date.getUTCMilliseconds() : date.getMilliseconds(),
    offset: utc ? 0 : -date.getTimezoneOffset(),
    epochMs,
    dayOfYear,
  };
}

/** Compiles a moment.js format; `utc` formats in UTC, otherwise in the process's local time zone. */
export function compileDateFormat(format: string, utc: boolean): DateFormatter {
  const pieces: Piece[] = [];
  let last = 0;
  for (const match of format.matchAll(TOKEN_PATTERN)) {
    const index = match.index ?? 0;
    if (index > last) {
      const literal = format.slice(last, index);
      pieces.push(() => literal);
    }
    const token = match[0];
    if (token.startsWith('[')) {
      const literal = token.slice(1, -1);
      pieces.push(() => literal);
    } else {
      const piece = TOKENS[token];
      if (piece) pieces.push(piece);
    }
    last = index + token.length;
  }
  if (last < format.length) {
    const literal = format.slice(last);
    pieces.push(() => literal);
  }
  return (date) => {
    const fields = fieldsOf(date, utc);
    let out = '';
    for (const piece of pieces) out += piece(fields);
    return out;
  };
}
