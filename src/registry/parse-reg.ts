// Parser for .reg files (regedit 5.00 and REGEDIT4): keys, deletions, @, strings, dword:, hex(N): with continuations.
// One pass over the lines, no backtracking regular expressions: linear in the input size.
import { MailtlsError } from '../errors.js';
import { canonicalPath } from './paths.js';
import type { InputFormat, ParseIssue, ParseIssueKind, RegOp, RegSource, RegValue } from './types.js';

/** Longest physical line accepted (a regedit export wraps hex data at 80 columns; strings can be long). */
export const MAX_LINE_CHARS = 1024 * 1024;
/** Longest hex value accepted after joining its continuation lines. */
export const MAX_VALUE_CHARS = 16 * 1024 * 1024;
/** Parse issues kept per input; the rest are counted. */
export const MAX_ISSUES = 500;

const HEADER5 = 'Windows Registry Editor Version 5.00';

/** Splits text into lines at CRLF, LF or CR (linear). */
export function splitLines(text: string): string[] {
  return text.split(/\r\n|\n|\r/);
}

/** What the first meaningful line says about the format. */
export function headerKind(line: string): 'reg5' | 'reg4' | 'bad' | null {
  const t = line.replace(/^[ \t]+/, '').trimEnd();
  if (t === HEADER5) return 'reg5';
  if (t === 'REGEDIT4') return 'reg4';
  if (t.startsWith('REGEDIT') || t.startsWith('Windows Registry Editor')) return 'bad';
  return null;
}

class IssueList {
  readonly list: ParseIssue[] = [];
  dropped = 0;
  add(kind: ParseIssueKind, line: number, text: string, path?: string, name?: string): void {
    if (this.list.length >= MAX_ISSUES) {
      this.dropped++;
      return;
    }
    const i: ParseIssue = { kind, line, text: text.length > 200 ? text.slice(0, 200) + '…' : text };
    if (path !== undefined) i.path = path;
    if (name !== undefined) i.name = name;
    this.list.push(i);
  }
}

function isHex(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 65 && c <= 70) || (c >= 97 && c <= 102);
}

/** True when the rest of a line after data is empty, blanks, or a `;` comment. */
function restIsBlankOrComment(s: string, from: number): boolean {
  for (let i = from; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === 59) return true; // ;
    if (c !== 32 && c !== 9) return false;
  }
  return true;
}

/** Reads a quoted string starting after its opening quote; returns the text and the index after the closing quote. */
function readQuoted(s: string, start: number): { text: string; end: number } | null {
  let out = '';
  let i = start;
  let run = start;
  while (i < s.length) {
    const c = s.charCodeAt(i);
    if (c === 92 /* \ */ && i + 1 < s.length) {
      out += s.slice(run, i);
      const n = s[i + 1];
      out += n === 'n' ? '\n' : n === 'r' ? '\r' : n === '\\' || n === '"' ? n : '\\' + n;
      i += 2;
      run = i;
      continue;
    }
    if (c === 34 /* " */) return { text: out + s.slice(run, i), end: i + 1 };
    i++;
  }
  return null;
}

/** Checks "aa,bb,cc" (1–2 hex digits per byte, blanks allowed, trailing comma allowed). */
export function validHexList(s: string): boolean {
  let digits = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (isHex(c)) {
      if (++digits > 2) return false;
    } else if (c === 44 /* , */) {
      if (digits === 0) return false;
      digits = 0;
    } else if (c !== 32 && c !== 9) return false;
  }
  return true;
}

