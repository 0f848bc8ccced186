/**
 * The explicit mapping from the faker.js names the Kinesis Data Generator documents (faker.js 3.x-5.x,
 * plus the KDG's own `date.now`, `date.utc` and `random.weightedArrayElement`) to @faker-js/faker v10:
 * the registry of every group, and the lookups a template compiles with.
 *
 * Old names with no counterpart in v10 (address.cityPrefix, company.companySuffix, ...) are left out,
 * so a template using them fails with a clear "unknown placeholder" before anything is sent.
 */
import type { PlaceholderDefinition, PlaceholderGroup } from './placeholder-definition.js';
import { DATE_PLACEHOLDERS } from './placeholders/dates.js';
import {
  GIT_PLACEHOLDERS,
  HACKER_PLACEHOLDERS,
  IMAGE_PLACEHOLDERS,
  INTERNET_PLACEHOLDERS,
  LOREM_PLACEHOLDERS,
  MUSIC_AND_PHONE_PLACEHOLDERS,
  SYSTEM_PLACEHOLDERS,
  VEHICLE_PLACEHOLDERS,
} from './placeholders/internet-and-text.js';
import {
  ADDRESS_PLACEHOLDERS,
  COMMERCE_PLACEHOLDERS,
  COMPANY_PLACEHOLDERS,
  DATABASE_PLACEHOLDERS,
  FINANCE_PLACEHOLDERS,
  NAME_PLACEHOLDERS,
} from './placeholders/people-and-commerce.js';
import { DATATYPE_PLACEHOLDERS, HELPERS_PLACEHOLDERS, RANDOM_PLACEHOLDERS } from './placeholders/random.js';

export {
  ArgumentError,
  type PlaceholderDefinition,
  type Render,
  type RenderContext,
  toText,
} from './placeholder-definition.js';

/** In this order: the first match wins where suggestPlaceholder finds two equally near names. */
const PLACEHOLDER_TABLE: PlaceholderGroup = {
  ...RANDOM_PLACEHOLDERS,
  ...DATATYPE_PLACEHOLDERS,
  ...NAME_PLACEHOLDERS,
  ...ADDRESS_PLACEHOLDERS,
  ...COMMERCE_PLACEHOLDERS,
  ...COMPANY_PLACEHOLDERS,
  ...DATABASE_PLACEHOLDERS,
  ...DATE_PLACEHOLDERS,
  ...FINANCE_PLACEHOLDERS,
  ...GIT_PLACEHOLDERS,
  ...HACKER_PLACEHOLDERS,
  ...HELPERS_PLACEHOLDERS,
  ...IMAGE_PLACEHOLDERS,
  ...INTERNET_PLACEHOLDERS,
  ...LOREM_PLACEHOLDERS,
  ...MUSIC_AND_PHONE_PLACEHOLDERS,
  ...SYSTEM_PLACEHOLDERS,
  ...VEHICLE_PLACEHOLDERS,
};

export function findPlaceholder(name: string): PlaceholderDefinition | undefined {
  return Object.hasOwn(PLACEHOLDER_TABLE, name) ? PLACEHOLDER_TABLE[name] : undefined;
}

/** Every supported placeholder name with what it calls now, sorted by name. */
export function listPlaceholders(): { name: string; modern: string }[] {
  return Object.entries(PLACEHOLDER_TABLE)
    .map(([name, definition]) => ({ name, modern: definition.modern }))
    .sort((a, b) => a.name.localeCompare(b.name));
}

function editDistance(a: string, b: string): number {
  const previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i += 1) {
    let diagonal = previous[0] ?? 0;
    previous[0] = i;
    for (let j = 1; j <= b.length; j += 1) {
      const above = previous[j] ?? 0;
      const cost = a[i - 1]?.toLowerCase() === b[j - 1]?.toLowerCase() ? 0 : 1;
      previous[j] = Math.min(above + 1, (previous[j - 1] ?? 0) + 1, diagonal + cost);
      diagonal = above;
    }
  }
  return previous[b.length] ?? 0;
}

/** The supported name someone most likely meant: a near spelling, or the old name for a v10 call. */
export function suggestPlaceholder(name: string): string | undefined {
  const modernMatch = Object.entries(PLACEHOLDER_TABLE).find(([, d]) =>
    d.modern.startsWith(`faker.${name}(`),
  );
  if (modernMatch) return modernMatch[0];
  let best: string | undefined;
  let bestDistance = Math.max(3, Math.floor(name.length / 4)) + 1;
  for (const candidate of Object.keys(PLACEHOLDER_TABLE)) {
    const distance = editDistance(name, candidate);
    if (distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  return best;
}
