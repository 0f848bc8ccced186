/**
 * What the demo sends: records rendered from a Kinesis Data Generator template, a share of them replaced
 * by malformed payloads. Every payload is also parsed here with the handlers' own parser, so the demo
 * knows what both handlers should publish (the value multiset and the number of invalid records) and can
 * check what CloudWatch reads back against it.
 */

import { parsePayload } from '@cwagg/kinesis';
import { compileTemplate } from '@cwagg/producer';
import { type HeadlineGroup, MappedExpectation, type SeriesValues } from './mapped-workload.js';
import { checkNumber } from './util.js';

/**
 * Payloads the handlers must refuse, each for a reason a person would recognise. None of them is valid
 * under either parsing mode (decimal text, or a JSON field).
 */
export const BAD_PAYLOADS: readonly (string | Uint8Array)[] = [
  '',
  '   ',
  'NaN',
  'Infinity',
  '-Infinity',
  '1e400',
  '0x10',
  '1,000',
  'twelve',
  '12 ms',
  '1.2.3',
  '--5',
  'null',
  '[]',
  '{"value": "12"}',
  new Uint8Array([0xff, 0xfe, 0x31, 0x32]), // not UTF-8
];

export interface WorkloadOptions {
  template: string;
  /** Share of records replaced by a malformed payload, 0..1. */
  badRatio: number;
  /** Seeds the template (the producer's data stream). */
  seed: number;
  /** Dotted path of the value in JSON payloads (the handlers' VALUE_FIELD). */
  valueField?: string;
  /** The handlers' METRICS: payloads are read as events, their values per (metric, dimensions). */
  metrics?: string;
}

export interface ProducedValues {
  records: number;
  valid: number;
  /** Records that cannot be read at all. */
  invalid: number;
  /** value -> how many records carried it; with METRICS, the first metric under the first dimension set. */
  values: Map<number, number>;
  /** With METRICS: every series' values, and the values set aside (one per value and dimension set). */
  mapped?: { series: SeriesValues[]; setAside: number; headline: HeadlineGroup };
}

export interface Workload {
  /** The producer's `payload` hook: the record at `index`, drawing the bad/good choice from `random`. */
  payload(index: number, random: () => number): string | Uint8Array;
  /** What was handed out so far. */
  produced(): ProducedValues;
}

const encoder = new TextEncoder();

export function createWorkload(options: WorkloadOptions): Workload {
  checkNumber('badRatio', options.badRatio, 0, 1);
  // Same template and seed as the producer would use on its own: the same good records.
  const template = compileTemplate(options.template, { seed: options.seed });
  const parseOptions = options.valueField ? { valueField: options.valueField.split('.') } : {};
  const mapped = options.metrics ? new MappedExpectation(options.metrics) : undefined;
  const values = new Map<number, number>();
  let records = 0;
  let invalid = 0;
  return {
    payload(_index, random) {
      const bad = options.badRatio > 0 && random() < options.badRatio;
      const payload = bad
        ? (BAD_PAYLOADS[Math.floor(random() * BAD_PAYLOADS.length)] as string | Uint8Array)
        : template.render();
      const bytes = typeof payload === 'string' ? encoder.encode(payload) : payload;
      records += 1;
      if (mapped !== undefined) {
        if (!mapped.add(bytes)) invalid += 1;
        return payload;
      }
      const outcome = parsePayload(bytes, parseOptions);
      if (outcome.value === undefined) invalid += 1;
      else values.set(outcome.value, (values.get(outcome.value) ?? 0) + 1);
      return payload;
    },
    produced: () => ({
      records,
      valid: records - invalid,
      invalid,
      values: mapped === undefined ? new Map(values) : mapped.headline(),
      ...(mapped === undefined
        ? {}
        : {
            mapped: {
              series: [...mapped.series.values()],
              setAside: mapped.setAside,
              headline: mapped.headlineGroup(),
            },
          }),
    }),
  };
}
