/**
 * The handlers' decoders: bare numbers (decode-records.ts, in every cold start); the configured value field,
 * whose readers (value-field-reader.ts) are loaded on the first invocation that needs them; or, with METRICS
 * or RECORD_DIRECTIVE_NAMESPACES, records read with a mapping (mapping/mapped-decode.ts), loaded the same way.
 * Both, and the full decode of the records the fast paths do not read, come from optional-parts.ts (lazy.ts).
 */
import type { CardinalityScope } from '@cwagg/core/mapping';
import type { KinesisStreamEvent } from 'aws-lambda';
import type { DecodedBatch } from './batch.js';
import type { HandlerConfig } from './config.js';
import {
  decodeKinesisRecords,
  FullDecodeNeeded,
  type RecordDecodeOptions,
  type RecordReaders,
} from './decode-records.js';
import { lazily } from './lazy.js';
import type { MappedDecoderSettings } from './mapping/mapped-decode.js';
import type { ValueFieldReader } from './value-field-reader.js';

/** A batch decoded now, or, the first time a batch needs code not loaded yet (KPL), once it has loaded. */
export type Decode = (event: KinesisStreamEvent) => DecodedBatch | Promise<DecodedBatch>;

/** A decoder now, or, the first time one with optional code is asked for, once that code has loaded. */
export type DecoderLoader = () => Decode | Promise<Decode>;

/** True when records are read with a mapping: METRICS or RECORD_DIRECTIVE_NAMESPACES is set. */
export function readsWithMapping(config: HandlerConfig): boolean {
  return config.mapping !== undefined || config.recordDirectiveNamespaces !== undefined;
}

/** The mapped decoder's settings: one cardinality scope per invocation, or `scope`, which its owner resets. */
export function mappedDecoderSettings(
  config: HandlerConfig,
  scope?: CardinalityScope,
): MappedDecoderSettings {
  return {
    namespace: config.namespace,
    metric: config.metric,
    parse: config.valueField ? { valueField: config.valueField } : {},
    ...(config.mapping ? { mapping: config.mapping } : {}),
    ...(config.recordDirectiveNamespaces
      ? { recordDirectiveNamespaces: config.recordDirectiveNamespaces }
      : {}),
    ...(scope ? { scope } : {}),
  };
}

/**
 * The handler's decoder, as `decoderFor` makes it, except that the code of the value field's readers and of
 * the mapped decoder is imported on the first call (a failed import rejects with a LazyLoadError, and the
 * next call tries again).
 */
export function decoderLoader(
  config: HandlerConfig,
  clock: () => number,
  scope?: CardinalityScope,
): DecoderLoader {
  if (readsWithMapping(config)) {
    const settings = mappedDecoderSettings(config, scope);
    return lazily('the field mapping (METRICS, RECORD_DIRECTIVE_NAMESPACES)', async () => {
      const { MappedDecoder } = await import('./optional-parts.js');
      const decoder = new MappedDecoder(settings);
      return (event: KinesisStreamEvent) => decoder.decode(event.Records, clock);
    });
  }
  const { valueField } = config;
  if (valueField === undefined) {
    const decode = plainDecoder({ clock }, undefined);
    return () => decode;
  }
  return lazily('the VALUE_FIELD readers', async () => {
    const { valueFieldReader } = await import('./optional-parts.js');
    return plainDecoder({ clock, valueField }, valueFieldReader(valueField));
  });
}

const loadFullDecode = lazily(
  'the full decode of a record (KPL aggregates, payloads the fast paths do not read)',
  async () => (await import('./optional-parts.js')).decodeRecordInFull,
);

/**
 * Bare numbers, or the value field. The full decode is loaded with the first batch that holds a record the fast
 * paths do not read (a KPL aggregate, a long or invalid payload), and that batch is decoded again: the first
 * pass only filled columns of its own (the spare columns it took are made anew by the next batch).
 */
function plainDecoder(options: RecordDecodeOptions, field: ValueFieldReader | undefined): Decode {
  const readers: RecordReaders = { field, full: undefined };
  return (event) => {
    try {
      return decodeKinesisRecords(event.Records, options, readers);
    } catch (error) {
      if (!(error instanceof FullDecodeNeeded)) throw error;
      return loadFullDecode().then((full) => {
        readers.full = full;
        return decodeKinesisRecords(event.Records, options, readers);
      });
    }
  };
}
