import { base, en, Faker } from '@faker-js/faker';
import { ProducerError, TemplateError, type TemplateProblem } from '../errors.js';
import { fakerRandomizer, newSeed, RandomStream } from '../random.js';
import { cleanTemplate, parseArguments, scanTemplate } from './parse.js';
import {
  ArgumentError,
  findPlaceholder,
  type Render,
  type RenderContext,
  suggestPlaceholder,
} from './placeholders.js';

export interface CompileTemplateOptions {
  /** Same seed, same template: the same records in the same order. Without one, every run differs. */
  seed?: number;
  /** The clock for `{{date.now}}` and relative dates (epoch ms or a Date). Default: the real clock. */
  now?: () => number | Date;
}

export interface CompiledTemplate {
  /** The template after the KDG's clean-up (trimmed, line breaks removed). */
  readonly template: string;
  /** The placeholder names it uses, in order of appearance. */
  readonly placeholders: readonly string[];
  /** Renders the next record. */
  render(): string;
}

/** @internal Which seeded stream a template draws from; produce() keeps keys apart from data. */
export interface CompileInternals {
  randomStream?: number;
}

/** A faker drawing from the workspace's seeded PRNG (a fresh seed when none is given). */
function newFaker(seed = newSeed(), stream: number = RandomStream.data): Faker {
  return new Faker({ locale: [en, base], randomizer: fakerRandomizer(seed, stream) });
}

function describe(name: string): string {
  const suggestion = suggestPlaceholder(name);
  const hint = suggestion ? ` Did you mean {{${suggestion}}}?` : '';
  return `unknown placeholder.${hint} (cwagg-producer --list-placeholders shows them all)`;
}

/**
 * Compiles a Kinesis Data Generator template once, so rendering a record is only drawing values.
 * Every problem (unknown placeholder, malformed braces, bad arguments, a placeholder that fails to
 * render) is reported together in one TemplateError, before anything is sent.
 */
export function compileTemplate(
  template: string,
  options: CompileTemplateOptions = {},
  internals: CompileInternals = {},
): CompiledTemplate {
  if (options.seed !== undefined && !Number.isSafeInteger(options.seed)) {
    throw new ProducerError('INVALID_OPTIONS', `The seed must be a whole number, got ${options.seed}.`);
  }
  const cleaned = cleanTemplate(template);
  const { parts, malformed } = scanTemplate(cleaned);
  const problems: TemplateProblem[] = malformed.map((m) => ({
    ...m,
    message: `${m.text} at character ${m.offset + 1}: not a placeholder (expected {{module.method}} or {{module.method(arguments)}})`,
  }));

  const clock = options.now;
  const context: RenderContext = {
    now: clock ? () => new Date(clock()) : () => new Date(),
  };
  const scratch = newFaker(); // trial renders must not consume the seeded stream
  const literals: string[] = [''];
  const renders: Render[] = [];
  const names: string[] = [];
  for (const part of parts) {
    if (part.kind === 'text') {
      literals[literals.length - 1] += part.text;
      continue;
    }
    names.push(part.name);
    const where = `${part.text} at character ${part.offset + 1}`;
    const definition = findPlaceholder(part.name);
    if (!definition) {
      problems.push({ text: part.text, offset: part.offset, message: `${where}: ${describe(part.name)}` });
      continue;
    }
    try {
      const render = definition.compile(parseArguments(part.args));
      render(scratch, context);
      renders.push(render);
      literals.push('');
    } catch (err) {
      const reason =
        err instanceof ArgumentError ? err.message : `fails to render: ${(err as Error).message}`;
      problems.push({ text: part.text, offset: part.offset, message: `${where}: ${reason}` });
    }
  }
  if (problems.length > 0) throw new TemplateError(problems);

  const faker = newFaker(options.seed, internals.randomStream);

  const head = literals[0] ?? '';
  const render =
    renders.length === 0
      ? () => head
      : () => {
          let out = head;
          for (let i = 0; i < renders.length; i += 1) {
            out += (renders[i] as Render)(faker, context) + literals[i + 1];
          }
          return out;
        };
  return { template: cleaned, placeholders: names, render };
}
