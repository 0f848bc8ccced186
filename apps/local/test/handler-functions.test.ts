import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { handlerBundle, localFunctionEnvironment } from '../src/index.js';

describe('the handlers as local functions', () => {
  it('find each app’s own built bundle', () => {
    const single = handlerBundle('single');
    const aggregated = handlerBundle('aggregated');
    expect(single).toMatch(/lambda-single/);
    expect(aggregated).toMatch(/lambda-aggregated/);
    expect(existsSync(single) && existsSync(aggregated)).toBe(true);
  });

  it('point the handler at the local endpoint with local credentials; overrides win', () => {
    expect(localFunctionEnvironment('http://127.0.0.1:1234')).toEqual({
      CLOUDWATCH_ENDPOINT: 'http://127.0.0.1:1234',
      AWS_REGION: 'us-east-1',
      AWS_ACCESS_KEY_ID: 'local',
      AWS_SECRET_ACCESS_KEY: 'local',
      AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
    });
    expect(
      localFunctionEnvironment('http://127.0.0.1:1234', { AWS_REGION: 'eu-west-1', VALUE_FIELD: 'v' }),
    ).toMatchObject({
      AWS_REGION: 'eu-west-1',
      VALUE_FIELD: 'v',
      CLOUDWATCH_ENDPOINT: 'http://127.0.0.1:1234',
    });
  });
});
