#!/usr/bin/env node
/** `pnpm bench` / `cwagg-bench`: see main.ts. */
import { startCli } from '@cwagg/cli';
import { main } from './main.js';
import { CLI_NAME } from './options.js';

await startCli(CLI_NAME, main);
