/** Durations on the command line: "500ms", "30s", "5m", "1h", or a bare number of seconds. */

const DURATION = /^(\d+(?:\.\d+)?|\.\d+)\s*(ms|s|m|h)?$/;

/** Milliseconds in each unit a duration may be written in; a bare number is seconds. */
export const DURATION_UNIT_MS = { ms: 1, s: 1_000, m: 60_000, h: 3_600_000 } as const;

/** How a duration is written, for help texts and error messages. */
export const DURATION_EXAMPLES = '500ms, 30s, 5m or 1h';

/** The duration in milliseconds, or undefined when `text` is not a positive duration. */
export function parseDuration(text: string): number | undefined {
  const match = DURATION.exec(text.trim());
  if (!match) return undefined;
  const unit = (match[2] ?? 's') as keyof typeof DURATION_UNIT_MS;
  const ms = Number(match[1]) * DURATION_UNIT_MS[unit];
  return ms > 0 && Number.isFinite(ms) ? ms : undefined;
}
