/**
 * The record() hot path: a service calls `record('Latency', ms, { unit, dimensions: { Route } })` with a
 * fresh options object every time, so the Aggregator's cache by definition object always misses. This cache
 * is keyed by content instead: a trie of Maps walked with the caller's own strings (name, unit, resolution,
 * then each dimension name and value). String literals are interned with their hash cached, so each level
 * is a cheap lookup; building one concatenated key string and hashing it cost several times more.
 */
import type { Unit } from '../limits/constants.js';

/** What identifies a metric in `record()`: everything but the value, its count and its timestamp. */
export interface MetricOptions {
  unit?: Unit;
  /** Up to 30 dimensions, including the buffer's default dimensions. */
  dimensions?: Readonly<Record<string, string>>;
  /** 60 (default) or 1: high-resolution metrics are bucketed per second and flushed every second. */
  storageResolution?: 1 | 60;
}

/** One trie level. `entry` is the metric whose path ends here; `next` continues longer paths. */
interface TrieNode<Entry> {
  entry: Entry | undefined;
  next: Map<unknown, TrieNode<Entry>> | undefined;
}

function emptyNode<Entry>(): TrieNode<Entry> {
  return { entry: undefined, next: undefined };
}

/** What `find` returns for input that must not be cached. */
const UNCACHEABLE = Symbol('uncacheable');

/**
 * Entries by content, created on first use. The path of a metric is name, unit, resolution, then each
 * (dimension name, value) pair in the caller's order: Map keys compare by type and value, so two different
 * metrics never share a path. Inputs that are not plain data (options or dimensions that are not objects,
 * non-string dimension values) are not cached: they go straight to `create`, which validates them.
 * Bounded: when full it starts over, so dimension values without bound (request ids, say) cost memory only
 * until the next reset.
 */
export class MetricCache<Entry> {
  private root: TrieNode<Entry> = emptyNode();
  private count = 0;

  constructor(
    private readonly maxEntries: number,
    private readonly create: (name: string, options: MetricOptions | undefined) => Entry,
  ) {}

  get(name: string, options: MetricOptions | undefined): Entry {
    const found = this.find(name, options);
    if (found === UNCACHEABLE) return this.create(name, options);
    if (found !== undefined) return found;
    const entry = this.create(name, options);
    if (this.count >= this.maxEntries) this.clear();
    this.remember(name, options, entry);
    return entry;
  }

  get size(): number {
    return this.count;
  }

  clear(): void {
    this.root = emptyNode();
    this.count = 0;
  }

  /** The hit path: Map lookups only, nothing allocated. */
  private find(name: string, options: MetricOptions | undefined): Entry | undefined | typeof UNCACHEABLE {
    if (options === undefined) return child(child(child(this.root, name), undefined), undefined)?.entry;
    if (options === null || typeof options !== 'object') return UNCACHEABLE;
    let node = child(child(child(this.root, name), options.unit), options.storageResolution);
    const dimensions = options.dimensions;
    if (dimensions !== undefined) {
      if (dimensions === null || typeof dimensions !== 'object') return UNCACHEABLE;
      for (const dimension in dimensions) {
        const value = dimensions[dimension];
        if (typeof value !== 'string') return UNCACHEABLE;
        node = child(child(node, dimension), value);
      }
    }
    return node?.entry;
  }

  private remember(name: string, options: MetricOptions | undefined, entry: Entry): void {
    let node = grow(grow(grow(this.root, name), options?.unit), options?.storageResolution);
    const dimensions = options?.dimensions;
    if (dimensions !== undefined) {
      for (const dimension in dimensions) node = grow(grow(node, dimension), dimensions[dimension]);
    }
    node.entry = entry;
    this.count++;
  }
}

function child<Entry>(node: TrieNode<Entry> | undefined, key: unknown): TrieNode<Entry> | undefined {
  return node?.next?.get(key);
}

function grow<Entry>(node: TrieNode<Entry>, key: unknown): TrieNode<Entry> {
  let next = node.next;
  if (next === undefined) {
    next = new Map();
    node.next = next;
  }
  let found = next.get(key);
  if (found === undefined) {
    found = emptyNode();
    next.set(key, found);
  }
  return found;
}
