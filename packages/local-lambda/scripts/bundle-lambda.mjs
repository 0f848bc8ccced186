#!/usr/bin/env node
// Bundles a handler app into a self-contained Lambda artifact: dist/lambda/index.mjs (+ source map)
// and dist/lambda.zip, ready for `aws lambda update-function-code --zip-file fileb://dist/lambda.zip`.
// One bundler for both handler apps, so what the tests load is what CDK and the CLI deploy.
import { mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';
import { zipSync } from 'fflate';
import { lambdaBuildOptions } from './lambda-build-options.mjs';

const { values } = parseArgs({
  options: {
    entry: { type: 'string', default: 'src/handler.ts' },
    outdir: { type: 'string', default: 'dist/lambda' },
    zip: { type: 'string', default: 'dist/lambda.zip' },
    help: { type: 'boolean', short: 'h', default: false },
  },
});
if (values.help) {
  console.log(`Usage: cwagg-bundle-lambda [--entry src/handler.ts] [--outdir dist/lambda] [--zip dist/lambda.zip]

Bundles the handler (ESM, minified, with source map, the AWS SDK inside) for the Lambda Node.js 22 runtime.
The handler is exported as index.handler.`);
  process.exit(0);
}

const outdir = resolve(values.outdir);
rmSync(outdir, { recursive: true, force: true });
mkdirSync(outdir, { recursive: true });
await build(lambdaBuildOptions(resolve(values.entry), join(outdir, 'index.mjs')));

const code = readFileSync(join(outdir, 'index.mjs'));
const map = readFileSync(join(outdir, 'index.mjs.map'));
// A fixed mtime keeps the zip byte-for-byte reproducible, so CDK asset hashes only change with the code.
const mtime = new Date('2020-01-01T00:00:00Z');
const zip = zipSync({ 'index.mjs': [code, { mtime }], 'index.mjs.map': [map, { mtime }] }, { level: 9 });
writeFileSync(resolve(values.zip), zip);
console.log(
  `bundled ${values.entry}: index.mjs ${code.length} bytes (${gzipSync(code).length} gzip), ` +
    `zip ${statSync(resolve(values.zip)).size} bytes`,
);
