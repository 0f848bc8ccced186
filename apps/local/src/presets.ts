/**
 * Named runs of the demo: a record template and the METRICS both handlers read it with. `--preset web` sends
 * the producer's web event and maps it to two metrics under two dimension sets.
 */
import { WEB_EVENT_TEMPLATE } from '@cwagg/producer';

export interface Preset {
  /** The producer's template (Kinesis Data Generator syntax). */
  template: string;
  /** The handlers' METRICS: one directive shaped like an embedded-metric-format CloudWatchMetrics entry. */
  metrics: string;
  description: string;
}

export const PRESETS = {
  web: {
    template: WEB_EVENT_TEMPLATE,
    metrics: JSON.stringify({
      Dimensions: [['route'], ['route', 'status']],
      Metrics: [
        { Name: 'latencyMs', Unit: 'Milliseconds' },
        { Name: 'bytes', Unit: 'Bytes' },
      ],
    }),
    description:
      "a web service's request log (route, status, latencyMs, bytes, requestId): latencyMs and bytes per route and per route and status",
  },
} as const satisfies Record<string, Preset>;

export type PresetName = keyof typeof PRESETS;
export const PRESET_NAMES = Object.keys(PRESETS) as PresetName[];
