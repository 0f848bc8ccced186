/**
 * Memory figures of a measuring process: the peak resident set size an invocation adds, and what an invocation
 * allocates on the JS heap and in ArrayBuffers (typed arrays and Buffers live outside the JS heap).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { GCProfiler, getHeapStatistics, setFlagsFromString } from 'node:v8';

const STATUS = '/proc/self/status';
const CLEAR_REFS = '/proc/self/clear_refs';

function statusBytes(field: 'VmRSS' | 'VmHWM'): number | undefined {
  try {
    const match = readFileSync(STATUS, 'utf8').match(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm'));
    return match === null ? undefined : Number(match[1]) * 1024;
  } catch {
    return undefined;
  }
}

/**
 * The process's peak RSS since `start()`. On Linux the kernel's high-water mark (VmHWM) is reset at the start
 * (writing 5 to /proc/self/clear_refs), so the peak is the one reached from then on; elsewhere the process's
 * lifetime peak (getrusage) stands in, which is only right when the work measured sets it.
 */
export class PeakRss {
  private startBytes = 0;

  start(): void {
    try {
      writeFileSync(CLEAR_REFS, '5');
    } catch {
      // Not Linux, or not allowed: the lifetime peak stands in.
    }
    this.startBytes = statusBytes('VmRSS') ?? process.memoryUsage().rss;
  }

  /** Bytes the peak RSS rose above the RSS at `start()`. */
  added(): number {
    const peak = statusBytes('VmHWM') ?? process.resourceUsage().maxRSS * 1024;
    return Math.max(0, peak - this.startBytes);
  }
}

export interface Allocated {
  /** JS heap allocated: growth plus what collections freed meanwhile. */
  jsBytes: number;
  /** ArrayBuffer memory allocated outside the JS heap (typed arrays, Buffers), counted the same way. */
  arrayBufferBytes: number;
}

let sweepingMadeSynchronous = false;

/**
 * Heap allocated while `body` runs: growth, plus what collections during it freed. The JS heap and
 * ArrayBuffers are swept by background threads after a collection, so the memory they free would show up
 * late in the heap's figures, outside any collection's (a sample could then come out below zero): sweeping is
 * made synchronous first (GC settings, changed after the timed passes; they change no compiled code).
 */
export async function allocatedDuring(body: () => Promise<void>): Promise<Allocated> {
  if (!sweepingMadeSynchronous) {
    setFlagsFromString('--no-concurrent-array-buffer-sweeping');
    setFlagsFromString('--no-concurrent-sweeping');
    sweepingMadeSynchronous = true;
  }
  const profiler = new GCProfiler();
  const before = getHeapStatistics();
  profiler.start();
  await body();
  const after = getHeapStatistics();
  let jsFreed = 0;
  let externalFreed = 0;
  for (const collection of profiler.stop()?.statistics ?? []) {
    const { beforeGC, afterGC } = collection;
    jsFreed += beforeGC.heapStatistics.usedHeapSize - afterGC.heapStatistics.usedHeapSize;
    externalFreed += beforeGC.heapStatistics.externalMemory - afterGC.heapStatistics.externalMemory;
  }
  return {
    jsBytes: after.used_heap_size - before.used_heap_size + jsFreed,
    arrayBufferBytes: after.external_memory - before.external_memory + externalFreed,
  };
}
