/** The control endpoints under /_cwagg/, outside the AWS API: counters, health and reset. */
import { ServiceError } from './service-error.js';

export interface ControlTarget {
  stats(): unknown;
  reset(): void;
}

export type ControlAnswer = { body: unknown } | { error: ServiceError };

/** The answer of a control path, or the error for a wrong path or method. */
export function answerControl(target: ControlTarget, method: string, path: string): ControlAnswer {
  const routes: Record<string, [string, () => unknown]> = {
    '/_cwagg/stats': ['GET', () => target.stats()],
    '/_cwagg/health': ['GET', () => ({ status: 'ok' })],
    '/_cwagg/reset': [
      'POST',
      () => {
        target.reset();
        return { reset: true };
      },
    ],
  };
  const route = Object.hasOwn(routes, path) ? routes[path] : undefined;
  if (!route) {
    return {
      error: new ServiceError(
        'NotFound',
        `No such control path ${path.slice(0, 200)}: try ${Object.keys(routes).join(', ')}.`,
        404,
      ),
    };
  }
  const [allowed, run] = route;
  if (method !== allowed) {
    return {
      error: new ServiceError('MethodNotAllowed', `${path} answers ${allowed} only.`, 405, {
        allow: allowed,
      }),
    };
  }
  return { body: run() };
}
