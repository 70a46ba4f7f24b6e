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
  const out: Record<string, T> = {};
  for (const m of tables) {
    for (const [k, v] of Object.entries(pick(m))) {
      if (k in out) throw new Error(`message key "${k}" is defined twice (second time in ${m.name})`);
      out[k] = v;
    }
  }
  return out;
}

/** Merges message tables (a key defined twice throws) into a catalogue. */
export function catalogue<const T extends readonly MessageTable[]>(...tables: T): Catalogue<IdsOf<T>> {
  const CATALOG: Readonly<Catalog> = Object.freeze(merge(tables, (m) => m.findings));
  const UI: Readonly<Record<string, Text>> = Object.freeze(merge(tables, (m) => m.ui));
  return {
    CATALOG,
    UI,
    finding(id, lang = 'en', params = {}, severity) {
      const e = CATALOG[id];
      if (!e) throw new Error(`finding id "${id}" has no catalogue entry`);
      const f: Finding = { id, severity: severity ?? e.severity, message: format(e.message[lang], params) };
      if (Object.keys(params).length > 0) f.params = params;
      return f;
    },
    entry: (id) => CATALOG[id],
    rerender(f, lang) {
      const e = CATALOG[f.id];
      return e ? format(e.message[lang], f.params ?? {}) : f.message;
    },
    text(key, lang = 'en', params = {}) {
      const t = UI[key];
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
