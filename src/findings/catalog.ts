// How a message catalogue works: merges message tables (a capability's or a lower layer's) and renders findings and UI
// strings from them. It holds no texts: each capability builds its own from its messages.ts, src/cli/catalog.ts all.
import { format, type Lang, type Params, type Text } from '../i18n/lang.js';
import type { Catalog, CatalogEntry, Finding, Severity } from './types.js';

/** One source of texts: a capability's (or a lower layer's) messages.ts, named for the duplicate-key error. */
export interface MessageTable<F extends Catalog = Catalog> {
  name: string;
  findings: F;
  ui: Record<string, Text>;
}

/** The union of the finding ids of some tables. */
type IdsOf<T extends readonly MessageTable[]> = { [K in keyof T]: T[K] extends MessageTable<infer F> ? keyof F & string : never }[number];

/** Texts merged from some tables, and what renders them. `finding()` takes only the ids those tables define. */
export interface Catalogue<Id extends string> {
  /** Every finding id of the tables, with its texts. */
  readonly CATALOG: Readonly<Catalog>;
  /** Every human-interface string of the tables, keyed `capability.name`. */
  readonly UI: Readonly<Record<string, Text>>;
  /** Builds a finding; an id without an entry is a programming error and throws. */
  finding(id: Id, lang?: Lang, params?: Params, severity?: Severity): Finding;
  /** The entry of a finding id, or undefined. */
  entry(id: string): CatalogEntry | undefined;
  /** Re-renders a finding's message in another language (reports); an id without an entry keeps its message. */
  rerender(f: Finding, lang: Lang): string;
  /** A UI string in the chosen language; an unknown key throws (tests catch it). */
  text(key: string, lang?: Lang, params?: Params): string;
}

function merge<T>(tables: readonly MessageTable[], pick: (m: MessageTable) => Record<string, T>): Record<string, T> {
  // copied table by table (Object.assign); fewer keys than the tables hold means a key defined twice: found, and named
  const out: Record<string, T> = {};
  let n = 0;
  for (const m of tables) {
    const t = pick(m);
    n += Object.keys(t).length;
    Object.assign(out, t);
  }
  if (Object.keys(out).length !== n) {
    const seen = new Set<string>();
    for (const m of tables) {
      for (const k of Object.keys(pick(m))) {
        if (seen.has(k)) throw new Error(`message key "${k}" is defined twice (second time in ${m.name})`);
        seen.add(k);
      }
    }
  }
  return out;
}

/**
 * A read-only record built on first use (a property read, `in`, Object.keys...): the merged tables are not built when a
 * module loads, so a start of the CLI that renders no finding does not merge them.
 */
function lazyRecord<T>(build: () => Readonly<Record<string, T>>): Readonly<Record<string, T>> {
  return new Proxy({} as Record<string, T>, {
    get: (_, k) => Reflect.get(build(), k),
    has: (_, k) => Reflect.has(build(), k),
    ownKeys: () => Reflect.ownKeys(build()),
    getOwnPropertyDescriptor: (_, k) => {
      const d = Reflect.getOwnPropertyDescriptor(build(), k);
      if (d) d.configurable = true; // the (empty) target has none of them: a proxy may not report them non-configurable
      return d;
    },
    set: () => false,
    defineProperty: () => false,
    deleteProperty: () => false,
  });
}

/**
 * Merges message tables into a catalogue. The merge (and its check that no key is defined twice, which throws) runs on
 * the first lookup, not when this is called: every capability builds its catalogue as its messages.ts loads.
 */
export function catalogue<const T extends readonly MessageTable[]>(...tables: T): Catalogue<IdsOf<T>> {
  let findings: Readonly<Catalog> | undefined;
  let texts: Readonly<Record<string, Text>> | undefined;
  const cat = (): Readonly<Catalog> => {
    findings ??= Object.freeze(merge(tables, (m) => m.findings));
    return findings;
  };
  const uis = (): Readonly<Record<string, Text>> => {
    texts ??= Object.freeze(merge(tables, (m) => m.ui));
    return texts;
  };
  return {
    CATALOG: lazyRecord(cat),
    UI: lazyRecord(uis),
    finding(id, lang = 'en', params = {}, severity) {
      const e = cat()[id];
      if (!e) throw new Error(`finding id "${id}" has no catalogue entry`);
      const f: Finding = { id, severity: severity ?? e.severity, message: format(e.message[lang], params) };
      if (Object.keys(params).length > 0) f.params = params;
      return f;
    },
    entry: (id) => cat()[id],
    rerender(f, lang) {
      const e = cat()[f.id];
      return e ? format(e.message[lang], f.params ?? {}) : f.message;
    },
    text(key, lang = 'en', params = {}) {
      const t = uis()[key];
      if (!t) throw new Error(`UI string "${key}" has no catalogue entry`);
      return format(t[lang], params);
    },
  };
}

/** Severity order for sorting: errors first. */
export const SEVERITY_RANK: Record<Severity, number> = { error: 0, warning: 1, info: 2 };

/** The worst severity among findings, or null. */
export function worst(findings: readonly Finding[]): Severity | null {
  let w: Severity | null = null;
  for (const f of findings) if (w === null || SEVERITY_RANK[f.severity] < SEVERITY_RANK[w]) w = f.severity;
  return w;
}
