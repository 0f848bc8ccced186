import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Match } from 'aws-cdk-lib/assertions';
import { strFromU8, unzipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_CONFIG } from '../lib/config.js';
import { DASHBOARD_STACK_ID, STREAM_STACK_ID } from '../lib/cwagg-app.js';
import { AGGREGATED_HANDLER, HANDLERS, SINGLE_HANDLER } from '../lib/handlers.js';
import {
  type CfnJson,
  createWorkspace,
  fakeBundleFiles,
  onlyResource,
  resources,
  type Synthesized,
  synthesize,
  type Workspace,
} from './support/synth.js';

let workspace: Workspace;
let synth: Synthesized;

beforeAll(() => {
  workspace = createWorkspace();
  synth = synthesize(workspace);
});
afterAll(() => workspace.cleanup());

const functionTemplates = () =>
  [
    [SINGLE_HANDLER, synth.templates.single],
    [AGGREGATED_HANDLER, synth.templates.aggregated],
  ] as const;

describe('stream stack', () => {
  it('creates one encrypted, provisioned stream with the configured shards and retention', () => {
    const { stream } = synth.templates;
    stream.resourceCountIs('AWS::Kinesis::Stream', 1);
    stream.hasResource('AWS::Kinesis::Stream', {
      Properties: {
        ShardCount: 1,
        RetentionPeriodHours: 24,
        StreamModeDetails: { StreamMode: 'PROVISIONED' },
        StreamEncryption: { EncryptionType: 'KMS', KeyId: 'alias/aws/kinesis' },
      },
      // `destroy` removes the test stream with the rest.
      DeletionPolicy: 'Delete',
    });
  });

  it('offers producers a managed policy for this stream only, exported as an output', () => {
    const { stream } = synth.templates;
    const streamId = onlyResource(stream, 'AWS::Kinesis::Stream').id;
    const policy = onlyResource(stream, 'AWS::IAM::ManagedPolicy');
    const statements = policy.props.PolicyDocument.Statement as Record<string, unknown>[];
    expect(statements.flatMap((s) => [s.Action].flat() as string[]).sort()).toEqual([
      'kinesis:DescribeStreamSummary',
      'kinesis:PutRecord',
      'kinesis:PutRecords',
    ]);
    for (const statement of statements) {
      expect(statement.Effect).toBe('Allow');
      expect(statement.Resource).toEqual({ 'Fn::GetAtt': [streamId, 'Arn'] });
    }
    stream.hasOutput('ProducerPolicyArn', { Value: { Ref: policy.id } });
    stream.hasOutput('StreamName', { Value: { Ref: streamId } });
  });
});

