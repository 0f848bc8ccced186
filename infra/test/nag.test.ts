import { Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import type { IConstruct } from 'constructs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createWorkspace, type Synthesized, synthesize, type Workspace } from './support/synth.js';

let workspace: Workspace;
let synth: Synthesized;

beforeAll(() => {
  workspace = createWorkspace();
  // synthesize() registers the AwsSolutions pack like the real app, so synthesis itself would throw on a finding.
  synth = synthesize(workspace);
});
afterAll(() => workspace.cleanup());

interface Acknowledgement {
  path: string;
  id: string;
  reason: string;
}

/** Every `Validations.of(x).acknowledge()` in the app, with the construct it was made on. */
function acknowledgements(root: IConstruct): Acknowledgement[] {
  return root.node.findAll().flatMap((construct) =>
    construct.node.metadata
      .filter((entry) => entry.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY)
      .flatMap((entry) =>
        Object.entries(entry.data as Record<string, string>).map(([id, reason]) => ({
          path: construct.node.path,
          id: id.replace(/^annotation::/i, ''),
          reason,
        })),
      ),
  );
}

/** AwsSolutions findings as [rule, construct path], optionally as if nothing had been acknowledged. */
function findings(root: IConstruct, ignoreAcknowledgements: boolean): [string, string][] {
  const pack = new AwsSolutionsChecks();
  if (ignoreAcknowledgements) {
    // Test-only: see the findings the acknowledgements hide, to prove none of them is stale.
    (pack as unknown as { isAcknowledged: () => boolean }).isAcknowledged = () => false;
  }
  return pack
    .validateScope(root)
    .violations.flatMap((v) =>
      v.violatingResources.map((r) => [v.ruleName, r.constructPath ?? ''] as [string, string]),
    );
}

describe('cdk-nag AwsSolutions', () => {
  it('reports no unacknowledged finding, error or warning', () => {
    expect(findings(synth.app, false)).toEqual([]);
  });

  it('gives every acknowledgement a reason that explains it', () => {
    const all = acknowledgements(synth.app);
    expect(all.length).toBeGreaterThan(0);
    for (const { id, reason } of all) {
      expect(reason.length, id).toBeGreaterThanOrEqual(60);
    }
  });

  it('acknowledges only findings that really occur, on the construct they occur under', () => {
    const raw = findings(synth.app, true);
    const acks = acknowledgements(synth.app);
    for (const ack of acks) {
      const matching = raw.filter(([rule, path]) => rule === ack.id && path.startsWith(`${ack.path}/`));
      expect(matching, `${ack.id} on ${ack.path} hides nothing`).not.toEqual([]);
    }
    // And every raw finding is covered by one of them.
    for (const [rule, path] of raw) {
      expect(
        acks.some((ack) => ack.id === rule && path.startsWith(`${ack.path}/`)),
        `${rule} at ${path}`,
      ).toBe(true);
    }
  });

  it('acknowledges exactly: PutMetricData on Resource "*", the Node.js 22 runtime, the queue that is the DLQ', () => {
    const ids = [...new Set(acknowledgements(synth.app).map((a) => a.id))].sort();
    expect(ids).toEqual(['AwsSolutions-IAM5[Resource::*]', 'AwsSolutions-L1', 'AwsSolutions-SQS3']);
  });
});
