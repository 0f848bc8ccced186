/** Records that carry their own directive, read by it: allowed namespaces only, whole or not at all. */
import { CardinalityScope } from '@cwagg/core/mapping';
import { describe, expect, it } from 'vitest';
import { BatchBuilder } from '../../src/batch.js';
import type { MappedOutput } from '../../src/mapping/mapped-reader.js';
import { RecordDirectives } from '../../src/mapping/record-directives.js';

function output(): MappedOutput {
  return { builder: new BatchBuilder(4, true), series: [], setAside: [], folded: [] };
}

const directives = () => new RecordDirectives(new Set(['Functions']), { Type: 't' }, new CardinalityScope());

const document = (metadata: unknown, members: Record<string, unknown> = {}) => ({
  _aws: metadata,
  functionVersion: '$LATEST',
  time: [1, 2],
  ...members,
});

describe('RecordDirectives', () => {
  it('publishes each directive’s metrics, its members read at the root, at the document’s own time', () => {
    const out = output();
    const reason = directives().read(
      document({
        Timestamp: 1_000,
        CloudWatchMetrics: [
          {
            Namespace: 'Functions',
            Dimensions: [['functionVersion']],
            Metrics: [{ Name: 'time', Unit: 'Milliseconds' }],
          },
        ],
      }),
      0,
      5_000,
      out,
    );
    expect(reason).toBeUndefined();
    expect(Array.from(out.builder.values.subarray(0, out.builder.count))).toEqual([1, 2]);
    expect(Array.from(out.builder.timestamps.subarray(0, out.builder.count))).toEqual([1_000, 1_000]);
    expect(out.series).toEqual([
      {
        namespace: 'Functions',
        definition: {
          name: 'time',
          unit: 'Milliseconds',
          dimensions: { Type: 't', functionVersion: '$LATEST' },
        },
      },
    ]);
  });

  it('refuses the whole record for a malformed directive or a namespace off the list, naming why', () => {
    const reasons = [
      document('nope'),
      document({ CloudWatchMetrics: [] }),
      document({
        Timestamp: 'now',
        CloudWatchMetrics: [{ Namespace: 'Functions', Metrics: [{ Name: 'time' }] }],
      }),
      document({
        CloudWatchMetrics: [
          { Namespace: 'Functions', Metrics: [{ Name: 'time' }] },
          { Namespace: 'Billing', Metrics: [{ Name: 'time' }] },
        ],
      }),
      document({
        CloudWatchMetrics: [{ Namespace: 'Functions', Metrics: [{ Name: 'time', Unit: 'Furlongs' }] }],
      }),
    ].map((doc) => {
      const out = output();
      const reason = directives().read(doc, 0, 5_000, out);
      expect(out.builder.count).toBe(0);
      return reason;
    });
    expect(reasons).toEqual([
      '_aws must be an object holding CloudWatchMetrics',
      '_aws.CloudWatchMetrics must be a non-empty array of metric directives',
      '_aws.Timestamp must be a number of milliseconds since 1970-01-01',
      '_aws.CloudWatchMetrics[1]: namespace "Billing" is not one this function may write (RECORD_DIRECTIVE_NAMESPACES: Functions)',
      expect.stringMatching(
        /^_aws\.CloudWatchMetrics\[0\]: Metrics\[0\]\.Unit: unit "Furlongs" is not a CloudWatch unit/,
      ),
    ]);
  });

  it('tells an embedded document from any other record', () => {
    expect(RecordDirectives.isEmbedded({ _aws: {} })).toBe(true);
    for (const other of [{ aws: {} }, [], null, 'x', { __proto__: { _aws: {} } }]) {
      expect(RecordDirectives.isEmbedded(other)).toBe(false);
    }
  });
});
