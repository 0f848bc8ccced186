#!/usr/bin/env node
/** `pnpm demo` / `cwagg-demo`: see main.ts. */
import { startCli } from '@cwagg/cli';
import { CLI_NAME } from './args.js';
import { main } from './main.js';

const code = await startCli(CLI_NAME, main);
// Everything is released by now; should anything still hold the event loop, do not hang on it.
setTimeout(() => process.exit(code), 2_000).unref();
