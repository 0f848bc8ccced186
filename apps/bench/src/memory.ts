/**
 * Memory figures of a measuring process: the peak resident set size an invocation adds, and what an invocation
 * allocates on the JS heap and in ArrayBuffers (typed arrays and Buffers live outside the JS heap).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { GCProfiler, getHeapSpaceStatistics, getHeapStatistics, setFlagsFromString } from 'node:v8';

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

/** V8's name for the young generation's space (its two semi-spaces). */
const YOUNG_GENERATION = 'new_space';
/** The young generation's size if V8 does not say: two semi-spaces of 16 MiB, Node 20's default on 64 bits. */
const DEFAULT_YOUNG_GENERATION_BYTES = 32 * 1024 * 1024;
/** Elements of each short-lived array: 8 KiB of elements, well under V8's large-object size. */
const TOUCH_ARRAY_LENGTH = 1024;
const TOUCH_ARRAY_BYTES = TOUCH_ARRAY_LENGTH * 8;

/** The young generation's size now (it grows with the allocation rate), or Node 20's default if V8 does not say. */
export function youngGenerationBytes(): number {
  const space = getHeapSpaceStatistics().find((candidate) => candidate.space_name === YOUNG_GENERATION);
  return space?.space_size || DEFAULT_YOUNG_GENERATION_BYTES;
}

/**
 * Allocates and drops short-lived arrays adding up to twice the young generation's size, so that both of its
 * semi-spaces have been written since the last collection, and returns how many bytes that was.
 *
 * Why: a forced full collection sometimes hands the young generation's pages back to the system, sometimes
 * not. Measured on KPL aggregates over 24 processes, the RSS at the start was 107 to 118 MiB in 23 of them
 * and 93 MiB in one, which then "added" 17.4 MiB against 2 to 10 in the others: pages the runtime had given
 * back and wrote again, charged to the contender. With the young generation written first, 24 more
 * processes added 2.4 to 5.6 MiB.
 */
export function touchYoungGeneration(): number {
  const target = 2 * youngGenerationBytes();
  let written = 0;
  for (; written < target; written += TOUCH_ARRAY_BYTES) {
    // Kept in a module variable, so the optimiser cannot drop the allocation.
    touchSink.last = new Array<number>(TOUCH_ARRAY_LENGTH).fill(written);
  }
  touchSink.last = undefined;
  return written;
}

const touchSink: { last?: number[] } = {};

/**
 * The process's peak RSS since `start()`. On Linux the kernel's high-water mark (VmHWM) is reset at the start
 * (writing 5 to /proc/self/clear_refs), so the peak is the one reached from then on; elsewhere the process's
 * lifetime peak (getrusage) stands in, which is only right when the work measured sets it.
 */
export class PeakRss {
  private startBytes = 0;

  /** Resets the peak and reads the RSS the peak is compared with, once the young generation is resident. */
  start(): void {
    touchYoungGeneration();
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
