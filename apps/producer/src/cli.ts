#!/usr/bin/env node
/** cwagg-producer: see main.ts. */
import { startCli } from '@cwagg/cli';
import { CLI_NAME } from './cli/args.js';
import { main } from './main.js';

await startCli(CLI_NAME, main);
