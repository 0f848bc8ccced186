// Synthesizes the real app the way `cdk synth` does (the context of cdk.json plus `-c` values), into a temp
// directory, with stand-in handler bundles: no AWS credentials, no network, no Docker.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { strToU8, zipSync } from 'fflate';
import { addCwaggStacks, type CwaggAppOptions, type CwaggStacks } from '../../lib/cwagg-app.js';
import { infraPackageDir } from '../../lib/handlers.js';

/** The context cdk.json gives every `cdk` command (feature flags included), so tests see what synth sees. */
export function cdkJsonContext(): Record<string, unknown> {
  const cdkJson = JSON.parse(readFileSync(join(infraPackageDir(), 'cdk.json'), 'utf8'));
  return cdkJson.context ?? {};
}

/** Recognisable stand-in bundle contents, so a test can tell which bundle a function deploys. */
export const FAKE_BUNDLE_SOURCE = {
  single: 'export const handler = async () => ({ batchItemFailures: [] }); // single\n',
  aggregated: 'export const handler = async () => ({ batchItemFailures: [] }); // aggregated\n',
} as const;

/** A chunk beside each stand-in entry, as the bundler writes the code a handler imports on demand. */
export const FAKE_CHUNK = { path: 'chunks/lazy-TEST.mjs', source: 'export const lazy = true;\n' } as const;

export interface Workspace {
  readonly root: string;
  /** A stand-in deployment package per handler, zipped as the bundler zips a handler app's bundle. */
  readonly bundles: { single: string; aggregated: string };
  /** A fresh, empty cloud assembly directory inside the workspace. */
  outdir(): string;
  cleanup(): void;
}

/** The files of a stand-in bundle, by path inside the package. */
export function fakeBundleFiles(kind: 'single' | 'aggregated'): Record<string, string> {
  return { 'index.mjs': FAKE_BUNDLE_SOURCE[kind], [FAKE_CHUNK.path]: FAKE_CHUNK.source };
}

/** A temp directory with a stand-in deployment package per handler; call cleanup() in afterAll. */
export function createWorkspace(): Workspace {
  const root = mkdtempSync(join(tmpdir(), 'cwagg-infra-test-'));
  const bundles = { single: join(root, 'single.zip'), aggregated: join(root, 'aggregated.zip') };
  for (const kind of ['single', 'aggregated'] as const) {
    const files = Object.entries(fakeBundleFiles(kind)).map(([path, source]) => [path, strToU8(source)]);
    writeFileSync(bundles[kind], zipSync(Object.fromEntries(files)));
  }
  let outdirs = 0;
  return {
    root,
    bundles,
    outdir: () => {
      outdirs += 1;
      return mkdtempSync(join(root, `cdk.out-${outdirs}-`));
    },
    cleanup: () => rmSync(root, { recursive: true, force: true }),
  };
}

export interface Synthesized extends CwaggStacks {
  readonly app: App;
  readonly outdir: string;
  readonly templates: {
    readonly stream: Template;
    readonly single: Template;
    readonly aggregated: Template;
    readonly dashboard: Template;
  };
}

/** Builds and synthesizes the app with `context` on top of cdk.json's, as `cdk synth -c key=value` would. */
export function synthesize(
  workspace: Workspace,
  context: Record<string, unknown> = {},
  options: CwaggAppOptions = {},
): Synthesized {
  const outdir = workspace.outdir();
  const app = new App({ outdir, context: { ...cdkJsonContext(), ...context } });
  const stacks = addCwaggStacks(app, { bundles: workspace.bundles, ...options });
  return {
    ...stacks,
    app,
    outdir,
    templates: {
      stream: Template.fromStack(stacks.stream),
      single: Template.fromStack(stacks.single),
      aggregated: Template.fromStack(stacks.aggregated),
      dashboard: Template.fromStack(stacks.dashboard),
    },
  };
}

/** CloudFormation template JSON has no static shape: tests index into it and assert on what they find. */
// biome-ignore lint/suspicious/noExplicitAny: see above; one alias instead of casts at every step.
export type CfnJson = any;

/** Every resource of a template, as [logicalId, resource] pairs. */
export function resources(
  template: Template,
): [string, { Type: string; Properties?: Record<string, CfnJson> }][] {
  return Object.entries(template.toJSON().Resources ?? {});
}

/** The one resource of `type` in a template; fails when there is not exactly one. */
export function onlyResource(
  template: Template,
  type: string,
): { id: string; props: Record<string, CfnJson> } {
  const found = resources(template).filter(([, r]) => r.Type === type);
  if (found.length !== 1) throw new Error(`expected exactly one ${type}, found ${found.length}`);
  const [id, resource] = found[0] as [string, { Properties?: Record<string, CfnJson> }];
  return { id, props: resource.Properties ?? {} };
}

/**
 * Renders an `Fn::Join` string with every CloudFormation token replaced by a placeholder, e.g. the
 * dashboard body, which CDK emits as a join around `AWS::Region` references.
 */
export function renderJoin(value: unknown): string {
  if (typeof value === 'string') return value;
  const join = (value as { 'Fn::Join'?: [string, unknown[]] })['Fn::Join'];
  if (!join) return '<token>';
  return join[1].map(renderJoin).join(join[0]);
}
