/**
 * The answer an export gives the SDK: success only when everything it was handed is stored (or was
 * deliberately folded by the cardinality guard); otherwise a failure whose message says what failed, which
 * the PeriodicExportingMetricReader logs through the OpenTelemetry diagnostic logger.
 */
import type { PushMetricExporter } from '@opentelemetry/sdk-metrics';
import type { ExportReport } from './export-report.js';

export type ExportResult = Parameters<Parameters<PushMetricExporter['export']>[1]>[0];

// ExportResultCode of @opentelemetry/core, written out so that the package needs no import of core (the
// codes are fixed by the specification's export result: success or failure).
const SUCCESS = 0 as ExportResult['code'];
const FAILED = 1 as ExportResult['code'];

/** An export that did not store everything: the report says what happened to each part. */
export class CwaggExportError extends Error {
  override name = 'CwaggExportError';

  constructor(
    message: string,
    readonly report?: ExportReport,
  ) {
    super(message);
  }
}

export function succeeded(): ExportResult {
  return { code: SUCCESS };
}

export function failed(error: Error): ExportResult {
  return { code: FAILED, error };
}

export interface ExportProblems {
  /** Error codes of the failed requests, with how many requests failed with each. */
  errorCodes: Map<string, number>;
  /** Samples of this export held for the next one. */
  heldSamples: number;
  /** First rejection, as an example. */
  firstRejection?: { metric: string; reason: string };
  rejectedDataPoints: number;
}

/** The result of an export from its report: what failed, in one sentence per kind of failure. */
export function resultOf(report: ExportReport, problems: ExportProblems): ExportResult {
  const parts: string[] = [];
  if (report.failedRequests > 0) {
    const codes = [...problems.errorCodes].map(([code, n]) => (n > 1 ? `${code} x${n}` : code)).join(', ');
    parts.push(
      `${report.failedRequests} of ${report.requests} PutMetricData requests failed (${codes}); ` +
        `${problems.heldSamples} samples held for the next export`,
    );
  }
  if (report.droppedSamples > 0) parts.push(`${report.droppedSamples} samples dropped`);
  if (problems.firstRejection !== undefined) {
    const { metric, reason } = problems.firstRejection;
    parts.push(
      `${problems.rejectedDataPoints} data points rejected (${report.rejectedSamples} samples), e.g. ${metric}: ${reason}`,
    );
  }
  if (parts.length === 0) return succeeded();
  return failed(new CwaggExportError(`cwagg: ${parts.join('; ')}`, report));
}
