/** How a batch read with a mapping is cut by namespace: the short way for one namespace against the long way. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { DecodedBatch, MappedColumns } from '../../src/batch.js';
import { mappedRuns, segmentsByValue } from '../../src/mapping/mapped-runs.js';

/** Records of 0 to 3 values each, every value in one of `namespaces` series. */
const aBatch = fc
  .record({
    namespaces: fc.array(fc.constantFrom('Shop', 'Other', 'Home'), { minLength: 0, maxLength: 4 }),
    perRecord: fc.array(fc.array(fc.nat(), { maxLength: 3 }), { maxLength: 12 }),
  })
  .map(({ namespaces, perRecord }) => {
    const series = namespaces.map((namespace) => ({ namespace, definition: { name: 'M' } }));
    const valueSeries: number[] = [];
    const recordFirstValue = [0];
    for (const picks of perRecord) {
      // Without series, a record holds no value.
      if (series.length > 0) for (const pick of picks) valueSeries.push(pick % series.length);
      recordFirstValue.push(valueSeries.length);
    }
    const mapped = { series, valueSeries: Int32Array.from(valueSeries) } as unknown as MappedColumns;
    const batch = {
      recordCount: perRecord.length,
      valueCount: valueSeries.length,
      recordFirstValue: Int32Array.from(recordFirstValue),
    } as unknown as DecodedBatch;
    return { batch, mapped };
  });

describe('mappedRuns.segmentsOf', () => {
  it('cuts every batch as the value-by-value walk does, one namespace or several, values or none', () => {
    let single = 0;
    fc.assert(
      fc.property(aBatch, ({ batch, mapped }) => {
        if (new Set(mapped.series.map((s) => s.namespace)).size === 1) single++;
        expect(mappedRuns.segmentsOf(batch, mapped, 'Home')).toEqual(segmentsByValue(batch, mapped, 'Home'));
      }),
      { numRuns: 3_000 },
    );
    // The short way was taken often enough to be compared.
    expect(single).toBeGreaterThan(300);
  });
});
