import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    // One module graph per worker, not per file (ARCHITECTURE.md, Conventions: the suite's CPU).
    isolate: false,
    // The contenders read what a Lambda function would have; the SDK's Node-version notice teaches nothing.
    env: {
      AWS_REGION: 'us-east-1',
      AWS_LAMBDA_FUNCTION_NAME: 'cwagg-bench-test',
      AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
    },
    // The CLI test runs a small bench in child processes: 20 s alone, over 60 s beside the other packages' tests.
    testTimeout: 180_000,
    hookTimeout: 120_000,
  },
});
