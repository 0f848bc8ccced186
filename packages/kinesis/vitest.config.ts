import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    // One module graph per worker, not per file (ARCHITECTURE.md, Conventions: the suite's CPU).
    isolate: false,
    // The handlers take credentials and region from the standard chain; the local endpoint ignores them.
    env: {
      AWS_REGION: 'us-east-1',
      AWS_ACCESS_KEY_ID: 'test',
      AWS_SECRET_ACCESS_KEY: 'test',
      AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
    },
    // A deadline test runs a full garbage collection while a request is on the wire (globalThis.gc).
    execArgv: ['--expose-gc'],
    testTimeout: 300_000,
    hookTimeout: 120_000,
  },
});
