import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    // One module graph per worker, not per file (ARCHITECTURE.md, Conventions: the suite's CPU).
    isolate: false,
    env: { AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
    // CI runs several packages' tests at once on two cores beside other work: a test that takes 2 s alone
    // took over 60 s there. A timeout only catches a hang, so it is long.
    testTimeout: 300_000,
    hookTimeout: 120_000,
  },
});
