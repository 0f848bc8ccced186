/**
 * The parts of the handler that only some configurations or batches use, as one module loaded on demand
 * (lazy.ts): the METRICS checks, the mapped decoder, the VALUE_FIELD readers and the full decode of a record
 * (KPL deaggregation, the strict parser). One
 * module rather than one each: a bundler makes a chunk of the code each set of them shares with the cold
 * start, and with one module per part those chunks and their imports cost more than the parts kept apart.
 */
export { readMetricsSetting } from './config-metrics.js';
export { decodeRecordInFull } from './full-record-decode.js';
export { MappedDecoder } from './mapping/mapped-decode.js';
export { valueFieldReader } from './value-field-reader.js';
