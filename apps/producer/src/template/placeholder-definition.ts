/**
 * What a placeholder is: a name's definition validates the arguments once, when a template is compiled,
 * and returns a renderer that only draws values. Values are turned into text the way the KDG's `faker.fake`
 * did (`String(value)`: a Date becomes `Date.prototype.toString()`, an array its comma-joined elements),
 * except that a plain object becomes JSON instead of "[object Object]".
 */
import type { Faker } from '@faker-js/faker';

export interface RenderContext {
  /** The clock `date.now` and relative dates read; injectable so runs can be reproduced. */
  now(): Date;
}

export type Render = (faker: Faker, context: RenderContext) => string;

export interface PlaceholderDefinition {
  /** What the placeholder calls today, for the docs and `--list-placeholders`. */
  modern: string;
  /** Validates the arguments (throws ArgumentError) and returns the renderer. */
  compile(args: readonly unknown[]): Render;
}

export class ArgumentError extends Error {}

/** Placeholders by their KDG name. */
export type PlaceholderGroup = Record<string, PlaceholderDefinition>;

export function toText(value: unknown): string {
  if (typeof value === 'string') return value;
  if (value === undefined || value === null) return '';
  if (value instanceof Date || Array.isArray(value)) return String(value);
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}

/** A placeholder that takes no arguments (any given are ignored, as faker.js ignored them). */
export function plain(modern: string, draw: (f: Faker, c: RenderContext) => unknown): PlaceholderDefinition {
  return { modern, compile: () => (f, c) => toText(draw(f, c)) };
}

export function withArgs(
  modern: string,
  compile: (args: readonly unknown[]) => (f: Faker, c: RenderContext) => unknown,
): PlaceholderDefinition {
  return {
    modern,
    compile(args) {
      const draw = compile(args);
      return (f, c) => toText(draw(f, c));
    },
  };
}
