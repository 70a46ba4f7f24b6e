// Tokenizer for the literal subset of PowerShell that registry scripts use: commands, -parameters, quoted strings, numbers.
// Own code: npm has no maintained PowerShell tokenizer for Node (only editor grammars: tree-sitter, WebAssembly highlighters).

/** A token of one statement. `dynamic` marks anything whose value needs PowerShell to run ($x, $(…), (…), @(…), {…}). */
export type PsToken =
  | { kind: 'word'; text: string }
  | { kind: 'param'; name: string /** `-Name:value` */; value?: PsToken }
  | { kind: 'string'; text: string }
  | { kind: 'number'; value: number; text: string }
  | { kind: 'dynamic'; text: string }
  | { kind: 'pipe' }
  | { kind: 'comma' };

/** One statement: its tokens, the 1-based line it starts on and the last line it covers. */
export interface PsStatement {
  tokens: PsToken[];
  line: number;
  endLine: number;
  text: string /** depth of { } around it */;
  depth: number;
}

/** Comment text with its line (for commented-out commands). */
export interface PsComment {
  line: number;
  text: string;
}

/** Dashes PowerShell accepts in front of a parameter name: hyphen-minus, en dash, em dash, horizontal bar. */
const DASHES = new Set(['-', '\u2013', '\u2014', '\u2015']);
/** Quotes PowerShell accepts: straight and curly. */
const SQ = new Set(["'", '\u2018', '\u2019', '\u201a', '\u201b']);
const DQ = new Set(['"', '\u201c', '\u201d', '\u201e']);

const WORD_END = new Set([' ', '\t', ';', '|', '(', ')', '{', '}', ',', '\n', '\r']);

