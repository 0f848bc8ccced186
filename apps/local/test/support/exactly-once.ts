/** What exactly once means for a pipeline run's aggregated function, as the reliability tests check it. */
import { expect } from 'vitest';
import { differences, statisticsOf } from '../../src/index.js';
import type { PipelineResult } from './pipeline.js';

/**
 * The aggregated function's run stored every valid record once: nothing lost, doubled or unexpected at the
 * ledger, the statistics read back equal those of the valid values, the invalid records counted, no batch
 * given up. Returns the run, or undefined when the result has none.
 */
export function expectAggregatedExactlyOnce(result: PipelineResult) {
  const run = result.kinds.aggregated;
  if (!run) return undefined;
  expect({ lost: run.lost, doubled: run.doubled, unexpected: run.unexpected }).toEqual({
    lost: 0,
    doubled: 0,
    unexpected: 0,
  });
  const expected = statisticsOf(new Map(result.valid.map((value) => [value, 1])));
  expect(differences(run.readBack.stats, expected)).toEqual([]);
  expect(run.readBack.stats.SampleCount).toBe(result.valid.length);
  expect(run.readBack.invalidRecords).toBe(result.invalid);
  expect(run.mapping.givenUp).toEqual([]);
  return run;
}
