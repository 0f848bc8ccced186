import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    // The AWS SDK warns on Node 20 about its future Node 22 requirement; the tests have nothing to learn from it.
    env: { AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
  },
});
