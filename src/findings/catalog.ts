// The one message catalogue: merges every capability's findings and UI strings, and renders them per language.
import { format, type Lang, type Params, type Text } from '../i18n/lang.js';
import type { Catalog, CatalogEntry, Finding, Severity } from './types.js';
import * as probe from '../probe/messages.js';
import * as dane from '../probe/dane/messages.js';
import * as receiver from '../receiver/messages.js';
import * as send from '../send/messages.js';
import * as registry from '../registry/messages.js';
import * as logs from '../logs/messages.js';
import * as explain from '../explain/messages.js';
import * as scan from '../scan/messages.js';
import * as lab from '../lab/messages.js';
import * as report from '../report/messages.js';
import * as cli from '../cli/messages.js';
import * as probeConnector from '../probe/connector-messages.js';
import * as receiverConnector from '../receiver/connector-messages.js';
import * as reportConnector from '../report/connector-messages.js';

const modules: { name: string; findings: Catalog; ui: Record<string, Text> }[] = [
  { name: 'probe', ...probe }, { name: 'dane', ...dane }, { name: 'receiver', ...receiver }, { name: 'send', ...send },
  { name: 'registry', ...registry }, { name: 'logs', ...logs }, { name: 'explain', ...explain }, { name: 'scan', ...scan },
  { name: 'lab', ...lab }, { name: 'report', ...report }, { name: 'cli', ...cli },
  { name: 'probe-connector', ...probeConnector }, { name: 'receiver-connector', ...receiverConnector },
  { name: 'report-connector', ...reportConnector },
];

function merge<T>(pick: (m: (typeof modules)[number]) => Record<string, T>): Record<string, T> {
  const out: Record<string, T> = {};
  for (const m of modules) {
    for (const [k, v] of Object.entries(pick(m))) {
      if (k in out) throw new Error(`message key "${k}" is defined twice (second time in ${m.name})`);
      out[k] = v;
    }
  }
  return out;
}

/** Every finding id known to mailtls, with its texts. */
export const CATALOG: Readonly<Catalog> = Object.freeze(merge((m) => m.findings));
/** Every human-interface string, keyed `capability.name`. */
export const UI: Readonly<Record<string, Text>> = Object.freeze(merge((m) => m.ui));

/** The catalogue entry of a finding id, or undefined. */
export function entry(id: string): CatalogEntry | undefined {
  return CATALOG[id];
}

/** Builds a finding from the catalogue; an unknown id is a programming error and throws. */
export function finding(id: string, lang: Lang = 'en', params: Params = {}, severity?: Severity): Finding {
  const e = CATALOG[id];
  if (!e) throw new Error(`finding id "${id}" has no catalogue entry`);
  const f: Finding = { id, severity: severity ?? e.severity, message: format(e.message[lang], params) };
  if (Object.keys(params).length > 0) f.params = params;
  return f;
}

/** Re-renders a finding's message in another language (reports). */
export function rerender(f: Finding, lang: Lang): string {
  const e = CATALOG[f.id];
  return e ? format(e.message[lang], f.params ?? {}) : f.message;
}

/** A UI string in the chosen language; an unknown key throws (tests catch it). */
export function ui(key: string, lang: Lang = 'en', params: Params = {}): string {
  const t = UI[key];
  if (!t) throw new Error(`UI string "${key}" has no catalogue entry`);
  return format(t[lang], params);
}

/** Severity order for sorting: errors first. */
export const SEVERITY_RANK: Record<Severity, number> = { error: 0, warning: 1, info: 2 };

/** The worst severity among findings, or null. */
export function worst(findings: readonly Finding[]): Severity | null {
  let w: Severity | null = null;
  for (const f of findings) if (w === null || SEVERITY_RANK[f.severity] < SEVERITY_RANK[w]) w = f.severity;
  return w;
}
