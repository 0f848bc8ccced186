/**
 * Statistic names as GetMetricStatistics (Statistics, ExtendedStatistics) and GetMetricData (Stat) take
 * them, after "CloudWatch statistics definitions" (User Guide):
 *
 * - SampleCount, Sum, Average, Minimum, Maximum;
 * - percentiles p0..p100, with at most two decimals (p99.99);
 * - trimmed mean, winsorized mean, trimmed count and trimmed sum: in lowercase with one number, the upper
 *   percentage (tm99 is TM(:99%)); in uppercase with parentheses, one or two boundaries, both percentages
 *   (TM(10%:90%), TM(:95%)) or both values (TM(150:1000)). Numbers have at most 10 decimals, percentages
 *   are 0..100. "They can only be abbreviated using lowercase letters when you specify only one number";
 * - IQM, the same as TM(25%:75%);
 * - percentile rank, values only: PR(:300), PR(100:2000).
 *
 * Choices where the definitions say nothing: a range mixing a percentage and a value (TM(10%:500)), a
 * lower boundary above the upper one, and a negative value boundary are refused as invalid statistics.
 */
import { MAX_BOUNDARY_DECIMALS } from './limits.js';
import { type Boundary, HUNDRED_PERCENT, type Range, type TrimmedMeasure } from './trimmed-statistics.js';

/** The five summary statistics. */
export const BASIC_STATISTICS = ['SampleCount', 'Average', 'Sum', 'Minimum', 'Maximum'] as const;
export type BasicStatistic = (typeof BASIC_STATISTICS)[number];

export type ParsedStatistic =
  | { kind: 'basic'; name: BasicStatistic }
  /** The percentile in hundredths of a percent (p99.9 -> 9990), so rank arithmetic stays exact. */
  | { kind: 'percentile'; hundredths: number }
  | { kind: 'trimmed'; measure: TrimmedMeasure; range: Range }
  | { kind: 'percentileRank'; range: Range };

/** Statistics that need the raw values: unavailable where percentiles are. */
export function needsRawValues(statistic: ParsedStatistic): boolean {
  return statistic.kind !== 'basic';
}

const PERCENTILE = /^p(\d{1,3})(?:\.(\d{1,2}))?$/;
const MEASURES: Record<string, TrimmedMeasure> = { tm: 'mean', wm: 'winsorizedMean', tc: 'count', ts: 'sum' };
const NUMBER = `\\d{1,15}(?:\\.\\d{1,${MAX_BOUNDARY_DECIMALS}})?`;
const ONE_NUMBER = new RegExp(`^(tm|wm|tc|ts)(${NUMBER})$`);
const WITH_RANGE = new RegExp(`^(TM|WM|TC|TS|PR)\\((${NUMBER}%?)?:(${NUMBER}%?)?\\)$`);

export function parsePercentile(text: string): ParsedStatistic | undefined {
  const match = PERCENTILE.exec(text);
  if (!match) return undefined;
  const hundredths = Number(match[1]) * 100 + Number((match[2] ?? '').padEnd(2, '0'));
  return hundredths <= 10_000 ? { kind: 'percentile', hundredths } : undefined;
}

/** A percentage written with at most 10 decimals, scaled by 10^10; undefined past 100. */
function scaledPercent(text: string): bigint | undefined {
  const [whole = '0', fraction = ''] = text.split('.');
  const scaled = BigInt(whole) * 10n ** 10n + BigInt(fraction.padEnd(MAX_BOUNDARY_DECIMALS, '0') || '0');
  return scaled <= HUNDRED_PERCENT ? scaled : undefined;
}

function boundary(text: string | undefined): Boundary | undefined | null {
  if (text === undefined) return undefined;
  if (!text.endsWith('%')) return { kind: 'value', value: Number(text) };
  const scaled = scaledPercent(text.slice(0, -1));
  return scaled === undefined ? null : { kind: 'percent', scaled };
}

function below(lower: Boundary, upper: Boundary): boolean {
  return lower.kind === 'percent' && upper.kind === 'percent'
    ? lower.scaled <= upper.scaled
    : lower.kind === 'value' && upper.kind === 'value' && lower.value <= upper.value;
}

function range(lowerText: string | undefined, upperText: string | undefined): Range | undefined {
  const lower = boundary(lowerText);
  const upper = boundary(upperText);
  if (lower === null || upper === null || (lower === undefined && upper === undefined)) return undefined;
  if (lower && upper && (lower.kind !== upper.kind || !below(lower, upper))) return undefined;
  return { ...(lower ? { lower } : {}), ...(upper ? { upper } : {}) };
}

/** The statistic a name stands for, or undefined when it is none CloudWatch defines. */
export function parseStatistic(text: string): ParsedStatistic | undefined {
  if ((BASIC_STATISTICS as readonly string[]).includes(text)) {
    return { kind: 'basic', name: text as BasicStatistic };
  }
  if (text === 'IQM') {
    return {
      kind: 'trimmed',
      measure: 'mean',
      range: {
        lower: { kind: 'percent', scaled: HUNDRED_PERCENT / 4n },
        upper: { kind: 'percent', scaled: (HUNDRED_PERCENT * 3n) / 4n },
      },
    };
  }
  const one = ONE_NUMBER.exec(text);
  if (one) {
    const scaled = scaledPercent(one[2] as string);
    const measure = MEASURES[one[1] as string] as TrimmedMeasure;
    return scaled === undefined
      ? undefined
      : { kind: 'trimmed', measure, range: { upper: { kind: 'percent', scaled } } };
  }
  const ranged = WITH_RANGE.exec(text);
  if (ranged) {
    const parsed = range(ranged[2], ranged[3]);
    if (!parsed) return undefined;
    if (ranged[1] === 'PR') {
      return isValueRange(parsed) ? { kind: 'percentileRank', range: parsed } : undefined;
    }
    const measure = MEASURES[(ranged[1] as string).toLowerCase()] as TrimmedMeasure;
    return { kind: 'trimmed', measure, range: parsed };
  }
  return parsePercentile(text);
}

function isValueRange(range: Range): boolean {
  return range.lower?.kind !== 'percent' && range.upper?.kind !== 'percent';
}

/** What the statistics accepted look like, for error messages. */
export const STATISTICS_HELP =
  'SampleCount, Sum, Average, Minimum, Maximum, percentiles p0..p100 (p99.9), trimmed mean, winsorized mean, ' +
  'trimmed count and trimmed sum (tm99, TM(10%:90%), TM(150:1000), wm98, tc90, TS(80%:)), IQM and percentile rank (PR(:300))';
