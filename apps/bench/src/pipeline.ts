/**
 * Records per second through the one-machine pipeline: `@cwagg/local`'s demo (Kinesis emulator, producer,
 * both handlers behind Lambda-like pollers, local CloudWatch), run through its public CLI contract
 * (`--records N --json`: the last stdout line is `{ records, elapsedMs, ... }`, the demo's contract). The demo also
 * reports `phasesMs.consuming`: the time both functions took to consume every record once produced, which
 * is the pipeline's throughput without the emulator's start and the producer.
 */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { type Summary, summarize } from './timing-summary.js';

const run = promisify(execFile);

/** A demo run that takes longer than this is stopped and reported, not waited for. */
const DEMO_TIMEOUT_MS = 5 * 60_000;

export interface PipelineRun {
  records: number;
  elapsedMs: number;
  /** Records over the whole demo: emulator start, producing, consuming, reading back. */
  endToEndRecordsPerSecond: number;
  /** Records over the consuming phase (both functions), when the demo reports its phases. */
  consumeRecordsPerSecond: number | null;
}

export type PipelineFigures =
  | {
      available: true;
      runs: PipelineRun[];
      endToEndRecordsPerSecond: Summary;
      consumeRecordsPerSecond: Summary | null;
      command: string;
    }
  | { available: false; reason: string };

/** The demo's CLI, or why it cannot be run. */
export function locateDemo(): { cli: string } | { reason: string } {
  let main: string;
  try {
    main = fileURLToPath(import.meta.resolve('@cwagg/local'));
  } catch {
    return { reason: '@cwagg/local is not installed in this workspace' };
  }
  const cli = join(dirname(main), 'cli.js');
  if (!existsSync(cli)) {
    return {
      reason: `@cwagg/local has no built CLI yet (${cli}): build it with \`pnpm --filter @cwagg/local run build\``,
    };
  }
  return { cli };
}

/** Reads the demo's JSON line; a missing or malformed field is an error, not a zero. */
export function parseDemoOutput(stdout: string): PipelineRun {
  const last = stdout.trim().split('\n').pop() ?? '';
  let summary: { records?: unknown; elapsedMs?: unknown; phasesMs?: { consuming?: unknown } };
  try {
    summary = JSON.parse(last) as typeof summary;
  } catch {
    throw new Error(`the demo's last stdout line is not JSON: ${last.slice(0, 200)}`);
  }
  const { records, elapsedMs } = summary;
  if (typeof records !== 'number' || typeof elapsedMs !== 'number' || !(elapsedMs > 0)) {
    throw new Error(`the demo's JSON has no numeric records and elapsedMs: ${last.slice(0, 200)}`);
  }
  const consuming = summary.phasesMs?.consuming;
  return {
    records,
    elapsedMs,
    endToEndRecordsPerSecond: records / (elapsedMs / 1000),
    consumeRecordsPerSecond:
      typeof consuming === 'number' && consuming > 0 ? records / (consuming / 1000) : null,
  };
}

export async function measurePipeline(
  runs: number,
  records: number,
  onProgress: (message: string) => void = () => {},
): Promise<PipelineFigures> {
  const demo = locateDemo();
  if ('reason' in demo) return { available: false, reason: demo.reason };
  const args = ['--records', String(records), '--json'];
  const results: PipelineRun[] = [];
  for (let i = 0; i < runs; i++) {
    onProgress(`pipeline run ${i + 1}/${runs} (${records} records)`);
    try {
      const { stdout } = await run(process.execPath, [demo.cli, ...args], {
        maxBuffer: 64 * 1024 * 1024,
        timeout: DEMO_TIMEOUT_MS,
        killSignal: 'SIGINT', // the demo releases its emulators and ports on Ctrl-C
        env: { ...process.env, TURBO_TELEMETRY_DISABLED: '1', DO_NOT_TRACK: '1' },
      });
      results.push(parseDemoOutput(stdout));
    } catch (error) {
      // The other phases' figures stand; the report says why this one is missing.
      const failed = error as { message?: string; stderr?: string };
      const detail =
        (failed.stderr?.trim().split('\n').slice(-3).join(' ') || failed.message) ?? String(error);
      return { available: false, reason: `the demo failed (${demo.cli} ${args.join(' ')}): ${detail}` };
    }
  }
  const consume = results.map((result) => result.consumeRecordsPerSecond);
  return {
    available: true,
    runs: results,
    endToEndRecordsPerSecond: summarize(results.map((result) => result.endToEndRecordsPerSecond)),
    consumeRecordsPerSecond: consume.every((n) => n !== null) ? summarize(consume as number[]) : null,
    command: `node apps/local/dist/cli.js ${args.join(' ')}`,
  };
}
