import { ExactValues } from '/work/main/packages/core/dist/exact-values.js';
import { sortNumbers } from '/work/main/packages/core/dist/sort-numbers.js';
let seed = 1; const rnd = () => ((seed = (seed * 16807) % 2147483647) / 2147483647);
const vals = Array.from({ length: 1000 }, () => Math.round(Math.exp(Math.log(50) + (rnd()+rnd()+rnd()-1.5)) * 10) / 10);
function trial() {
  const s = new ExactValues();
  for (const v of vals) s.add(v, 1);
  return s.entries();
}
for (let i = 0; i < 2000; i++) trial();
const h0 = process.memoryUsage().heapUsed; let n = 0;
const s = new ExactValues(); for (const v of vals) s.add(v, 1);
%DebugPrint(s.pending);
const a = vals.slice(); %DebugPrint(a);
const b0 = process.memoryUsage().heapUsed; for (let i = 0; i < 100; i++) { const c = vals.slice(); sortNumbers(c); } console.log('sort alloc/value', (process.memoryUsage().heapUsed - b0) / 100 / 1000);
