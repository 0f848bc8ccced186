/**
 * Optional parts of the handlers (tumbling windows, the field mapping) are loaded on the first invocation that
 * needs them, with a dynamic `import()`: a Lambda bundle keeps each in a chunk of its own, so the cold start of
 * a configuration that does not use them reads none of their code.
 */

/** A part of the handler could not be loaded: in a bundle, a chunk is missing from the deployment package. */
export class LazyLoadError extends Error {
  override name = 'LazyLoadError';
  constructor(
    readonly part: string,
    cause: unknown,
  ) {
    const reason = cause instanceof Error ? `${cause.name}: ${cause.message}` : String(cause);
    super(
      `could not load the code for ${part} (${reason}); a Lambda bundle needs every file of its directory, ` +
        'chunks/ included, deployed beside index.mjs',
      { cause },
    );
  }
}

/**
 * `load`, run once on the first call and shared by the calls that follow. A failed load rejects with a
 * LazyLoadError (the first one, when one part loads another) and is not kept: the next call tries again.
 */
export function lazily<T>(part: string, load: () => Promise<T>): () => Promise<T> {
  let loading: Promise<T> | undefined;
  return () => {
    loading ??= load().catch((error: unknown) => {
      loading = undefined;
      throw error instanceof LazyLoadError ? error : new LazyLoadError(part, error);
    });
    return loading;
  };
}
