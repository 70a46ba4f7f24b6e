// The finding model shared by every capability: a stable id, a severity and a message rendered from the catalogue.
import type { Lang, Params, Text } from '../i18n/lang.js';

export type Severity = 'error' | 'warning' | 'info';

/** The answer of a check as a whole: every capability's verdict is this one type. */
export type Verdict = 'pass' | 'fail' | 'inconclusive';

/** One result of a check. `id` is stable, dotted, lower-case; `message` is rendered in the requested language. */
export interface Finding {
  id: string;
  severity: Severity;
  message: string;
  /** Values substituted into the message; kept so a report can re-render in another language. */
  params?: Params;
}

/**
 * A catalogue entry: what a finding means, in every language.
 * `message` may contain `{placeholders}`; `cause` and `fix` explain it (used by `explain` and reports);
 * `next` is the mailtls command that proves the fix (e.g. "mailtls probe <your-domain>").
 * `group` is how human output groups findings (e.g. registry: breaks-mail-flow / risky / no-effect).
 */
export interface CatalogEntry {
  severity: Severity;
  title: Text;
  message: Text;
  cause?: Text;
  fix?: Text;
  next?: string;
  group?: string;
}

export type Catalog = Record<string, CatalogEntry>;

/** Helper that only exists to type-check a capability's catalogue. */
export function defineCatalog<T extends Catalog>(c: T): T {
  return c;
}

export type { Lang };
