/**
 * The handlers' decoders: bare numbers or the configured value field (decode.ts, in every cold start), or,
 * with METRICS or RECORD_DIRECTIVE_NAMESPACES, records read with a mapping (mapping/mapped-decode.ts), which
 * is loaded on the first invocation that needs it (lazy.ts).
 */
import type { CardinalityScope } from '@cwagg/core/mapping';
import type { KinesisStreamEvent } from 'aws-lambda';
import type { HandlerConfig } from './config.js';
import { type DecodedBatch, decodeBatch } from './decode.js';
import { lazily } from './lazy.js';
import type { MappedDecoderSettings } from './mapping/mapped-decode.js';

export type Decode = (event: KinesisStreamEvent) => DecodedBatch;

/** A decoder now, or, the first time the mapped one is asked for, once its code has loaded. */
export type DecoderLoader = () => Decode | Promise<Decode>;

/** True when records are read with a mapping: METRICS or RECORD_DIRECTIVE_NAMESPACES is set. */
export function readsWithMapping(config: HandlerConfig): boolean {
  return config.mapping !== undefined || config.recordDirectiveNamespaces !== undefined;
}

/** Bare numbers, or the value field (VALUE_FIELD). */
export function plainDecoder(config: HandlerConfig, clock: () => number): Decode {
  const options = { clock, ...(config.valueField ? { valueField: config.valueField } : {}) };
  return (event) => decodeBatch(event.Records, options);
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
 * The handler's decoder, as `decoderFor` makes it, except that the mapped decoder's code is imported on the
 * first call (a failed import rejects with a LazyLoadError, and the next call tries again).
 */
export function decoderLoader(
  config: HandlerConfig,
  clock: () => number,
  scope?: CardinalityScope,
): DecoderLoader {
  if (!readsWithMapping(config)) {
    const decode = plainDecoder(config, clock);
    return () => decode;
  }
  const settings = mappedDecoderSettings(config, scope);
  return lazily('the field mapping (METRICS, RECORD_DIRECTIVE_NAMESPACES)', async () => {
    const { MappedDecoder } = await import('./mapping/mapped-decode.js');
    const decoder = new MappedDecoder(settings);
    return (event: KinesisStreamEvent) => decoder.decode(event.Records, clock);
  });
}
