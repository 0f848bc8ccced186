import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    // The AWS SDK warns on Node 20 about its future Node 22 requirement; the tests have nothing to learn from it.
    env: { AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
    // CI runs every package's tests at once on two cores: a test that takes 2 s alone can take 20 s there.
    testTimeout: 60_000,
    hookTimeout: 120_000,
  },
});
