import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    // Pure functions only, but CI runs every package's tests at once on two cores: no tight timeouts.
    testTimeout: 300_000,
  },
});