describe.each([
  ['single', SINGLE_HANDLER],
  ['aggregated', AGGREGATED_HANDLER],
] as const)('%s function stack', (kind, handler) => {
  const template = () => synth.templates[kind];

  it('runs the handler on Node.js 22, arm64, with the configured memory, timeout and environment', () => {
    template().hasResourceProperties('AWS::Lambda::Function', {
      FunctionName: handler.functionName,
      Runtime: 'nodejs22.x',
      Architectures: ['arm64'],
      Handler: 'index.handler',
      MemorySize: DEFAULT_CONFIG.memoryMb,
      Timeout: DEFAULT_CONFIG.timeoutSeconds,
      Environment: {
        Variables: {
          NAMESPACE: 'PutMetricDataExample',
          METRIC_NAME: 'PutMetricDataExample',
          UNIT: 'None',
          STORAGE_RESOLUTION: '60',
          NODE_OPTIONS: '--enable-source-maps',
        },
      },
    });
  });

  it('sets no optional handler setting by default', () => {
    const fn = onlyResource(template(), 'AWS::Lambda::Function');
    expect(Object.keys(fn.props.Environment.Variables).sort()).toEqual([
      'METRIC_NAME',
      'NAMESPACE',
      'NODE_OPTIONS',
      'STORAGE_RESOLUTION',
      'UNIT',
    ]);
  });

  it("deploys the handler app's own zip as it is: every file in it, nothing else", () => {
    const fn = onlyResource(template(), 'AWS::Lambda::Function');
    const key = String(fn.props.Code.S3Key);
    expect(key).toMatch(/^[0-9a-f]{64}\.zip$/);
    // A zip file is staged as it is, under its hash: not unpacked and zipped again.
    const staged = readFileSync(join(synth.outdir, `asset.${key}`));
    expect(staged.equals(readFileSync(workspace.bundles[kind]))).toBe(true);
    const files = Object.entries(unzipSync(staged)).map(([path, bytes]) => [path, strFromU8(bytes)]);
    // The chunks the handler imports on demand go with it.
    expect(Object.fromEntries(files)).toEqual(fakeBundleFiles(kind));
  });

  it('logs to its own log group, with a retention', () => {
    const logGroup = onlyResource(template(), 'AWS::Logs::LogGroup');
    expect(logGroup.props).toEqual({
      LogGroupName: `/aws/lambda/${handler.functionName}`,
      RetentionInDays: DEFAULT_CONFIG.logRetentionDays,
    });
    template().hasResourceProperties('AWS::Lambda::Function', {
      LoggingConfig: { LogGroup: { Ref: logGroup.id } },
    });
  });

  it('reads the stream from TRIM_HORIZON with bounded retries, bisect, partial failures and an on-failure queue', () => {
    const queueId = onlyResource(template(), 'AWS::SQS::Queue').id;
    template().resourceCountIs('AWS::Lambda::EventSourceMapping', 1);
    template().hasResourceProperties('AWS::Lambda::EventSourceMapping', {
      EventSourceArn: Match.objectLike({
        'Fn::GetStackOutput': Match.objectLike({ StackName: STREAM_STACK_ID }),
      }),
      StartingPosition: 'TRIM_HORIZON',
      BatchSize: 150,
      MaximumBatchingWindowInSeconds: DEFAULT_CONFIG.batchingWindowSeconds,
      ParallelizationFactor: 1,
      FunctionResponseTypes: ['ReportBatchItemFailures'],
      BisectBatchOnFunctionError: true,
      MaximumRetryAttempts: DEFAULT_CONFIG.retryAttempts,
      MaximumRecordAgeInSeconds: DEFAULT_CONFIG.maxRecordAgeSeconds,
      DestinationConfig: { OnFailure: { Destination: { 'Fn::GetAtt': [queueId, 'Arn'] } } },
    });
  });

  it('keeps failed batches in an encrypted queue reachable over TLS only', () => {
    const queue = onlyResource(template(), 'AWS::SQS::Queue');
    expect(queue.props).toMatchObject({ SqsManagedSseEnabled: true, MessageRetentionPeriod: 14 * 24 * 3600 });
    template().hasResourceProperties('AWS::SQS::QueuePolicy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
        ]),
      },
    });
  });

  it('may call PutMetricData only in its configured namespace', () => {
    const policy = onlyResource(template(), 'AWS::IAM::Policy');
    const statements = policy.props.PolicyDocument.Statement as Record<string, CfnJson>[];
    const putMetricData = statements.filter((s) => [s.Action].flat().includes('cloudwatch:PutMetricData'));
    expect(putMetricData).toEqual([
      {
        Sid: 'PutMetricDataInOwnNamespaceOnly',
        Effect: 'Allow',
        Action: 'cloudwatch:PutMetricData',
        Resource: '*',
        Condition: { StringEquals: { 'cloudwatch:namespace': 'PutMetricDataExample' } },
      },
    ]);
    // Resource "*" is there only because PutMetricData has no resource type; nothing else gets it.
    expect(statements.filter((s) => s.Resource === '*')).toHaveLength(1);
  });

  it('reads its stream only, writes its own log group and its own failure queue only', () => {
    const policy = onlyResource(template(), 'AWS::IAM::Policy');
    const statements = policy.props.PolicyDocument.Statement as Record<string, CfnJson>[];
    const logGroupId = onlyResource(template(), 'AWS::Logs::LogGroup').id;
    const queueId = onlyResource(template(), 'AWS::SQS::Queue').id;
    for (const statement of statements) {
      const actions = [statement.Action].flat() as string[];
      const service = actions[0]?.split(':')[0];
      expect(actions.every((a) => a.startsWith(`${service}:`))).toBe(true);
      if (service === 'kinesis') {
        expect(statement.Resource).toMatchObject({ 'Fn::GetStackOutput': { StackName: STREAM_STACK_ID } });
        expect(actions).toEqual(expect.arrayContaining(['kinesis:GetRecords', 'kinesis:GetShardIterator']));
        expect(actions.filter((a) => /Put|Create|Delete|Update|Merge|Split/.test(a))).toEqual([]);
      } else if (service === 'logs') {
        expect(statement.Resource).toEqual({ 'Fn::GetAtt': [logGroupId, 'Arn'] });
        expect(actions.sort()).toEqual(['logs:CreateLogStream', 'logs:PutLogEvents']);
      } else if (service === 'sqs') {
        expect(statement.Resource).toEqual({ 'Fn::GetAtt': [queueId, 'Arn'] });
      } else {
        expect(actions).toEqual(['cloudwatch:PutMetricData']);
      }
    }
    // No managed policies at all on the function role (no AWSLambdaBasicExecutionRole, no CloudWatchFullAccess).
    const role = onlyResource(template(), 'AWS::IAM::Role');
    expect(role.props.ManagedPolicyArns).toBeUndefined();
  });

  it('alarms when the function falls behind the stream and when batches land in the failure queue', () => {
    const fnId = onlyResource(template(), 'AWS::Lambda::Function').id;
    const queueId = onlyResource(template(), 'AWS::SQS::Queue').id;
    template().resourceCountIs('AWS::CloudWatch::Alarm', 2);
    template().hasResourceProperties('AWS::CloudWatch::Alarm', {
      AlarmName: `${handler.functionName}-iterator-age`,
      Namespace: 'AWS/Lambda',
      MetricName: 'IteratorAge',
      Dimensions: [{ Name: 'FunctionName', Value: { Ref: fnId } }],
      Statistic: 'Maximum',
      Threshold: DEFAULT_CONFIG.iteratorAgeAlarmSeconds * 1000,
      ComparisonOperator: 'GreaterThanThreshold',
    });
    template().hasResourceProperties('AWS::CloudWatch::Alarm', {
      AlarmName: `${handler.functionName}-failed-records`,
      Namespace: 'AWS/SQS',
      MetricName: 'ApproximateNumberOfMessagesVisible',
      Dimensions: [{ Name: 'QueueName', Value: { 'Fn::GetAtt': [queueId, 'QueueName'] } }],
      Threshold: 0,
      ComparisonOperator: 'GreaterThanThreshold',
    });
  });
});

