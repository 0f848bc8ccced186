#!/usr/bin/env node
// cwagg-bundle-lambda: see bundle-lambda-main.mjs.
import { startCli } from '@cwagg/cli';
import { CLI_NAME, main } from './bundle-lambda-main.mjs';

await startCli(CLI_NAME, main);
