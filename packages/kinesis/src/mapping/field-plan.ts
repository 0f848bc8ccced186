/**
 * What the JSON scanner looks for in a record: the members a mapping reads, as a tree of keys from the root,
 * each leading to the slots it fills. Built once per handler; the scanner compares raw key bytes against it.
 */

/** What a slot holds after a scan. */
export const ABSENT = 0;
export const NUMBER = 1;
/** A string of printable ASCII without escapes, as byte offsets into the payload. */
export const PLAIN_STRING = 2;

/** How a slot is used: a metric takes numbers only; a dimension takes numbers and plain strings. */
export const METRIC_SLOT = 0;
export const DIMENSION_SLOT = 1;

export interface PlanLevel {
  /** The UTF-8 bytes of each key at this level that a record can hold unescaped. */
  readonly keys: readonly Uint8Array[];
  /**
   * By a key's first byte (the closing quote for the empty key): the first key starting with it, or -1; the
   * next ones follow `sameFirstByte`. A record's key is compared with those alone.
   */
  readonly firstWithByte: Int16Array;
  readonly sameFirstByte: Int16Array;
  readonly entries: readonly PlanEntry[];
}

export interface PlanEntry {
  /** Slots filled by the value of this key, and how each is used. */
  readonly slots: readonly number[];
  readonly uses: readonly number[];
  /** Keys read inside this key's value, when it is an object. */
  readonly child: PlanLevel | undefined;
  /** Every slot at or below this key: emptied again when a duplicate key appears (JSON.parse keeps the last). */
  readonly below: readonly number[];
  /** A key whose presence sends the record to the full parse (an embedded-metric-format `_aws`). */
  readonly bail: boolean;
}

export interface FieldPlan {
  readonly root: PlanLevel;
  readonly slotCount: number;
}

interface Draft {
  keys: string[];
  entries: { slots: number[]; uses: number[]; child: Draft | undefined; bail: boolean }[];
}

const encoder = new TextEncoder();

function entryOf(level: Draft, key: string): Draft['entries'][number] {
  let at = level.keys.indexOf(key);
  if (at < 0) {
    at = level.keys.length;
    level.keys.push(key);
    level.entries.push({ slots: [], uses: [], child: undefined, bail: false });
  }
  return level.entries[at] as Draft['entries'][number];
}

/**
 * Whether a key can appear in a record as its own bytes: one holding a quote, a backslash or a control
 * character is always escaped there, and the scanner leaves every escaped key to the full parse.
 */
function writtenAsIs(key: string): boolean {
  for (let i = 0; i < key.length; i++) {
    const code = key.charCodeAt(i);
    if (code < 0x20 || code === QUOTE || code === 0x5c) return false;
  }
  return true;
}

const QUOTE = 0x22;

function firstByteChains(keys: readonly Uint8Array[]): Pick<PlanLevel, 'firstWithByte' | 'sameFirstByte'> {
  const firstWithByte = new Int16Array(256).fill(-1);
  const sameFirstByte = new Int16Array(keys.length).fill(-1);
  for (let k = keys.length - 1; k >= 0; k--) {
    const key = keys[k] as Uint8Array;
    const first = key.length === 0 ? QUOTE : (key[0] as number);
    sameFirstByte[k] = firstWithByte[first] as number;
    firstWithByte[first] = k;
  }
  return { firstWithByte, sameFirstByte };
}

function freeze(level: Draft): { level: PlanLevel; slots: number[] } {
  const all: number[] = [];
  const keys: Uint8Array[] = [];
  const entries: PlanEntry[] = [];
  level.entries.forEach((entry, k) => {
    const child = entry.child === undefined ? undefined : freeze(entry.child);
    const below = [...entry.slots, ...(child?.slots ?? [])];
    all.push(...below);
    const key = level.keys[k] as string;
    // A key never written as is is never found: its slots stay ABSENT, or the record takes the full parse.
    if (!writtenAsIs(key)) return;
    keys.push(encoder.encode(key));
    entries.push({ slots: entry.slots, uses: entry.uses, child: child?.level, below, bail: entry.bail });
  });
  return { level: { keys, ...firstByteChains(keys), entries }, slots: all };
}

/**
 * A plan reading `paths[i]` into slot i, used as `uses[i]`; `bailKeys` are root keys that send a record to the
 * full parse.
 */
export function buildFieldPlan(
  paths: readonly (readonly string[])[],
  uses: readonly number[],
  bailKeys: readonly string[] = [],
): FieldPlan {
  const root: Draft = { keys: [], entries: [] };
  paths.forEach((path, slot) => {
    let level = root;
    path.forEach((key, depth) => {
      const entry = entryOf(level, key);
      if (depth === path.length - 1) {
        entry.slots.push(slot);
        entry.uses.push(uses[slot] as number);
      } else {
        entry.child ??= { keys: [], entries: [] };
        level = entry.child;
      }
    });
  });
  for (const key of bailKeys) entryOf(root, key).bail = true;
  return { root: freeze(root).level, slotCount: paths.length };
}
