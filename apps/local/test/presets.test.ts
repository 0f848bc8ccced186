/** The presets: templates the producer renders, mapped whole by the METRICS the handlers take. */
import { loadHandlerConfig } from '@cwagg/kinesis';
import { compileTemplate } from '@cwagg/producer';
import { describe, expect, it } from 'vitest';
import { MappedExpectation, PRESET_NAMES, PRESETS } from '../src/index.js';

describe('presets', () => {
  it.each(PRESET_NAMES)('%s: every record it sends is read whole by its METRICS', (name) => {
    const preset = PRESETS[name];
    expect(loadHandlerConfig('aggregated', { METRICS: preset.metrics }).mapping).toBeDefined();
    const template = compileTemplate(preset.template, { seed: 3 });
    const expectation = new MappedExpectation(preset.metrics);
    for (let i = 0; i < 300; i++)
      expect(expectation.add(new TextEncoder().encode(template.render()))).toBe(true);
    expect(expectation.setAside).toBe(0);
    expect(expectation.invalidRecords).toBe(0);
    // Well under the default cap of 100 values per dimension: nothing folds, each series is exact.
    expect(expectation.series.size).toBeLessThan(100);
  });
});
