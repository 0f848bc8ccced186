import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    // The AWS SDK warns on Node 20 about its future Node 22 requirement: noise in test output.
    env: { AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
    // cli.test.ts runs the built CLI: build first if src is newer than dist.
    globalSetup: ['./test/support/build-if-stale.ts'],
    // Each end-to-end file starts its own emulators and function processes (on ports the system picks), and
    // spends much of its time waiting on them: two files at a time took the suite from 315 s to 145 s on a
    // loaded 2-core machine; more would only crowd the cores.
    maxWorkers: 2,
    // Unlike the other packages, each file keeps a module graph of its own (isolate stays on): the demo's phase
    // tests replace modules with vi.mock.
    // kinesis-local is slow on a busy machine; a demo run takes a few seconds to a minute.
    testTimeout: 120_000,
    hookTimeout: 120_000,
  },
});
