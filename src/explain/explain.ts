// The explain library: error text or a finding id in, recognised entries with cause, check, fix and next command out.
import { MailtlsError } from '../errors.js';
import { CATALOG, UI } from './catalogue.js';
import type { Severity } from '../findings/types.js';
import { format, type Lang } from '../i18n/lang.js';
import { sanitize } from '../net/sanitize.js';
import { detect } from './match.js';
import { explainSignature, type Details, type Direction, type Side } from './signatures.js';
import { looksLikeId, suggest } from './suggest.js';
import { notTlsKind, type NotTls } from './kinds.js';
import { flowFromText, isOutlookMsg, looksLikeEml, readBounce, type BounceInfo, type MailFlow } from './bounce.js';

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
  /**
   * When the text is a bounce that names the sending and the receiving server (delivery-status fields or NDR lines):
   * those hosts, and the host on the side that must change (side and next are then set from them).
   */
  flow?: MailFlow & { fixHost: string };
}

export interface ExplainSuggestion {
  id: string;
  title: string;
  score: number;
}

export interface ExplainResult {
  matches: ExplainMatch[];
  /** True when no TLS entry was recognised (also when the text is recognised as a non-TLS problem: see notTls). */
  unknown: boolean;
  /** Closest entries when nothing was recognised, only above a relevance floor (empty otherwise). */
  suggestions: ExplainSuggestion[];
  /** When no TLS entry matched but the text is clearly another kind of delivery problem: which kind, in one line. */
  notTls: (NotTls & { message: string }) | null;
  /** When the input was a saved bounce (.eml): its recipients, delivery status and every MIME part with what was done with it. */
  bounce?: BounceInfo;
}

export interface ExplainOptions {
  lang?: Lang;
  /** How many suggestions for unknown text (default 3). */
  maxSuggestions?: number;
  /** The sending and receiving server of a saved bounce (explainBytes passes it); otherwise read from the text. */
  flow?: MailFlow | null;
}

/**
 * Applies what a bounce says about who sent and who received. Exchange Online supports TLS 1.2 and never sends with
 * TLS 1.0/1.1, so when it is one end of the flow, the other end is the one to fix; otherwise the reporting server
 * ("the server that logged it") is the sender and Remote-MTA ("the other side") the receiver. The proof for a receiver
 * is `mailtls probe <receiver>`: it connects the way a sending server does.
 */
function withFlow(m: ExplainMatch, flow: MailFlow): ExplainMatch {
  let side: Side = m.side;
  if (flow.senderIsExchangeOnline && !flow.receiverIsExchangeOnline && flow.receiver && ['either', 'remote', 'receiver'].includes(side)) side = 'receiver';
  else if (flow.receiverIsExchangeOnline && !flow.senderIsExchangeOnline && ['either', 'local', 'sender'].includes(side)) side = 'sender';
  else if (side === 'local') side = 'sender';
  else if (side === 'remote' && flow.receiver) side = 'receiver';
  const fixHost = side === 'receiver' ? flow.receiver : side === 'sender' ? flow.sender : '';
  let next = m.next;
  if (side === 'receiver' && fixHost) {
    next = next?.startsWith('mailtls probe ') ? next.replace(/<[a-z-]+>(?::25)?/, fixHost) : `mailtls probe ${fixHost}`;
  }
  const direction: Direction = m.direction === 'either' || m.direction === 'inbound' ? 'outbound' : m.direction;
  return { ...m, side, next, direction: flow.receiver ? direction : m.direction, flow: { ...flow, fixHost } };
}

function text(key: string, lang: Lang): string | null {
  const t = UI[key];
  return t ? t[lang] : null;
}

