import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    // One module graph per worker, not per file (ARCHITECTURE.md, Conventions: the suite's CPU).
    isolate: false,
    // The AWS SDK warns on Node 20 about its future Node 22 requirement; the tests have nothing to learn from it.
    env: { AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
    // The CLI tests run the built CLI: build first if src is newer than dist. Then one Kinesis
    // emulator for all files (kinesis-local.test.ts starts its own, to test starting and stopping).
    globalSetup: ['../../test/support/build-if-stale.ts', './test/support/shared-kinesis.ts'],
    // Tests mostly wait on the emulator (another process): two files at a time keep both cores busy.
    maxWorkers: 2,
    // The emulator is slow on a busy 2-core machine.
    testTimeout: 300_000,
    hookTimeout: 120_000,
  },
});
