#!/usr/bin/env node
// `pnpm --filter @cwagg/local reliability`: see reliability-main.mjs.
import { startCli } from '@cwagg/cli';
import { CLI_NAME, main } from './reliability-main.mjs';

await startCli(CLI_NAME, main);