/** Splits a script into statements and comments. Never throws; anything it cannot read becomes a `dynamic` token. */
export function tokenizePowerShell(text: string): { statements: PsStatement[]; comments: PsComment[] } {
  const statements: PsStatement[] = [];
  const comments: PsComment[] = [];
  let i = 0;
  let line = 1;
  let depth = 0;
  let cur: PsToken[] = [];
  let curLine = 1;
  let curStart = 0;
  const n = text.length;

  const flush = (end: number): void => {
    if (cur.length > 0) statements.push({ tokens: cur, line: curLine, endLine: line, text: text.slice(curStart, end).trim(), depth });
    cur = [];
  };
  const push = (t: PsToken, start: number): void => {
    if (cur.length === 0) {
      curLine = line;
      curStart = start;
    }
    cur.push(t);
  };

  while (i < n) {
    const c = text[i] as string;
    if (c === '\n') {
      flush(i);
      line++;
      i++;
      continue;
    }
    if (c === ' ' || c === '\t' || c === '\r' || c === '\f' || c === '\u00a0' || c === '\ufeff') {
      i++;
      continue;
    }
    if (c === '`' && (text[i + 1] === '\n' || (text[i + 1] === '\r' && text[i + 2] === '\n'))) {
      // line continuation
      i += text[i + 1] === '\n' ? 2 : 3;
      line++;
      continue;
    }
    if (c === ';') {
      flush(i);
      i++;
      continue;
    }
    if (c === '<' && text[i + 1] === '#') {
      flush(i);
      const end = text.indexOf('#>', i + 2);
      const stop = end < 0 ? n : end + 2;
      const body = text.slice(i + 2, end < 0 ? n : end);
      const startLine = line;
      body.split('\n').forEach((l, k) => comments.push({ line: startLine + k, text: l }));
      for (let k = i; k < stop; k++) if (text[k] === '\n') line++;
      i = stop;
      continue;
    }
    if (c === '#') {
      let e = text.indexOf('\n', i);
      if (e < 0) e = n;
      comments.push({ line, text: text.slice(i + 1, e).replace(/\r$/, '') });
      i = e;
      continue;
    }
    if (c === '|') {
      push({ kind: 'pipe' }, i);
      i++;
      continue;
    }
    if (c === ',') {
      push({ kind: 'comma' }, i);
      i++;
      continue;
    }
    if (c === '{') {
      flush(i);
      depth++;
      i++;
      continue;
    }
    if (c === '}') {
      flush(i);
      depth = Math.max(0, depth - 1);
      i++;
      continue;
    }
    const start = i;
    if (c === '(' || (c === '@' && (text[i + 1] === '(' || text[i + 1] === '{')) || (c === '$' && text[i + 1] === '(')) {
      const e = matchParen(i + (c === '(' ? 0 : 1));
      push({ kind: 'dynamic', text: text.slice(start, e) }, start);
      i = e;
      continue;
    }
    if (SQ.has(c)) {
      const r = readSingle(i + 1);
      push({ kind: 'string', text: r.text }, start);
      i = r.end;
      continue;
    }
    if (DQ.has(c)) {
      const r = readDouble(i + 1);
      push(r.dynamic ? { kind: 'dynamic', text: text.slice(start, r.end) } : { kind: 'string', text: r.text }, start);
      i = r.end;
      continue;
    }
    if (c === '@' && (SQ.has(text[i + 1] ?? '') || DQ.has(text[i + 1] ?? '')) && (text[i + 2] === '\n' || text[i + 2] === '\r')) {
      // here-string: dynamic (multi-line text is never a registry literal here)
      const close = (text[i + 1] as string) + '@';
      let e = text.indexOf('\n' + close, i);
      e = e < 0 ? n : e + 3;
      for (let k = i; k < e; k++) if (text[k] === '\n') line++;
      push({ kind: 'dynamic', text: '@' + (text[i + 1] as string) + '…' }, start);
      i = e;
      continue;
    }
    // a bare word, parameter, number or variable
    let e = i;
    while (e < n && !WORD_END.has(text[e] as string)) {
      if (text[e] === '`' && e + 1 < n && text[e + 1] !== '\n' && text[e + 1] !== '\r') {
        e += 2;
        continue;
      }
      if (SQ.has(text[e] as string) || DQ.has(text[e] as string)) break;
      e++;
    }
    if (e === i) e = i + 1;
    const w = text.slice(i, e);
    i = e;
    if (DASHES.has(w[0] as string) && w.length > 1 && /^[A-Za-z_?]/.test(w.slice(1))) {
      const colon = w.indexOf(':');
      if (colon > 0) {
        const v = w.slice(colon + 1);
        push({ kind: 'param', name: w.slice(1, colon), value: v === '' ? nextValue() : wordToken(v) }, start);
      } else push({ kind: 'param', name: w.slice(1) }, start);
      continue;
    }
    push(wordToken(w), start);
  }
  flush(n);
  return { statements, comments };

  function nextValue(): PsToken {
    while (i < n && (text[i] === ' ' || text[i] === '\t')) i++;
    const c = text[i] as string;
    if (SQ.has(c)) {
      const r = readSingle(i + 1);
      i = r.end;
      return { kind: 'string', text: r.text };
    }
    if (DQ.has(c)) {
      const s = i;
      const r = readDouble(i + 1);
      i = r.end;
      return r.dynamic ? { kind: 'dynamic', text: text.slice(s, r.end) } : { kind: 'string', text: r.text };
    }
    let e = i;
    while (e < n && !WORD_END.has(text[e] as string)) e++;
    const w = text.slice(i, e);
    i = e;
    return wordToken(w);
  }

  function readSingle(from: number): { text: string; end: number } {
    let out = '';
    let k = from;
    while (k < n) {
      const ch = text[k] as string;
      if (SQ.has(ch)) {
        if (SQ.has(text[k + 1] ?? '')) {
          out += ch;
          k += 2;
          continue;
        }
        return { text: out, end: k + 1 };
      }
      if (ch === '\n') line++;
      out += ch;
      k++;
    }
    return { text: out, end: n };
  }

  function readDouble(from: number): { text: string; end: number; dynamic: boolean } {
    let out = '';
    let k = from;
    let dynamic = false;
    while (k < n) {
      const ch = text[k] as string;
      if (ch === '`' && k + 1 < n) {
        const nx = text[k + 1] as string;
        out += nx === 'n' ? '\n' : nx === 't' ? '\t' : nx === 'r' ? '\r' : nx === '0' ? '\0' : nx;
        k += 2;
        continue;
      }
      if (DQ.has(ch)) {
        if (DQ.has(text[k + 1] ?? '')) {
          out += ch;
          k += 2;
          continue;
        }
        return { text: out, end: k + 1, dynamic };
      }
      if (ch === '$' && /[A-Za-z_({:?]/.test(text[k + 1] ?? '')) dynamic = true;
      if (ch === '\n') line++;
      out += ch;
      k++;
    }
    return { text: out, end: n, dynamic };
  }

  function matchParen(open: number): number {
    const o = text[open] as string;
    const cl = o === '(' ? ')' : '}';
    let d = 0;
    for (let k = open; k < n; k++) {
      const ch = text[k] as string;
      if (ch === o) d++;
      else if (ch === cl) {
        d--;
        if (d === 0) return k + 1;
      } else if (ch === '\n') line++;
    }
    return n;
  }
}

/** A bare word: number (decimal or 0x hex, Int32 or Int64 range), variable (dynamic) or plain word. */
function wordToken(w: string): PsToken {
  if (w.startsWith('$') || w.startsWith('@') || w.includes('$(')) {
    if (/^\$(true|false|null)$/i.test(w)) return { kind: 'word', text: w };
    return { kind: 'dynamic', text: w };
  }
  if (/^0x[0-9a-f]{1,16}$/i.test(w)) {
    const big = BigInt(w);
    // PowerShell reads 0x80000000..0xffffffff as negative Int32 (the same 32 bits); wider values are Int64.
    return { kind: 'number', value: big <= 0xffffffffn ? Number(big) : Number.NaN, text: w };
  }
  if (/^[+-]?\d{1,20}$/.test(w)) return { kind: 'number', value: Number(w), text: w };
  return { kind: 'word', text: w.replace(/`(.)/g, '$1') };
}