describe('least privilege across every stack', () => {
  const allTemplates = () => Object.entries(synth.templates);

  it('grants no wildcard action in any Allow statement', () => {
    for (const [name, template] of allTemplates()) {
      for (const [id, resource] of resources(template)) {
        const documents = [
          resource.Properties?.PolicyDocument,
          ...((resource.Properties?.Policies as { PolicyDocument: unknown }[] | undefined) ?? []).map(
            (p) => p.PolicyDocument,
          ),
        ].filter(Boolean) as { Statement: Record<string, unknown>[] }[];
        for (const statement of documents.flatMap((d) => d.Statement)) {
          if (statement.Effect !== 'Allow') continue;
          const actions = [statement.Action].flat() as string[];
          expect(
            actions.filter((a) => a.includes('*')),
            `${name}/${id}`,
          ).toEqual([]);
        }
      }
    }
  });

  it('only denies with a wildcard: the queue policy refusing insecure transport', () => {
    const wildcardDenies = allTemplates().flatMap(([, template]) =>
      resources(template).flatMap(([, r]) =>
        ((r.Properties?.PolicyDocument?.Statement as Record<string, CfnJson>[] | undefined) ?? []).filter(
          (s) => s.Effect === 'Deny' && [s.Action].flat().some((a: string) => a.includes('*')),
        ),
      ),
    );
    expect(wildcardDenies).toHaveLength(2);
    for (const deny of wildcardDenies) {
      expect(deny.Condition).toEqual({ Bool: { 'aws:SecureTransport': 'false' } });
    }
  });

  it('attaches no AWS managed policy anywhere, CloudWatchFullAccess least of all', () => {
    for (const [, template] of allTemplates()) {
      const json = JSON.stringify(template.toJSON());
      expect(json).not.toContain('CloudWatchFullAccess');
      expect(json).not.toContain('ManagedPolicyArns');
      expect(json).not.toContain(':iam::aws:policy/');
    }
  });
});

describe('separate stacks', () => {
  const artifactDependencies = (stackId: string) =>
    synth.app
      .synth()
      .getStackArtifact(stackId)
      .dependencies.map((d) => d.id)
      .filter((id) => !id.endsWith('.assets'));

  it('makes each function stack depend on the stream stack only', () => {
    expect(artifactDependencies(SINGLE_HANDLER.stackId)).toEqual([STREAM_STACK_ID]);
    expect(artifactDependencies(AGGREGATED_HANDLER.stackId)).toEqual([STREAM_STACK_ID]);
    expect(artifactDependencies(DASHBOARD_STACK_ID)).toEqual([STREAM_STACK_ID]);
    expect(artifactDependencies(STREAM_STACK_ID)).toEqual([]);
  });

  it('keeps each function stack free of any reference to the other one', () => {
    for (const [template, other] of [
      [synth.templates.single, AGGREGATED_HANDLER],
      [synth.templates.aggregated, SINGLE_HANDLER],
    ] as const) {
      const json = JSON.stringify(template.toJSON());
      expect(json).not.toContain(other.stackId);
      expect(json).not.toContain(other.functionName);
      expect(json).not.toContain(other.typeDimension);
    }
  });

  it('references other stacks only through outputs of the stream stack', () => {
    for (const [, template] of functionTemplates()) {
      const referenced = new Set<string>();
      JSON.stringify(template.toJSON(), (key, value) => {
        if (key === 'Fn::GetStackOutput') referenced.add(value.StackName);
        if (key === 'Fn::ImportValue') referenced.add(String(value));
        return value;
      });
      expect([...referenced]).toEqual([STREAM_STACK_ID]);
    }
  });

  it('names the stacks as the scripts deploy them', () => {
    expect(
      synth.app
        .synth()
        .stacks.map((s) => s.stackName)
        .sort(),
    ).toEqual(['CwaggAggregated', 'CwaggDashboard', 'CwaggSingle', 'CwaggStream']);
    expect(HANDLERS.map((h) => h.stackId)).toEqual(['CwaggSingle', 'CwaggAggregated']);
  });
});
