/**
 * Tiny handler bundles written for the tests: the host must behave the same whatever the handler does, so
 * each fixture does one thing (answers, throws, hangs, fails its cold start, crashes its process).
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll } from 'vitest';

const directory = mkdtempSync(join(tmpdir(), 'cwagg-fixture-bundles-'));
afterAll(() => rmSync(directory, { recursive: true, force: true }));

const SOURCES = {
  /** Answers every event with the number of its records and the environment it saw. */
  answers: `export const handler = async (event) => ({ records: event.Records.length, env: process.env.FIXTURE ?? null });`,
  /** Answers with the time its context says is left, as a handler that must stop in time reads it. */
  remaining: `export const handler = async (event, context) => ({ remainingMs: context.getRemainingTimeInMillis() });`,
  /** Throws from the handler: the host stays warm. */
  throws: `export const handler = async () => { throw new TypeError('bad batch'); };`,
  /** Never answers: only a timeout ends the invocation. */
  hangs: `export const handler = () => new Promise(() => { setInterval(() => {}, 1000); });`,
  /** Throws while the module loads, as a handler with a bad configuration does. */
  'fails-cold-start': `throw new Error('HandlerConfigError: NAMESPACE must not start with AWS/');\nexport const handler = async () => ({});`,
  /** Ends its own process in the middle of an invocation. */
  crashes: `export const handler = async () => { process.exit(3); };`,
} as const;

export type FixtureName = keyof typeof SOURCES;

/** Writes the fixture's bundle (once) and returns its path. */
export function fixtureBundle(name: FixtureName): string {
  const file = join(directory, `${name}.mjs`);
  writeFileSync(file, `${SOURCES[name]}\n`);
  return file;
}
