/** The KDG's clock placeholders, and faker.js dates relative to that clock. */
import { compileDateFormat, DEFAULT_LOCAL_FORMAT, DEFAULT_UTC_FORMAT } from '../date-format.js';
import { boolArg, dateArg, numberArg, objectArg, stringArg } from '../placeholder-arguments.js';
import {
  ArgumentError,
  type PlaceholderDefinition,
  type PlaceholderGroup,
  withArgs,
} from '../placeholder-definition.js';

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

/** date.* and time.recent: the KDG's clock, and faker.js dates relative to it. */
export const DATE_PLACEHOLDERS: PlaceholderGroup = {
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
};
