// Normalises pasted error text for matching (case, quotes, wrapping, mail quoting, QP soft breaks) and maps hits back to the original.

/** Normalised text plus, for every character of it, the index of the original character it came from. */
export interface Normalized {
  /** Lower case; every gap (whitespace, quotes, markup) is one ' ', or '\n' when the gap held a line break. */
  text: string;
  map: number[];
}

const QUOTES = new Set(['"', "'", '`', '\u2018', '\u2019', '\u201a', '\u201c', '\u201d', '\u201e', '\u00ab', '\u00bb', '\u2039', '\u203a']);
const ENTITY = /^&(?:quot|apos|#0*39|#0*34|nbsp|lsquo|rsquo|ldquo|rdquo);/i;
const TAG = /^<\/?(?:br|p|div|span|td|tr|th|table|tbody|b|i|strong|em|pre|font|code|li|ul|ol)(?=[\s/>])[^<>]{0,200}>/i;
const BREAK_TAG = /^<\/?(?:br|p|div|tr|li|pre)\b/i;

/** Normalises `input` (any size; callers cap it). */
export function normalize(input: string): Normalized {
  const out: string[] = [];
  const map: number[] = [];
  let gap = false;
  let gapBreak = false;
  let lineStart = true;
  const n = input.length;
  let i = 0;
  while (i < n) {
    const ch = input[i] as string;
    // Quoted-printable soft line break: "=" at the end of a line joins the lines without a gap.
    if (ch === '=' && (input[i + 1] === '\n' || (input[i + 1] === '\r' && input[i + 2] === '\n'))) {
      i += input[i + 1] === '\r' ? 3 : 2;
      lineStart = true;
      continue;
    }
    if (ch === '\n' || ch === '\r') {
      gap = true;
      gapBreak = true;
      lineStart = true;
      i++;
      continue;
    }
    // Mail quoting ("> ") at the start of a line.
    if (lineStart && (ch === '>' || ch === ' ' || ch === '\t')) {
      gap = true;
      i++;
      continue;
    }
    if (/\s/.test(ch) || QUOTES.has(ch)) {
      gap = true;
      i++;
      continue;
    }
    if (ch === '&') {
      const m = ENTITY.exec(input.slice(i, i + 10));
      if (m) {
        gap = true;
        i += m[0].length;
        continue;
      }
    }
    if (ch === '<') {
      const m = TAG.exec(input.slice(i, i + 220));
      if (m) {
        gap = true;
        if (BREAK_TAG.test(m[0])) {
          gapBreak = true;
          lineStart = true;
        }
        i += m[0].length;
        continue;
      }
    }
    lineStart = false;
    if (gap && out.length > 0) {
      out.push(gapBreak ? '\n' : ' ');
      map.push(i);
    }
    gap = false;
    gapBreak = false;
    const code = input.charCodeAt(i);
    if (code < 0x80) {
      // ASCII (nearly all text): lower-cased without a slice and a string iterator per character
      out.push(code >= 65 && code <= 90 ? String.fromCharCode(code + 32) : ch);
      map.push(i);
      i++;
      continue;
    }
    const cp = input.codePointAt(i) as number;
    const len = cp > 0xffff ? 2 : 1;
    const lower = input.slice(i, i + len).toLowerCase();
    for (const c of lower) {
      out.push(c);
      map.push(i);
    }
    i += len;
  }
  return { text: out.join(''), map };
}

/**
 * The original text behind normalised span [start, end): original characters in their original case, every gap shown
 * as one space, quotes and mail quoting left out.
 */
export function originalOf(input: string, norm: Normalized, start: number, end: number): string {
  let s = '';
  let last = -1;
  for (let k = start; k < end; k++) {
    const c = norm.text[k] as string;
    if (c === ' ' || c === '\n') {
      s += ' ';
      last = -1;
      continue;
    }
    const o = norm.map[k] as number;
    if (o === last) continue;
    last = o;
    const cp = input.codePointAt(o) as number;
    s += String.fromCodePoint(cp);
  }
  return s.trim();
}
