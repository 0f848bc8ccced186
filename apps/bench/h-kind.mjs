import { ExactValues } from '/work/main/packages/core/dist/exact-values.js';
import { WORKLOADS, kinesisBatches, previousMinute } from '/work/main/apps/bench/dist/workloads.js';
import { handlerConfig } from '/work/main/apps/bench/dist/contenders/cwagg.js';
import { createRunPlanner, decoderFor, releaseBatch } from '@cwagg/kinesis';
const spec = WORKLOADS[process.argv[2] ?? 'events10000'];
const batches = kinesisBatches(spec, 10, 1, previousMinute());
const config = handlerConfig('aggregated', spec);
const planner = createRunPlanner(config, Date.now);
const decode = decoderFor(config, Date.now);
const orig = ExactValues.prototype.entries; let printed = 0;
ExactValues.prototype.entries = function () { if (printed++ % 500 === 0 && this.pending.length > 10) { %DebugPrint(this.pending); } return orig.call(this); };
for (let r = 0; r < 20; r++) for (const ev of batches) { const b = decode(ev); planner.plan(b); releaseBatch(b); }