/** Parses the text of a .reg file (already decoded). `file` names it in issues. Never throws except for caps. */
export function parseRegText(text: string, file: string, encoding: string): RegSource {
  const lines = splitLines(text);
  const issues = new IssueList();
  const ops: RegOp[] = [];
  let format: InputFormat = 'reg5';
  let current: string | null = null;

  // Header: first non-blank line.
  let i = 0;
  while (i < lines.length && (lines[i] as string).trim() === '') i++;
  const hk = i < lines.length ? headerKind(lines[i] as string) : null;
  if (hk === 'reg5' || hk === 'reg4') {
    format = hk;
    i++;
  } else if (hk === 'bad') {
    issues.add('bad-header', i + 1, lines[i] as string);
    i++;
  } else issues.add('missing-header', 1, i < lines.length ? (lines[i] as string) : '');

  for (; i < lines.length; i++) {
    const raw = lines[i] as string;
    const lineNo = i + 1;
    if (raw.length > MAX_LINE_CHARS) {
      throw new MailtlsError('EINPUT', `${file}:${lineNo}: line is longer than ${MAX_LINE_CHARS} characters`, { file, line: lineNo });
    }
    let a = 0;
    while (a < raw.length && (raw.charCodeAt(a) === 32 || raw.charCodeAt(a) === 9)) a++;
    let z = raw.length;
    while (z > a && (raw.charCodeAt(z - 1) === 32 || raw.charCodeAt(z - 1) === 9)) z--;
    if (z === a || raw.charCodeAt(a) === 59 /* ; */) continue;
    const s = a === 0 && z === raw.length ? raw : raw.slice(a, z);

    if (s[0] === '[') {
      if (s[1] === ' ' || s[1] === '\t') continue; // Windows ignores "[ " lines
      const del = s[1] === '-';
      const close = s.lastIndexOf(']');
      if (close < 0) {
        issues.add('invalid-line', lineNo, s);
        current = null;
        continue;
      }
      const inner = s.slice(del ? 2 : 1, close);
      const rest = s.slice(close + 1).trim();
      const multi = inner.includes(']');
      if (rest !== '' || multi) issues.add('key-and-value-one-line', lineNo, s, firstKey(inner));
      const path = canonicalPath(inner);
      if (path === null) {
        issues.add('unknown-root', lineNo, s);
        current = null;
        continue;
      }
      if (del) {
        ops.push({ op: 'delete-key', path, line: lineNo });
        current = null;
        continue;
      }
      ops.push({ op: 'key', path, line: lineNo });
      current = path;
      continue;
    }

    let name: string;
    let p: number;
    if (s[0] === '"') {
      const q = readQuoted(s, 1);
      if (!q) {
        issues.add('invalid-line', lineNo, s, current ?? undefined);
        continue;
      }
      name = q.text;
      p = q.end;
    } else if (s[0] === '@') {
      name = '';
      p = 1;
    } else {
      issues.add('invalid-line', lineNo, s, current ?? undefined);
      continue;
    }
    while (p < s.length && (s[p] === ' ' || s[p] === '\t')) p++;
    if (s[p] !== '=') {
      issues.add('invalid-line', lineNo, s, current ?? undefined, name);
      continue;
    }
    p++;
    while (p < s.length && (s[p] === ' ' || s[p] === '\t')) p++;
    if (current === null) {
      issues.add('value-outside-key', lineNo, s, undefined, name);
      skipContinuation();
      continue;
    }
    const data = s.slice(p);

    if (data[0] === '-' && restIsBlankOrComment(data, 1)) {
      ops.push({ op: 'delete-value', path: current, name, line: lineNo });
      continue;
    }
    if (data[0] === '"') {
      const q = readQuoted(data, 1);
      if (!q || !restIsBlankOrComment(data, q.end)) {
        issues.add('invalid-data', lineNo, s, current, name);
        continue;
      }
      ops.push({ op: 'set', path: current, value: { name, type: 1, text: q.text }, line: lineNo });
      continue;
    }
    const c0 = data.charCodeAt(0) | 0x20;
    if (c0 === 100 /* d */ && data.length >= 6 && data.slice(0, 6).toLowerCase() === 'dword:') {
      let e = 6;
      while (e < data.length && isHex(data.charCodeAt(e))) e++;
      const digits = e - 6;
      if (digits > 8 && restIsBlankOrComment(data, e)) {
        issues.add('dword-too-long', lineNo, s, current, name);
        continue;
      }
      if (digits === 0 || digits > 8 || !restIsBlankOrComment(data, e)) {
        issues.add('invalid-data', lineNo, s, current, name);
        continue;
      }
      ops.push({ op: 'set', path: current, value: { name, type: 4, dword: parseInt(data.slice(6, e), 16) >>> 0 }, line: lineNo });
      continue;
    }
    if (c0 === 104 /* h */ && data.slice(0, 3).toLowerCase() === 'hex') {
      let type = 3;
      let q = 3;
      if (data[3] === '(') {
        const close = data.indexOf(')', 4);
        const t = close > 4 && close <= 12 ? data.slice(4, close) : '';
        if (!/^[0-9a-fA-F]{1,8}$/.test(t) || data[close + 1] !== ':') {
          issues.add('invalid-data', lineNo, s, current, name);
          skipContinuation();
          continue;
        }
        type = parseInt(t, 16) >>> 0;
        q = close + 1;
      }
      if (data[q] !== ':') {
        issues.add('invalid-data', lineNo, s, current, name);
        skipContinuation();
        continue;
      }
      // Join continuation lines: a line ending in "\" goes on with the next one.
      const parts: string[] = [];
      let chunk = stripComment(data.slice(q + 1));
      let total = 0;
      while (chunk.endsWith('\\') && i + 1 < lines.length) {
        parts.push(chunk.slice(0, -1));
        total += chunk.length;
        if (total > MAX_VALUE_CHARS)
          throw new MailtlsError('EINPUT', `${file}:${lineNo}: hex value is longer than ${MAX_VALUE_CHARS} characters`, { file, line: lineNo });
        i++;
        const next = lines[i] as string;
        if (next.length > MAX_LINE_CHARS)
          throw new MailtlsError('EINPUT', `${file}:${i + 1}: line is longer than ${MAX_LINE_CHARS} characters`, { file, line: i + 1 });
        chunk = continuation(next);
      }
      parts.push(chunk);
      const hex = parts.join('');
      if (!validHexList(hex)) {
        issues.add('invalid-data', lineNo, s, current, name);
        continue;
      }
      const value: RegValue = { name, type, hex };
      if (format === 'reg4') value.ansi = true;
      ops.push({ op: 'set', path: current, value, line: lineNo });
      continue;
    }
    issues.add('invalid-data', lineNo, s, current, name);
  }
  return { file, format, encoding, ops, issues: issues.list, issuesDropped: issues.dropped };

  /** After a broken hex line, its continuation lines are not values of their own. */
  function skipContinuation(): void {
    while (continuation(lines[i] as string).endsWith('\\') && i + 1 < lines.length) i++;
  }
}

/** A continuation line without its indent, trailing blanks and `;comment`, with as few copies as possible. */
function continuation(line: string): string {
  let a = 0;
  while (a < line.length && (line.charCodeAt(a) === 32 || line.charCodeAt(a) === 9)) a++;
  let z = line.indexOf(';', a);
  if (z < 0) z = line.length;
  while (z > a && (line.charCodeAt(z - 1) === 32 || line.charCodeAt(z - 1) === 9)) z--;
  return line.slice(a, z);
}

function stripComment(s: string): string {
  const c = s.indexOf(';');
  return (c < 0 ? s : s.slice(0, c)).trimEnd();
}

/** The first key path in a line that holds several "[...]" (for the message). */
function firstKey(inner: string): string {
  const c = inner.indexOf(']');
  return c < 0 ? inner : inner.slice(0, c);
}
