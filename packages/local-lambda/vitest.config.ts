import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    // One module graph per worker, not per file (ARCHITECTURE.md, Conventions: the suite's CPU).
    isolate: false,
    // The AWS SDK warns on Node 20 about its future Node 22 requirement: noise in test output.
    env: { AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
    // The CLI test runs dist/kinesis-local-cli.js: turbo builds this package before its tests.
    // Each file starts an emulator or function processes: one file at a time keeps a 2-core machine sane.
    fileParallelism: false,
    // kinesis-local is slow to answer on a busy machine; nothing here is timed tightly.
    testTimeout: 120_000,
    hookTimeout: 120_000,
  },
});
