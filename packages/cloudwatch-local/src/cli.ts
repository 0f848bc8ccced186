#!/usr/bin/env node
import { startCli } from '@cwagg/cli';
import { CLI_NAME } from './cli-args.js';
import { main } from './main.js';

// A server: once it has stopped, nothing the process still holds is worth waiting for.
process.exit(await startCli(CLI_NAME, main));
