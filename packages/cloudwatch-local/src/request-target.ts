import { ServiceError } from './service-error.js';

/**
 * The request target as a URL. Only the origin form (`/path?query`) is served: an absolute URL, an
 * authority or `*`, or a target no URL parser accepts (`http://[`, which used to end the process from
 * outside any try), is a 400, never an exception.
 */
export function requestUrl(target: string): URL {
  const invalid = new ServiceError(
    'InvalidRequestTarget',
    `The request target ${JSON.stringify(target.slice(0, 200))} is not a path: send requests to "/".`,
  );
  if (!target.startsWith('/')) throw invalid;
  try {
    // Prefixed rather than resolved against a base, so that "//x" stays a path instead of naming a host.
    return new URL(`http://localhost${target}`);
  } catch {
    throw invalid;
  }
}
