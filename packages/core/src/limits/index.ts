/**
 * `@cwagg/core/limits`: every CloudWatch limit cwagg enforces, as named constants with their source, and the
 * checks behind them. For code that validates its own configuration the way the Aggregator does.
 *
 * @example
 * import { MAX_VALUES_PER_DATUM, namespaceProblem } from '@cwagg/core/limits';
 * const problem = namespaceProblem(process.env.NAMESPACE); // 'namespace "AWS/x" must not start with "AWS/"...'
 */
export * from './constants.js';
export {
  countProblem,
  dimensionsProblem,
  dimensionValueProblem,
  metricNameProblem,
  namespaceProblem,
  relativeErrorProblem,
  storageResolutionProblem,
  TIMESTAMP_SAFETY_MARGIN_MS,
  timestampProblem,
  unitProblem,
  valueProblem,
} from './validation.js';
