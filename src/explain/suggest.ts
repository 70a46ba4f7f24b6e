// Closest catalogue entries for text explain did not recognise: edit distance for id-like input, trigram overlap otherwise.
import { CATALOG } from './catalogue.js';
import { normalize } from './normalize.js';
import { explainSignatures } from './signatures.js';

export interface Suggestion {
  id: string;
  /** 0..1, higher is closer. */
  score: number;
}

/** Only this much of the input is compared (a whole log is not a useful query). */
const QUERY_MAX = 4000;

/** Below this score an entry is not shown at all: an unrelated suggestion misleads more than none. */
export const SUGGEST_FLOOR = 0.4;

/** Enhanced status codes (x.y.z) in a text, dots restored. */
function statusCodes(text: string): Set<string> {
  return new Set([...text.matchAll(/(?<![\d.])([245])\.(\d{1,3})\.(\d{1,3})(?![\d.]?\d)/g)].map((m) => `${m[2]}.${m[3]}`));
}

function trigrams(s: string): Set<string> {
  const t = ` ${s.replace(/\s+/g, ' ').trim()} `;
  const out = new Set<string>();
  for (let i = 0; i + 3 <= t.length; i++) out.add(t.slice(i, i + 3));
  return out;
}

/** Share of the candidate's trigrams that the query contains, weighted with the Dice coefficient. */
function similarity(q: Set<string>, c: Set<string>): number {
  if (q.size === 0 || c.size === 0) return 0;
  let both = 0;
  for (const g of c) if (q.has(g)) both++;
  const dice = (2 * both) / (q.size + c.size);
  const cover = both / c.size;
  return Math.max(dice, 0.8 * cover * Math.min(1, c.size / 12));
}

/** Levenshtein distance, bounded input (ids are short). */
function distance(a: string, b: string): number {
  const prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let diag = prev[0] as number;
    prev[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const up = prev[j] as number;
      prev[j] = Math.min(up + 1, (prev[j - 1] as number) + 1, diag + (a[i - 1] === b[j - 1] ? 0 : 1));
      diag = up;
    }
  }
  return prev[b.length] as number;
}

let corpus: { id: string; grams: Set<string> }[] | undefined;
let codesOf: Map<string, Set<string>> | undefined;

/** The status codes (class digit dropped: 4.4.317 and 5.4.317 are one) each error signature's samples carry. */
function signatureCodes(): Map<string, Set<string>> {
  if (codesOf) return codesOf;
  codesOf = new Map();
  for (const s of explainSignatures()) codesOf.set(s.id, new Set(s.samples.flatMap((x) => [...statusCodes(x)])));
  return codesOf;
}

/**
 * What each entry is compared against: for error text only the error signatures (their id, titles in both languages
 * and samples) — a finding of another capability, or a "pass" entry, is never the meaning of a pasted error.
 */
function candidates(): { id: string; grams: Set<string> }[] {
  if (corpus) return corpus;
  const out: { id: string; grams: Set<string> }[] = [];
  for (const [id, e] of Object.entries(CATALOG)) {
    if (!id.startsWith('sig.') || e.severity === 'info') continue;
    out.push({ id, grams: trigrams(id.replace(/[.-]/g, ' ')) });
    out.push({ id, grams: trigrams(normalize(e.title.en).text) });
    out.push({ id, grams: trigrams(normalize(e.title.nl).text) });
  }
  for (const s of explainSignatures()) for (const sample of s.samples) out.push({ id: s.id, grams: trigrams(normalize(sample).text) });
  corpus = out;
  return out;
}

/** True when the input looks like a finding id (`tls.tls12-not-offered`) rather than error text. */
export function looksLikeId(text: string): boolean {
  return /^[a-z0-9]+(?:[.-][a-z0-9]+)*$/i.test(text) && text.includes('.') && !/^\d[\d.]*$/.test(text);
}

/** Up to `max` closest catalogue entries, best first. */
export function suggest(text: string, max = 3): Suggestion[] {
  const q = text.trim().slice(0, QUERY_MAX);
  const best = new Map<string, number>();
  if (looksLikeId(q)) {
    const lq = q.toLowerCase();
    for (const id of Object.keys(CATALOG)) {
      const d = distance(lq, id);
      best.set(id, 1 - d / Math.max(lq.length, id.length));
    }
  } else {
    const grams = trigrams(normalize(q).text);
    const codes = statusCodes(q);
    for (const c of candidates()) {
      // A text with its own status codes never gets an entry whose samples carry only other codes (5.7.64 is not 4.7.66).
      const own = signatureCodes().get(c.id);
      if (codes.size > 0 && own && own.size > 0 && ![...own].some((x) => codes.has(x))) continue;
      const s = similarity(grams, c.grams);
      if (s > (best.get(c.id) ?? -1)) best.set(c.id, s);
    }
  }
  return (
    [...best.entries()]
      .map(([id, score]) => ({ id, score: Math.round(Math.max(0, score) * 100) / 100 }))
      .filter((x) => x.score >= SUGGEST_FLOOR)
      // ids are lower-case ASCII: code-point order (localeCompare would load ICU's collator, ~20 ms of a cold start)
      .sort((a, b) => b.score - a.score || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
      .slice(0, max)
  );
}
