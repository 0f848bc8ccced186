import { WORKLOADS, kinesisBatches, previousMinute } from '/work/main/apps/bench/dist/workloads.js';
import { handlerConfig } from '/work/main/apps/bench/dist/contenders/cwagg.js';
import { createRunPlanner, decoderFor, releaseBatch } from '@cwagg/kinesis';
const name = process.argv[2] ?? 'events10000';
const spec = WORKLOADS[name];
const nb = Math.max(2, Math.ceil(100000 / spec.batchSize));
const batches = kinesisBatches(spec, nb, 1, previousMinute());
const config = handlerConfig('aggregated', spec);
const planner = createRunPlanner(config, Date.now);
const decode = decoderFor(config, Date.now);
function cpu() { const u = process.cpuUsage(); return (u.user + u.system) * 1000; }
function run(stage, reps) {
  let best = Infinity;
  for (let r = 0; r < reps; r++) {
    const c0 = cpu(); const h0 = process.memoryUsage().heapUsed;
    let recs = 0;
    for (const ev of batches) {
      const b = decode(ev);
      if (stage === 'plan') planner.plan(b);
      releaseBatch(b);
      recs += spec.batchSize;
    }
    best = Math.min(best, (cpu() - c0) / recs);
  }
  return best;
}
run('plan', 5);
for (let i = 0; i < 3; i++) console.log('decode', run('decode', 5).toFixed(0), 'decode+plan', run('plan', 5).toFixed(0));
