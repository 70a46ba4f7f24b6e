// Closest catalogue entries for text explain did not recognise: edit distance for id-like input, trigram overlap otherwise.
import { CATALOG } from '../findings/catalog.js';
import { normalize } from './normalize.js';
import { EXPLAIN_SIGNATURES } from './signatures.js';

export interface Suggestion {
  id: string;
  /** 0..1, higher is closer. */
  score: number;
}

/** Only this much of the input is compared (a whole log is not a useful query). */
const QUERY_MAX = 4000;

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

/** What each entry is compared against: its id, titles in both languages, and for signatures their samples. */
function candidates(): { id: string; grams: Set<string> }[] {
  if (corpus) return corpus;
  const out: { id: string; grams: Set<string> }[] = [];
  for (const [id, e] of Object.entries(CATALOG)) {
    out.push({ id, grams: trigrams(id.replace(/[.-]/g, ' ')) });
    out.push({ id, grams: trigrams(normalize(e.title.en).text) });
    out.push({ id, grams: trigrams(normalize(e.title.nl).text) });
  }
  for (const s of EXPLAIN_SIGNATURES) for (const sample of s.samples) out.push({ id: s.id, grams: trigrams(normalize(sample).text) });
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
    for (const c of candidates()) {
      const s = similarity(grams, c.grams);
      if (s > (best.get(c.id) ?? -1)) best.set(c.id, s);
    }
  }
  return [...best.entries()]
    .map(([id, score]) => ({ id, score: Math.round(Math.max(0, score) * 100) / 100 }))
    // ids are lower-case ASCII: code-point order (localeCompare would load ICU's collator, ~20 ms of a cold start)
    .sort((a, b) => b.score - a.score || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
    .slice(0, max);
}
