/** Rendering templates in tests: many records from one seed, and the TemplateError a template raises. */
import { compileTemplate, TemplateError } from '../../src/index.js';

export function renderMany(template: string, n: number, seed = 1): string[] {
  const compiled = compileTemplate(template, { seed });
  return Array.from({ length: n }, () => compiled.render());
}

export function templateError(fn: () => unknown): TemplateError {
  try {
    fn();
  } catch (err) {
    if (err instanceof TemplateError) return err;
    throw err;
  }
  throw new Error('expected a TemplateError');
}
