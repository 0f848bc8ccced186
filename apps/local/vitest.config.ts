import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    // The AWS SDK warns on Node 20 about its future Node 22 requirement: noise in test output.
    env: { AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
    // cli.test.ts runs the built CLI: build first if src is newer than dist.
    globalSetup: ['./test/support/build-if-stale.ts'],
    // Each file starts emulators and function processes: one file at a time keeps a 2-core machine sane.
    fileParallelism: false,
    // kinesis-local is slow on a busy machine; a demo run takes a few seconds to a minute.
    testTimeout: 120_000,
    hookTimeout: 120_000,
  },
});
