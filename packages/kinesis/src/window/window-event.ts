/**
 * Lambda's tumbling-window members of a Kinesis event (Lambda developer guide, "Tumbling windows"): `window`
 * with its start and end, `state` (what the previous invocation of this window returned, `{}` at its start),
 * `isFinalInvokeForWindow` (the window closed: act on the state) and `isWindowTerminatedEarly` (the state
 * passed the size limit: the window goes on with a fresh state). A windowed invocation must answer with a
 * `state` member, or Lambda counts it as failed.
 */
import type { KinesisStreamEvent } from 'aws-lambda';

export interface TumblingWindow {
  /** Epoch ms; NaN when the event's text is not a time. */
  startMs: number;
  endMs: number;
  /** As Lambda passed it, untouched: a failed invocation hands exactly this back. */
  state: unknown;
  final: boolean;
  terminatedEarly: boolean;
  shardId: string | undefined;
}

/** The window of an event, or undefined for an event without one (no tumbling window configured). */
export function windowOf(event: KinesisStreamEvent | undefined): TumblingWindow | undefined {
  if (event === null || typeof event !== 'object') return undefined;
  const members = event as unknown as Record<string, unknown>;
  const window = members.window;
  const windowed =
    (window !== null && typeof window === 'object') ||
    'isFinalInvokeForWindow' in members ||
    'isWindowTerminatedEarly' in members;
  if (!windowed) return undefined;
  const time = (text: unknown) => (typeof text === 'string' ? Date.parse(text) : Number.NaN);
  const bounds = (window ?? {}) as { start?: unknown; end?: unknown };
  return {
    startMs: time(bounds.start),
    endMs: time(bounds.end),
    state: members.state,
    final: members.isFinalInvokeForWindow === true,
    terminatedEarly: members.isWindowTerminatedEarly === true,
    shardId: typeof members.shardId === 'string' ? members.shardId : undefined,
  };
}
