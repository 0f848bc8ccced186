/** What a contender costs per million records, scaled from one counted pass over the generated records. */
import { overall } from './agreement.js';
import type { CostEntry } from './measure.js';
import { type BenchOptions, BYTES_PER_GB } from './options.js';
import type { MetricStatistics } from './output-statistics.js';

const PER_MILLION = 1_000_000;

export interface CostFigures {
  recordsSampled: number;
  calls: number;
  plainBytes: number;
  gzipBytes: number;
  /** Bytes on the wire: bodies of 10,240 bytes or more gzipped, as the SDK sends them. */
  sentBytes: number;
  logBytes: number;
  logLines: number;
  apiUsd: number;
  logUsd: number;
  totalUsd: number;
  statistics: MetricStatistics;
}

export type Prices = Pick<BenchOptions, 'pricePer1000RequestsUsd' | 'logPricePerGbUsd'>;

/** Per million records, from one pass: counted, not timed, so the workloads run side by side. */
export function costFigures(entry: CostEntry, prices: Prices): CostFigures {
  const scale = PER_MILLION / entry.records;
  const calls = entry.requests.requests * scale;
  const logBytes = entry.logBytes * scale;
  const apiUsd = (calls / 1000) * prices.pricePer1000RequestsUsd;
  const logUsd = (logBytes / BYTES_PER_GB) * prices.logPricePerGbUsd;
  return {
    recordsSampled: entry.records,
    calls,
    plainBytes: entry.requests.plainBytes * scale,
    gzipBytes: entry.requests.gzipBytes * scale,
    sentBytes: entry.requests.sentBytes * scale,
    logBytes,
    logLines: entry.logLines * scale,
    apiUsd,
    logUsd,
    totalUsd: apiUsd + logUsd,
    statistics: overall(entry.statistics),
  };
}
