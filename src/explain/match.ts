// Finds known error signatures in pasted text: runs every pattern, drops hits explained by a bigger one, ranks the rest.
import { sanitize } from '../net/sanitize.js';
import { normalize, originalOf, type Normalized } from './normalize.js';
import { explainSignatures, literalsOf, oneLineSource, type Details, type Direction, type Side } from './signatures.js';

/** One recognised signature in the text. */
export interface SignatureHit {
  id: string;
  /** 0..1: how sure the best pattern that hit is. */
  confidence: number;
  /** The matched text from the input, sanitised, on one line. */
  evidence: string;
  /** How many separate places in the text show this signature. */
  occurrences: number;
  side: Side;
  direction: Direction;
  details: Details;
  /** Position of the first hit in the normalised text (ranking tie-break: earlier first). */
  position: number;
}

interface RawHit {
  sig: number;
  start: number;
  end: number;
  weight: number;
  direction?: Direction;
  details: Details;
}

/** Hits per pattern are capped so a huge log cannot make matching quadratic. */
const MAX_HITS_PER_PATTERN = 1000;
/** Evidence longer than this is cut (with "…"). */
export const EVIDENCE_MAX = 300;

/** Context that tells the direction when a signature itself cannot (protocol log headers, connector names). */
function directionHint(text: string): Direction | undefined {
  const out = /smtp send protocol log|send connector|verzendconnector|queue viewer|wachtrijviewer|postfix\/smtp\[/.test(text);
  const inb = /smtp receive protocol log|receive connector|ontvangstconnector|postfix\/smtpd\[/.test(text);
  if (out && !inb) return 'outbound';
  if (inb && !out) return 'inbound';
  return undefined;
}

/** True when hit `a` explains hit `b`: a covers b's span and is at least as sure (ties: longer, then earlier signature). */
function explains(a: RawHit, b: RawHit): boolean {
  if (a.sig === b.sig || a.start > b.start || a.end < b.end) return false;
  if (a.weight !== b.weight) return a.weight > b.weight;
  const la = a.end - a.start,
    lb = b.end - b.start;
  if (la !== lb) return la > lb;
  return a.sig < b.sig;
}

/** Longest span a pattern can match (bounded gaps), so only nearby hits need comparing. */
const MAX_SPAN = 2000;

/** The hits of a start-sorted list that may cover hit i (those starting up to MAX_SPAN before it; `before`: only earlier entries). */
function covering(sorted: readonly RawHit[], i: number, before = false): RawHit[] {
  const b = sorted[i] as RawHit;
  const out: RawHit[] = [];
  for (let j = i - 1; j >= 0; j--) {
    const a = sorted[j] as RawHit;
    if (b.start - a.start > MAX_SPAN) break;
    out.push(a);
  }
  for (let j = i + 1; !before && j < sorted.length; j++) {
    const a = sorted[j] as RawHit;
    if (a.start !== b.start) break;
    out.push(a);
  }
  return out;
}

/** The match with its capture groups replaced by the original text (case kept) they came from. */
function originalGroups(input: string, norm: Normalized, m: RegExpExecArray): RegExpExecArray {
  const out = Object.assign([...m], { index: m.index, input: m.input }) as unknown as RegExpExecArray;
  m.indices?.forEach((r, k) => {
    if (k > 0 && r) out[k] = originalOf(input, norm, r[0], r[1]);
  });
  return out;
}

/** Every signature found in `input`, best first. */
export function detect(input: string): SignatureHit[] {
  const norm = normalize(input);
  const text = norm.text;
  const raw: RawHit[] = [];
  // A pattern whose phrases are not all in the text cannot match: it is not run (compiling ~80 large regexps is most of
  // a cold `mailtls explain`).
  const squeezed = text.replace(/[ \n]/g, '');
  // (a text of one line runs the patterns without their optional line breaks: the same matches, compiled faster)
  const oneLine = !text.includes('\n');
  const EXPLAIN_SIGNATURES = explainSignatures();
  EXPLAIN_SIGNATURES.forEach((s, sig) => {
    for (const p of s.patterns) {
      if (literalsOf(p.re).some((l) => !squeezed.includes(l))) continue;
      const re = new RegExp(oneLine ? oneLineSource(p.re.source) : p.re.source, 'gd');
      let m: RegExpExecArray | null;
      let count = 0;
      while ((m = re.exec(text)) !== null && count < MAX_HITS_PER_PATTERN) {
        if (m[0].length === 0) {
          re.lastIndex++;
          continue;
        }
        count++;
        const h: RawHit = {
          sig,
          start: m.index,
          end: m.index + m[0].length,
          weight: p.weight,
          details: p.details ? p.details(originalGroups(input, norm, m)) : {},
        };
        if (p.direction) h.direction = p.direction;
        raw.push(h);
      }
    }
  });
  // Drop hits that a bigger, surer hit of another signature already explains (an NDR quoting a reply, for example).
  raw.sort((a, b) => a.start - b.start);
  let kept = raw.filter((b, i) => !covering(raw, i).some((a) => explains(a, b)));
  const matchedIds = new Set(kept.map((h) => (EXPLAIN_SIGNATURES[h.sig] as (typeof EXPLAIN_SIGNATURES)[number]).id));
  kept = kept.filter((h) => {
    const s = EXPLAIN_SIGNATURES[h.sig] as (typeof EXPLAIN_SIGNATURES)[number];
    return !(s.refinedBy?.some((r) => matchedIds.has(r)) && Object.keys(h.details).length === 0);
  });
  // A signature that quotes another (Exchange Online's 4.4.317 quoting the 451 5.7.3 it got) is the one reading.
  const suppressed = new Set(kept.flatMap((h) => (EXPLAIN_SIGNATURES[h.sig] as (typeof EXPLAIN_SIGNATURES)[number]).suppresses ?? []));
  kept = kept.filter((h) => !suppressed.has((EXPLAIN_SIGNATURES[h.sig] as (typeof EXPLAIN_SIGNATURES)[number]).id));

  const hint = directionHint(text);
  const bySig = new Map<number, RawHit[]>();
  for (const h of kept) bySig.set(h.sig, [...(bySig.get(h.sig) ?? []), h]);
  const out: SignatureHit[] = [];
  for (const [sig, hits] of bySig) {
    const s = EXPLAIN_SIGNATURES[sig] as (typeof EXPLAIN_SIGNATURES)[number];
    hits.sort((a, b) => b.weight - a.weight || a.start - b.start);
    const best = hits[0] as RawHit;
    // Separate places: hits of this signature not inside another of its hits.
    const byStart = [...hits].sort((a, b) => a.start - b.start || b.end - a.end);
    const distinct = byStart.filter((b, i) => !covering(byStart, i, true).some((a) => a.end >= b.end));
    const details: Details = {};
    for (const h of [...hits].reverse()) Object.assign(details, h.details);
    Object.assign(details, best.details);
    const direction = best.direction ?? (s.direction === 'either' && hint ? hint : s.direction);
    out.push({
      id: s.id,
      confidence: best.weight,
      evidence: sanitize(originalOf(input, norm, best.start, best.end), EVIDENCE_MAX),
      occurrences: distinct.length,
      side: s.side,
      direction,
      details,
      position: Math.min(...hits.map((h) => h.start)),
    });
  }
  const order = (id: string) => EXPLAIN_SIGNATURES.findIndex((s) => s.id === id);
  return out.sort((a, b) => b.confidence - a.confidence || a.position - b.position || order(a.id) - order(b.id));
}
