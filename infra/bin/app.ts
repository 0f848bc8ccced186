#!/usr/bin/env node
// The CDK app entry (cdk.json: "node dist/bin/app.js"). Parameters come from `-c key=value`; see README.md.
import { App } from 'aws-cdk-lib';
import { InfraConfigError } from '../lib/config.js';
import { addCwaggStacks } from '../lib/cwagg-app.js';
import { MissingBundleError } from '../lib/handlers.js';

const app = new App();
try {
  addCwaggStacks(app);
} catch (error) {
  // A wrong parameter or an unbuilt handler is a user mistake: say what to do, without a stack trace.
  if (error instanceof InfraConfigError || error instanceof MissingBundleError) {
    console.error(error.message);
    process.exit(1);
  }
  throw error;
}
