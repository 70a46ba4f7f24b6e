// The explain library: error text or a finding id in, recognised entries with cause, check, fix and next command out.
import { MailtlsError } from '../errors.js';
import { CATALOG, UI } from '../findings/catalog.js';
import type { Severity } from '../findings/types.js';
import { format, type Lang } from '../i18n/lang.js';
import { sanitize } from '../net/sanitize.js';
import { detect } from './match.js';
import { explainSignature, type Details, type Direction, type Side } from './signatures.js';
import { looksLikeId, suggest } from './suggest.js';

/** Largest input explain accepts (a pasted NDR or a log excerpt; whole logs belong to `mailtls logs`). */
export const EXPLAIN_MAX_INPUT = 4 * 1024 * 1024;

export interface ExplainMatch {
  /** Catalogue id (`sig.*` for error signatures, or any finding id). */
  id: string;
  severity: Severity;
  title: string;
  message: string;
  /** 0..1. */
  confidence: number;
  /** The text from the input that matched, sanitised, on one line. */
  evidence: string;
  occurrences: number;
  cause: string;
  /** What else to look at; null when the catalogue has nothing more. */
  check: string | null;
  fix: string;
  /** The mailtls command that proves the diagnosis or the fix; null when none applies. */
  next: string | null;
  side: Side;
  direction: Direction;
  /** Values read from the text (alert code, protocol, error name). */
  details: Details;
}

export interface ExplainSuggestion { id: string; title: string; score: number }

export interface ExplainResult {
  matches: ExplainMatch[];
  /** True when nothing was recognised. */
  unknown: boolean;
  /** Closest entries when nothing was recognised (empty otherwise). */
  suggestions: ExplainSuggestion[];
}

export interface ExplainOptions {
  lang?: Lang;
  /** How many suggestions for unknown text (default 3). */
  maxSuggestions?: number;
}

function text(key: string, lang: Lang): string | null {
  const t = UI[key];
  return t ? t[lang] : null;
}

/** Words for placeholders a bare finding id leaves without a value ("{endpoint}" must never be shown raw). */
const GENERIC: Record<string, Record<Lang, string>> = {
  endpoint: { en: 'the server', nl: 'de server' }, host: { en: 'the server', nl: 'de server' }, remote: { en: 'the peer', nl: 'de andere kant' },
  peer: { en: 'the peer', nl: 'de andere kant' }, domain: { en: 'the domain', nl: 'het domein' }, target: { en: 'the target', nl: 'het doel' },
};

/** format() and then every placeholder still open filled with a generic word or "…". */
function fill(template: string, params: Details, lang: Lang): string {
  return format(template, params).replace(/\{([a-zA-Z0-9_]+)\}/g, (_m, k: string) => GENERIC[k]?.[lang] ?? '…');
}

/** Builds the match for catalogue entry `id`. */
function fromCatalog(id: string, lang: Lang, hit: { confidence: number; evidence: string; occurrences: number; side: Side; direction: Direction; details: Details }): ExplainMatch {
  const e = CATALOG[id];
  if (!e) throw new Error(`no catalogue entry for "${id}"`);
  const params = hit.details;
  const none = text('explain.no-cause', lang) ?? '';
  return {
    id,
    severity: e.severity,
    title: fill(e.title[lang], params, lang),
    message: fill(e.message[lang], params, lang),
    confidence: hit.confidence,
    evidence: hit.evidence,
    occurrences: hit.occurrences,
    cause: e.cause ? fill(e.cause[lang], params, lang) : none,
    check: text(`explain.check.${id}`, lang),
    fix: e.fix ? fill(e.fix[lang], params, lang) : none,
    next: e.next ?? null,
    side: hit.side,
    direction: hit.direction,
    details: hit.details,
  };
}

/**
 * Explains `input`: an NDR, queue viewer error, protocol/MTA log lines, an event log message, or a finding id.
 * Throws MailtlsError('EINPUT') for empty or oversized input.
 */
export function explain(input: string, opts: ExplainOptions = {}): ExplainResult {
  const lang = opts.lang ?? 'en';
  if (input.length > EXPLAIN_MAX_INPUT) {
    throw new MailtlsError('EINPUT', format(text('cli.input.too-large', lang) ?? 'input larger than {max} bytes', { max: EXPLAIN_MAX_INPUT }), { max: EXPLAIN_MAX_INPUT });
  }
  if (input.includes('\0')) throw new MailtlsError('EINPUT', text('cli.input.binary', lang) ?? 'input looks binary');
  const trimmed = input.trim();
  if (trimmed === '') throw new MailtlsError('EINPUT', text('cli.input.empty', lang) ?? 'no text to explain');

  // A finding id from any capability: explain its catalogue entry.
  if (looksLikeId(trimmed) && CATALOG[trimmed.toLowerCase()]) {
    const id = trimmed.toLowerCase();
    const s = explainSignature(id);
    const match = fromCatalog(id, lang, {
      confidence: 1, evidence: sanitize(trimmed, 200), occurrences: 1,
      side: s?.side ?? 'either', direction: s?.direction ?? 'either', details: {},
    });
    return { matches: [match], unknown: false, suggestions: [] };
  }

  const hits = detect(input).filter((h) => CATALOG[h.id]);
  if (hits.length > 0) {
    return { matches: hits.map((h) => fromCatalog(h.id, lang, h)), unknown: false, suggestions: [] };
  }
  const suggestions = suggest(trimmed, opts.maxSuggestions ?? 3).map((s) => ({
    id: s.id, title: CATALOG[s.id]?.title[lang] ?? s.id, score: s.score,
  }));
  return { matches: [], unknown: true, suggestions };
}

/** The `explain --json` document: the result plus `input`, `findings` and `next`, the shape `mailtls report` reads. */
export interface ExplainDocument extends ExplainResult {
  /** The input, sanitised line by line, cut at 20 000 characters. */
  input: string;
  findings: { id: string; severity: Severity; message: string; params?: Details }[];
  /** The distinct next commands, best match first. */
  next: string[];
}

/** Builds the JSON document for `result` of `input`. */
export function explainDocument(input: string, result: ExplainResult): ExplainDocument {
  const lines = input.slice(0, 20_000).split(/\r?\n/).map((l) => sanitize(l, 2000));
  return {
    input: lines.join('\n').trim(),
    ...result,
    findings: result.matches.map((m) => ({
      id: m.id, severity: m.severity, message: m.message, ...(Object.keys(m.details).length > 0 ? { params: m.details } : {}),
    })),
    next: [...new Set(result.matches.map((m) => m.next).filter((n): n is string => n !== null))],
  };
}
