import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Every file synthesizes the app; sharing one module graph per worker pays CDK's start-up cost once.
    isolate: false,
    // Synthesizing the whole app takes a few seconds the first time in each worker (CDK loads lazily).
    testTimeout: 120_000,
    // Most files synthesize in beforeAll: on a busy 2-core machine that took over 30 s, so hooks get as long.
    hookTimeout: 120_000,
  },
});