/** A `{name}` placeholder (or a count `{name#one|other}`); `${name}` is a literal macro (Sendmail's ${tls_version}), not one. */
const PLACEHOLDER = /(?<!\$)\{([a-zA-Z0-9_]+)(?:#[^|{}]*\|[^|{}]*)?\}/g;

/** Generic words for every placeholder of entry `id` (explaining an id has no measured values to fill in). */
function genericParams(id: string, lang: Lang): Details {
  const e = CATALOG[id];
  const out: Details = {};
  if (!e) return out;
  const texts = [e.title, e.message, e.cause, e.fix, UI[`explain.check.${id}`]].map((x) => x?.[lang] ?? '');
  for (const t of texts) {
    for (const m of t.matchAll(PLACEHOLDER)) {
      const name = m[1] as string;
      out[name] ??= text(`explain.placeholder.${name}`, lang) ?? text('explain.placeholder.any', lang) ?? '…';
    }
  }
  return out;
}

/** Builds the match for catalogue entry `id`; `fill` supplies placeholder values that are not details (a finding id's generic words). */
function fromCatalog(
  id: string,
  lang: Lang,
  hit: { confidence: number; evidence: string; occurrences: number; side: Side; direction: Direction; details: Details },
  fill: Details = {},
): ExplainMatch {
  const e = CATALOG[id];
  if (!e) throw new Error(`no catalogue entry for "${id}"`);
  const params = { ...fill, ...hit.details };
  const none = text('explain.no-cause', lang) ?? '';
  const check = text(`explain.check.${id}`, lang);
  // A generic word opening a sentence gets a capital ("{endpoint} accepts …" → "The server accepts …").
  const lead = (tpl: string) => {
    const s = format(tpl, params);
    return /^\{\w+\}/.test(tpl) && Object.keys(fill).length > 0 ? s.charAt(0).toUpperCase() + s.slice(1) : s;
  };
  return {
    id,
    severity: e.severity,
    title: lead(e.title[lang]),
    message: lead(e.message[lang]),
    confidence: hit.confidence,
    evidence: hit.evidence,
    occurrences: hit.occurrences,
    cause: e.cause ? format(e.cause[lang], params) : none,
    check: check === null ? null : format(check, params),
    fix: e.fix ? format(e.fix[lang], params) : none,
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
    throw new MailtlsError('EINPUT', format(text('explain.input.too-large', lang) ?? 'input larger than {max} bytes', { max: EXPLAIN_MAX_INPUT }), {
      max: EXPLAIN_MAX_INPUT,
    });
  }
  if (input.includes('\0')) throw new MailtlsError('EINPUT', text('explain.input.binary', lang) ?? 'input looks binary');
  const trimmed = input.trim();
  if (trimmed === '') throw new MailtlsError('EINPUT', text('explain.input.empty', lang) ?? 'no text to explain');

  // A finding id from any capability: explain its catalogue entry, its placeholders filled with generic words.
  if (looksLikeId(trimmed) && CATALOG[trimmed.toLowerCase()]) {
    const id = trimmed.toLowerCase();
    const s = explainSignature(id);
    const match = fromCatalog(
      id,
      lang,
      {
        confidence: 1,
        evidence: sanitize(trimmed, 200),
        occurrences: 1,
        side: s?.side ?? 'either',
        direction: s?.direction ?? 'either',
        details: {},
      },
      genericParams(id, lang),
    );
    return { matches: [match], unknown: false, suggestions: [], notTls: null };
  }

  const hits = detect(input).filter((h) => CATALOG[h.id]);
  if (hits.length > 0) {
    const flow = opts.flow !== undefined ? opts.flow : flowFromText(input);
    const matches = hits.map((h) => fromCatalog(h.id, lang, h));
    return { matches: flow ? matches.map((m) => withFlow(m, flow)) : matches, unknown: false, suggestions: [], notTls: null };
  }
  const other = looksLikeId(trimmed) ? null : notTlsKind(input);
  if (other) {
    const message = format(text('explain.not-tls', lang) ?? '{kind}', {
      kind: text(`explain.kind.${other.kind}`, lang) ?? other.kind,
      evidence: sanitize(other.evidence, 120),
    });
    return { matches: [], unknown: true, suggestions: [], notTls: { ...other, evidence: sanitize(other.evidence, 120), message } };
  }
  const suggestions = suggest(trimmed, opts.maxSuggestions ?? 3).map((s) => ({
    id: s.id,
    title: CATALOG[s.id]?.title[lang] ?? s.id,
    score: s.score,
  }));
  return { matches: [], unknown: true, suggestions, notTls: null };
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
  const lines = input
    .slice(0, 20_000)
    .split(/\r?\n/)
    .map((l) => sanitize(l, 2000));
  return {
    input: lines.join('\n').trim(),
    ...result,
    findings: result.matches.map((m) => ({
      id: m.id,
      severity: m.severity,
      message: m.message,
      ...(Object.keys(m.details).length > 0 ? { params: m.details } : {}),
    })),
    next: [...new Set(result.matches.map((m) => m.next).filter((n): n is string => n !== null))],
  };
}

/** Decodes input bytes: UTF-16 by its BOM (a PowerShell redirect), everything else as UTF-8 (a UTF-8 BOM is dropped). */
export function decodeInput(buf: Uint8Array): string {
  const b = Buffer.from(buf.buffer, buf.byteOffset, buf.byteLength);
  if (b[0] === 0xff && b[1] === 0xfe) return b.subarray(2).toString('utf16le');
  if (b[0] === 0xfe && b[1] === 0xff) return Buffer.from(b.subarray(2)).swap16().toString('utf16le');
  return b.toString('utf8').replace(/^\uFEFF/, '');
}

/**
 * Explains raw input bytes: a saved bounce (.eml, read with its MIME parts) or pasted text. An Outlook .msg is refused
 * with what to do instead. Throws MailtlsError('EINPUT') for empty, binary, oversized or unreadable input.
 */
export async function explainBytes(buf: Uint8Array, opts: ExplainOptions = {}): Promise<ExplainResult> {
  const lang = opts.lang ?? 'en';
  if (buf.byteLength > EXPLAIN_MAX_INPUT) {
    throw new MailtlsError('EINPUT', format(text('explain.input.too-large', lang) ?? 'input larger than {max} bytes', { max: EXPLAIN_MAX_INPUT }), {
      max: EXPLAIN_MAX_INPUT,
    });
  }
  if (isOutlookMsg(buf)) await readBounce(buf, lang); // throws the refusal
  const input = decodeInput(buf);
  if (!looksLikeEml(input)) return explain(input, opts);
  const { info, text: body } = await readBounce(buf, lang);
  const result = body.trim() === '' ? { matches: [], unknown: true, suggestions: [], notTls: null } : explain(body, { ...opts, flow: info.flow });
  return { ...result, bounce: info };
}
