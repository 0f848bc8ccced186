/** Reading a V8 CPU profile (.cpuprofile): where the time went, by function, self time only. */
import { relative } from 'node:path';
import { fileURLToPath } from 'node:url';

export interface CpuProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number; columnNumber: number };
  hitCount?: number;
  children?: number[];
}

/** The document V8's profiler returns and Chrome DevTools opens. */
export interface CpuProfile {
  nodes: CpuProfileNode[];
  startTime: number;
  endTime: number;
  samples?: number[];
  timeDeltas?: number[];
}

/** A span of the profile's clock (monotonic microseconds), e.g. the timed passes. */
export interface ProfileWindow {
  fromMicros: number;
  toMicros: number;
}

export interface HotFunction {
  functionName: string;
  /** file:line (1-based), relative to `root` when inside it. */
  location: string;
  selfMs: number;
  selfPercent: number;
}

function locationOf(callFrame: CpuProfileNode['callFrame'], root: string): string {
  if (callFrame.url === '') return '(native)';
  let file = callFrame.url;
  if (file.startsWith('file://')) {
    file = fileURLToPath(file);
    // pnpm's store paths are long: keep the package part.
    const store = file.lastIndexOf('/node_modules/');
    file = store === -1 ? relative(root, file) : file.slice(store + '/node_modules/'.length);
  }
  return `${file}:${callFrame.lineNumber + 1}`;
}

/**
 * The `top` functions by self time (sample time attributed to the function itself, not its callees), over
 * the samples inside `window` when given.
 */
export function hotFunctions(
  profile: CpuProfile,
  root: string,
  top = 15,
  window?: ProfileWindow,
): HotFunction[] {
  const byNode = new Map<number, number>();
  const samples = profile.samples ?? [];
  const deltas = profile.timeDeltas ?? [];
  // timeDeltas[i] is the time from the previous sample to sample i; sample i is charged the time until the next.
  let at = profile.startTime;
  for (let i = 0; i < samples.length; i++) {
    at += deltas[i] ?? 0;
    if (window !== undefined && (at < window.fromMicros || at > window.toMicros)) continue;
    const micros = deltas[i + 1] ?? 0;
    byNode.set(samples[i] as number, (byNode.get(samples[i] as number) ?? 0) + micros);
  }
  const byFunction = new Map<string, { functionName: string; location: string; micros: number }>();
  let total = 0;
  for (const node of profile.nodes) {
    const micros = byNode.get(node.id) ?? 0;
    if (micros === 0) continue;
    total += micros;
    const functionName = node.callFrame.functionName || '(anonymous)';
    const location = locationOf(node.callFrame, root);
    const key = `${functionName} ${location}`;
    const entry = byFunction.get(key) ?? { functionName, location, micros: 0 };
    entry.micros += micros;
    byFunction.set(key, entry);
  }
  return [...byFunction.values()]
    .sort((a, b) => b.micros - a.micros)
    .slice(0, top)
    .map(({ functionName, location, micros }) => ({
      functionName,
      location,
      selfMs: micros / 1000,
      selfPercent: total === 0 ? 0 : (100 * micros) / total,
    }));
}
