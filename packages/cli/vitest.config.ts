import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    // One module graph per worker, not per file (ARCHITECTURE.md, Conventions: the suite's CPU).
    isolate: false,
    // Pure functions only, but CI runs every package's tests at once on two cores: no tight timeouts.
    testTimeout: 300_000,
  },
});
