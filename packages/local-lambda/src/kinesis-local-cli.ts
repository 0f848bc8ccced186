#!/usr/bin/env node
/** cwagg-kinesis-local: see kinesis-local-main.ts. */
import { startCli } from '@cwagg/cli';
import { CLI_NAME, main } from './kinesis-local-main.js';

await startCli(CLI_NAME, main);
