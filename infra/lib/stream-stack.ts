import { CfnOutput, Duration, RemovalPolicy, Stack, type StackProps } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kinesis from 'aws-cdk-lib/aws-kinesis';
import type { Construct } from 'constructs';
import type { InfraConfig } from './config.js';

export interface StreamStackProps extends StackProps {
  readonly config: InfraConfig;
}

/**
 * The Kinesis stream both functions read, and the managed policy a producer needs to write to it.
 * The policy replaces the original sample's Cognito pool for the Kinesis Data Generator: attach it to
 * the user or role that runs `cwagg-producer`.
 */
export class StreamStack extends Stack {
  readonly stream: kinesis.Stream;
  readonly producerPolicy: iam.ManagedPolicy;

  constructor(scope: Construct, id: string, props: StreamStackProps) {
    super(scope, id, props);
    const { config } = props;

    this.stream = new kinesis.Stream(this, 'Stream', {
      streamMode: kinesis.StreamMode.PROVISIONED,
      shardCount: config.shardCount,
      retentionPeriod: Duration.hours(config.retentionHours),
      // The AWS managed key (aws/kinesis): encrypted at rest, and producers and consumers need no KMS grants.
      encryption: kinesis.StreamEncryption.MANAGED,
      // Test data only: `destroy` removes the stream with the rest.
      removalPolicy: RemovalPolicy.DESTROY,
    });

    this.producerPolicy = new iam.ManagedPolicy(this, 'ProducerPolicy', {
      description: 'Lets cwagg-producer send records to the cwagg stream, and nothing else.',
      statements: [
        new iam.PolicyStatement({
          sid: 'PutRecordsOnThisStreamOnly',
          actions: ['kinesis:PutRecord', 'kinesis:PutRecords'],
          resources: [this.stream.streamArn],
        }),
        new iam.PolicyStatement({
          // cwagg-producer checks that the stream exists and is ACTIVE before it sends.
          sid: 'DescribeThisStreamOnly',
          actions: ['kinesis:DescribeStreamSummary'],
          resources: [this.stream.streamArn],
        }),
      ],
    });

    new CfnOutput(this, 'StreamName', {
      value: this.stream.streamName,
      description: 'Pass to cwagg-producer --stream',
    });
    new CfnOutput(this, 'StreamArn', { value: this.stream.streamArn });
    new CfnOutput(this, 'ProducerPolicyArn', {
      value: this.producerPolicy.managedPolicyArn,
      description: 'Attach to the IAM user or role that runs cwagg-producer',
    });
  }
}
