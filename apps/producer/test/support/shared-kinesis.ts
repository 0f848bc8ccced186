import { startKinesisLocal } from '@cwagg/local-lambda';
import type { TestProject } from 'vitest/node';

declare module 'vitest' {
  export interface ProvidedContext {
    /** Endpoint of the kinesis-local emulator shared by the test files (each uses its own streams). */
    kinesisEndpoint: string;
  }
}

/** One emulator for the whole run: starting it is the slowest thing the tests do. */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const kinesis = await startKinesisLocal();
  project.provide('kinesisEndpoint', kinesis.endpoint);
  return () => kinesis.stop();
}
