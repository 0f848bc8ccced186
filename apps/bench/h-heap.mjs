import { Session } from 'node:inspector/promises';
import { WORKLOADS, kinesisBatches, previousMinute } from '/work/main/apps/bench/dist/workloads.js';
import { handlerConfig } from '/work/main/apps/bench/dist/contenders/cwagg.js';
import { createRunPlanner, decoderFor, releaseBatch } from '@cwagg/kinesis';
const spec = WORKLOADS[process.argv[2] ?? 'events10000'];
const nb = Math.max(2, Math.ceil(100000 / spec.batchSize));
const batches = kinesisBatches(spec, nb, 1, previousMinute());
const config = handlerConfig('aggregated', spec);
const planner = createRunPlanner(config, Date.now);
const decode = decoderFor(config, Date.now);
for (let r = 0; r < 5; r++) for (const ev of batches) { const b = decode(ev); planner.plan(b); releaseBatch(b); }
const s = new Session(); s.connect();
await s.post('HeapProfiler.startSampling', { samplingInterval: 4096, includeObjectsCollectedByMajorGC: true, includeObjectsCollectedByMinorGC: true });
let recs = 0;
for (let r = 0; r < 5; r++) for (const ev of batches) { const b = decode(ev); planner.plan(b); releaseBatch(b); recs += spec.batchSize; }
const { profile } = await s.post('HeapProfiler.stopSampling');
const by = new Map();
(function walk(n, stack) { const k = (["next","slice","push"].includes(n.callFrame.functionName) ? stack.at(-1) + " > " : "") + n.callFrame.functionName + ' ' + n.callFrame.url.replace(/.*\/(packages|node_modules)\//,'') + ':' + n.callFrame.lineNumber; const self = n.selfSize; if (self) by.set(k, (by.get(k) ?? 0) + self); for (const c of n.children) walk(c, [...stack, n.callFrame.functionName + ":" + n.callFrame.lineNumber]); })(profile.head, []);
let tot = 0; for (const v of by.values()) tot += v;
console.log('bytes/record', (tot / recs).toFixed(0));
for (const [k, v] of [...by].sort((a, b) => b[1] - a[1]).slice(0, 20)) console.log((v / recs).toFixed(1).padStart(8), k);
