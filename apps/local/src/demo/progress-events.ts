/** What a run reports while it works: the phase it is in and, within a phase, how far it got. */

export type DemoPhase = 'starting' | 'producing' | 'consuming' | 'reading';

export interface ConsumerProgress {
  /** Kinesis records moved past (processed or given up). */
  records: number;
  invocations: number;
  retries: number;
  /** PutMetricData requests the endpoint received from this handler so far. */
  calls: number;
}

export type DemoProgress =
  | { phase: 'starting' }
  | { phase: 'producing'; sent: number; total: number; ratePerSecond: number }
  | {
      phase: 'consuming';
      total: number;
      single: ConsumerProgress;
      aggregated: ConsumerProgress;
      windowed?: ConsumerProgress;
    }
  | { phase: 'reading' };
