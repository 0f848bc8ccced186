import { CfnOutput, Duration, RemovalPolicy, Stack, type StackProps, Validations } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as kinesis from 'aws-cdk-lib/aws-kinesis';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { KinesisEventSource, SqsDlq } from 'aws-cdk-lib/aws-lambda-event-sources';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';
import type { InfraConfig } from './config.js';
import { handlerEnvironment } from './environment.js';
import { type HandlerSpec, LAMBDA_HANDLER } from './handlers.js';
import { MAX_SQS_RETENTION_DAYS } from './limits.js';
import { writableNamespaces } from './mapping-config.js';

export interface MetricFunctionStackProps extends StackProps {
  readonly config: InfraConfig;
  readonly handler: HandlerSpec;
  /** The stream from the stream stack: the function may read this one only. */
  readonly stream: kinesis.IStream;
  /** The handler app's deployment package: its bundler's zip (index.mjs, chunks/, source maps), or a directory. */
  readonly code: string;
}

/** Names of a function stack's alarms, fixed so the dashboard shows them without cross-stack imports. */
export function alarmNames(handler: HandlerSpec): { iteratorAge: string; failedRecords: string } {
  return {
    iteratorAge: `${handler.functionName}-iterator-age`,
    failedRecords: `${handler.functionName}-failed-records`,
  };
}

/** The namespace the IAM condition allows, or the list of them: one name stays a string, as it always was. */
function namespaceCondition(config: InfraConfig): string | string[] {
  const namespaces = writableNamespaces(config);
  return namespaces.length === 1 ? (namespaces[0] as string) : namespaces;
}

/**
 * One handler app as a Lambda function reading the stream: its own role (logs, its stream, PutMetricData
 * in its namespace only), log group, event source mapping, on-failure queue and alarms.
 */
export class MetricFunctionStack extends Stack {
  readonly function: lambda.Function;
  readonly failureQueue: sqs.Queue;
  readonly iteratorAgeAlarm: cloudwatch.Alarm;
  readonly failedRecordsAlarm: cloudwatch.Alarm;

  constructor(scope: Construct, id: string, props: MetricFunctionStackProps) {
    super(scope, id, props);
    const { config, handler, stream } = props;

    const logGroup = new logs.LogGroup(this, 'LogGroup', {
      logGroupName: `/aws/lambda/${handler.functionName}`,
      retention: config.logRetentionDays,
      removalPolicy: RemovalPolicy.DESTROY,
    });

    // An own role instead of the default one, which would attach the AWSLambdaBasicExecutionRole
    // managed policy (logs:CreateLogGroup and log writes on every log group in the account).
    const role = new iam.Role(this, 'Role', {
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
      description: `cwagg ${handler.kind} handler: its logs, its stream, PutMetricData in ${writableNamespaces(config).join(', ')}`,
    });
    logGroup.grantWrite(role);
    role.addToPolicy(
      new iam.PolicyStatement({
        sid: 'PutMetricDataInOwnNamespaceOnly',
        actions: ['cloudwatch:PutMetricData'],
        // PutMetricData has no resource type; the namespace condition is what scopes it.
        resources: ['*'],
        // The namespaces the handler publishes in: its own, and those records may carry a directive for.
        conditions: { StringEquals: { 'cloudwatch:namespace': namespaceCondition(config) } },
      }),
    );
    Validations.of(role).acknowledge({
      id: 'AwsSolutions-IAM5[Resource::*]',
      reason:
        'cloudwatch:PutMetricData supports no resource-level permissions; the statement is limited by the ' +
        'cloudwatch:namespace condition to the one configured namespace.',
    });

    this.function = new lambda.Function(this, 'Function', {
      functionName: handler.functionName,
      description: `cwagg: Kinesis records to CloudWatch, ${handler.title}`,
      runtime: lambda.Runtime.NODEJS_22_X,
      architecture: lambda.Architecture.ARM_64,
      handler: LAMBDA_HANDLER,
      // The handler app's own esbuild bundle, zipped by its bundler: the zip its tests run is what is deployed.
      code: lambda.Code.fromAsset(props.code),
      memorySize: config.memoryMb,
      timeout: Duration.seconds(config.timeoutSeconds),
      role,
      logGroup,
      environment: handlerEnvironment(config, handler),
    });
    Validations.of(this.function).acknowledge({
      id: 'AwsSolutions-L1',
      reason:
        'NODEJS_22_X is deliberate: the handlers are bundled and tested for Node.js 22, the runtime this ' +
        'project supports; moving to a newer runtime is a tested change, not a silent default.',
    });

    // Batches that still fail after the bounded retries, or records older than the maximum age, land here
    // as pointers (shard, sequence numbers) for inspection or replay while the stream still holds them.
    this.failureQueue = new sqs.Queue(this, 'FailureQueue', {
      encryption: sqs.QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: Duration.days(MAX_SQS_RETENTION_DAYS),
      removalPolicy: RemovalPolicy.DESTROY,
    });
    Validations.of(this.failureQueue).acknowledge({
      id: 'AwsSolutions-SQS3',
      reason:
        'This queue is itself the on-failure destination of the event source mapping; nothing consumes it ' +
        'automatically, so a dead-letter queue behind it would never receive anything.',
    });

    this.function.addEventSource(
      new KinesisEventSource(stream, {
        startingPosition: lambda.StartingPosition.TRIM_HORIZON,
        batchSize: config.batchSize,
        maxBatchingWindow: Duration.seconds(config.batchingWindowSeconds),
        parallelizationFactor: config.parallelizationFactor,
        // Only the aggregated handler folds a window into its state; the single-value one gains nothing.
        ...(handler.kind === 'aggregated' && config.tumblingWindowSeconds !== undefined
          ? { tumblingWindow: Duration.seconds(config.tumblingWindowSeconds) }
          : {}),
        // The handlers report the records they could not publish; only those are retried.
        reportBatchItemFailures: true,
        bisectBatchOnError: true,
        retryAttempts: config.retryAttempts,
        maxRecordAge: Duration.seconds(config.maxRecordAgeSeconds),
        onFailure: new SqsDlq(this.failureQueue),
      }),
    );

    const names = alarmNames(handler);
    this.iteratorAgeAlarm = new cloudwatch.Alarm(this, 'IteratorAgeAlarm', {
      alarmName: names.iteratorAge,
      alarmDescription: `${handler.functionName} is more than ${config.iteratorAgeAlarmSeconds} s behind the stream`,
      metric: this.function.metric('IteratorAge', { statistic: 'Maximum', period: Duration.minutes(1) }),
      threshold: config.iteratorAgeAlarmSeconds * 1000,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
      evaluationPeriods: 5,
      datapointsToAlarm: 3,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    });
    this.failedRecordsAlarm = new cloudwatch.Alarm(this, 'FailedRecordsAlarm', {
      alarmName: names.failedRecords,
      alarmDescription: `Batches of ${handler.functionName} gave up and were sent to its failure queue`,
      metric: this.failureQueue.metricApproximateNumberOfMessagesVisible({
        statistic: 'Maximum',
        period: Duration.minutes(1),
      }),
      threshold: 0,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
      evaluationPeriods: 1,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    });

    new CfnOutput(this, 'FunctionName', { value: this.function.functionName });
    new CfnOutput(this, 'FailureQueueUrl', {
      value: this.failureQueue.queueUrl,
      description: 'Batches that failed after the retries (pointers into the stream)',
    });
  }
}
