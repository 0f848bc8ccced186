/**
 * The handlers' decoder, made at once: the code of the value field's readers and of the mapped decoder is
 * imported statically here, so whoever calls `decoderFor` loads it (the bench, tools). The handlers themselves
 * load it on first use (decoders.ts).
 */
import type { CardinalityScope } from '@cwagg/core/mapping';
import type { KinesisStreamEvent } from 'aws-lambda';
import type { HandlerConfig } from './config.js';
import { type DecodedBatch, decodeBatch } from './decode.js';
import { mappedDecoderSettings, readsWithMapping } from './decoders.js';
import { MappedDecoder } from './mapping/mapped-decode.js';

/**
 * Both handlers decode the same way: bare numbers or the configured value field, or, with METRICS or
 * RECORD_DIRECTIVE_NAMESPACES, records read with a mapping: one cardinality scope per invocation, or `scope`,
 * which its owner resets (a tumbling window's).
 */
export function decoderFor(
  config: HandlerConfig,
  clock: () => number,
  scope?: CardinalityScope,
): (event: KinesisStreamEvent) => DecodedBatch {
  if (!readsWithMapping(config)) {
    const options = { clock, ...(config.valueField ? { valueField: config.valueField } : {}) };
    return (event) => decodeBatch(event.Records, options);
  }
  const decoder = new MappedDecoder(mappedDecoderSettings(config, scope));
  return (event) => decoder.decode(event.Records, clock);
}
