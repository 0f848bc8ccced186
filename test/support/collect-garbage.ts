/**
 * A full garbage collection, as a busy process has at some unlucky moment: the deadline tests run one while a
 * request is on the wire. Needs node's --expose-gc (the package's vitest.config.ts passes it). Test-only;
 * imported by relative path.
 */
export function collectGarbage(): void {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (gc === undefined) throw new Error('the tests run with --expose-gc: see vitest.config.ts');
  gc();
}
