#!/usr/bin/env node
/** `pnpm bench` / `cwagg-bench`: see main.ts. */
import { startCli } from '@cwagg/cli';
import { main } from './main.js';
import { CLI_NAME } from './options.js';

// The windows phase runs SDK clients in this process: their warning that Node 20 is nearing its end of support
// is about the machine, not the run (the children get the same setting from LAMBDA_ENVIRONMENT).
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
await startCli(CLI_NAME, main);
