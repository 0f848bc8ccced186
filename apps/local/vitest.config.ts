import { configDefaults, defineConfig } from 'vitest/config';

/** The tests that replace modules with vi.mock: each needs a module graph of its own. */
const MOCKING = [
  'test/stack.test.ts',
  'test/demo/start.test.ts',
  'test/demo/consume.test.ts',
  'test/demo/produce.test.ts',
];

export default defineConfig({
  test: {
    // The AWS SDK warns on Node 20 about its future Node 22 requirement: noise in test output.
    env: { AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
    // cli.test.ts runs the built CLI: build first if src is newer than dist.
    globalSetup: ['../../test/support/build-if-stale.ts'],
    // Each end-to-end file starts its own emulators and function processes (on ports the system picks), and
    // spends much of its time waiting on them: two files at a time took the suite from 315 s to 145 s on a
    // loaded 2-core machine; more would only crowd the cores.
    maxWorkers: 2,
    // kinesis-local is slow on a busy machine; a demo run takes a few seconds to a minute.
    testTimeout: 120_000,
    hookTimeout: 120_000,
    // One module graph per worker (ARCHITECTURE.md, Conventions: the suite's CPU), except for the files that
    // mock modules: the other 25 files took 181 s of CPU instead of 205 s.
    projects: [
      { extends: true, test: { name: 'mocking', include: MOCKING } },
      {
        extends: true,
        test: {
          name: 'shared',
          include: ['test/**/*.test.ts'],
          exclude: [...configDefaults.exclude, ...MOCKING],
          isolate: false,
        },
      },
    ],
  },
});
