import { WORKLOADS, kinesisBatches, previousMinute } from '/work/main/apps/bench/dist/workloads.js';
import { handlerConfig } from '/work/main/apps/bench/dist/contenders/cwagg.js';
import { createRunPlanner, decoderFor, releaseBatch } from '@cwagg/kinesis';
const spec = WORKLOADS[process.argv[2] ?? 'events10000'];
const nb = Math.max(2, Math.ceil(100000 / spec.batchSize));
const batches = kinesisBatches(spec, nb, 1, previousMinute());
const config = handlerConfig('aggregated', spec);
const planner = createRunPlanner(config, Date.now);
const decode = decoderFor(config, Date.now);
for (let r = 0; r < 40; r++) for (const ev of batches) { const b = decode(ev); planner.plan(b); releaseBatch(b); }
