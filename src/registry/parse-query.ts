// Parser for `reg query <key> /s` output (a file, stdin, or reg.exe in --live mode): key lines and indented value lines.
import { MailtlsError } from '../errors.js';
import { canonicalPath } from './paths.js';
import { MAX_ISSUES, MAX_LINE_CHARS, splitLines } from './parse-reg.js';
import type { ParseIssue, RegOp, RegSource, RegValue } from './types.js';

const TYPES: Record<string, number> = {
  REG_NONE: 0,
  REG_SZ: 1,
  REG_EXPAND_SZ: 2,
  REG_BINARY: 3,
  REG_DWORD: 4,
  REG_DWORD_BIG_ENDIAN: 5,
  REG_LINK: 6,
  REG_MULTI_SZ: 7,
  REG_RESOURCE_LIST: 8,
  REG_FULL_RESOURCE_DESCRIPTOR: 9,
  REG_RESOURCE_REQUIREMENTS_LIST: 10,
  REG_QWORD: 11,
};

/** reg.exe's name for the default value, per display language. */
const DEFAULT_NAMES = new Set(['(Default)', '(Standaard)', '(Standard)', '(par défaut)', '(Predeterminado)']);

/** True when the text starts like reg query output (a bare key path, not "[key]"). */
export function looksLikeRegQuery(text: string): boolean {
  let i = 0;
  while (i < text.length) {
    const nl = text.indexOf('\n', i);
    const line = (nl < 0 ? text.slice(i) : text.slice(i, nl)).trim();
    if (line !== '') {
      const head = line.slice(0, 5).toUpperCase();
      return head === 'HKEY_' || /^HK(LM|CU|CR|U|CC)\\/i.test(line.slice(0, 6));
    }
    if (nl < 0) break;
    i = nl + 1;
  }
  return false;
}

/** Finds "    REG_xxx" (followed by 4 spaces or the end) in a value line; returns the index of the 4 blanks. */
function findType(s: string): { at: number; type: string; end: number } | null {
  let from = 0;
  for (;;) {
    const at = s.indexOf('    REG_', from);
    if (at < 0) return null;
    let e = at + 8;
    while (e < s.length && ((s.charCodeAt(e) >= 65 && s.charCodeAt(e) <= 90) || s[e] === '_')) e++;
    const type = s.slice(at + 4, e);
    if (TYPES[type] !== undefined && (e === s.length || s.startsWith('    ', e))) return { at, type, end: e };
    from = at + 1;
  }
}

/** Parses reg query output. `file` names it in findings ("-" for stdin, "reg.exe" for --live). */
export function parseRegQueryText(text: string, file: string, encoding: string): RegSource {
  const lines = splitLines(text);
  const ops: RegOp[] = [];
  const issues: ParseIssue[] = [];
  let dropped = 0;
  let current: string | null = null;
  const issue = (line: number, t: string): void => {
    if (issues.length >= MAX_ISSUES) {
      dropped++;
      return;
    }
    issues.push({ kind: 'invalid-line', line, text: t.length > 200 ? t.slice(0, 200) + '…' : t });
  };
  for (let i = 0; i < lines.length; i++) {
    const raw = lines[i] as string;
    const lineNo = i + 1;
    if (raw.length > MAX_LINE_CHARS)
      throw new MailtlsError('EINPUT', `${file}:${lineNo}: line is longer than ${MAX_LINE_CHARS} characters`, { file, line: lineNo });
    const s = raw.trimEnd();
    if (s === '') continue;
    if (s[0] !== ' ' && s[0] !== '\t') {
      const path = canonicalPath(s);
      if (path !== null && /^HK/i.test(s)) {
        ops.push({ op: 'key', path, line: lineNo });
        current = path;
        continue;
      }
      if (/^(End of search|ERROR:|FOUT:|Einde van zoekopdracht|Zoeken beëindigd)/i.test(s)) continue;
      issue(lineNo, s);
      continue;
    }
    const t = findType(s);
    if (!t || current === null) {
      issue(lineNo, s);
      continue;
    }
    let name = s.slice(0, t.at).replace(/^[ \t]+/, '');
    if (DEFAULT_NAMES.has(name)) name = '';
    const data = t.end === s.length ? '' : s.slice(t.end + 4);
    const code = TYPES[t.type] as number;
    const value = toValue(name, code, data);
    if (!value) {
      issue(lineNo, s);
      continue;
    }
    ops.push({ op: 'set', path: current, value, line: lineNo });
  }
  return { file, format: 'reg-query', encoding, ops, issues, issuesDropped: dropped };
}

function toValue(name: string, type: number, data: string): RegValue | null {
  switch (type) {
    case 4:
    case 5: {
      if (!/^0x[0-9a-fA-F]{1,8}$/.test(data)) return null;
      return { name, type: 4, dword: parseInt(data.slice(2), 16) >>> 0 };
    }
    case 11: {
      if (!/^0x[0-9a-fA-F]{1,16}$/.test(data)) return null;
      return { name, type, qword: BigInt(data) };
    }
    case 1:
    case 2:
      return { name, type, text: data };
    case 7:
      return { name, type, multi: data === '' ? [] : data.split('\\0').filter((x, i, a) => !(x === '' && i === a.length - 1)) };
    default: {
      if (!/^([0-9a-fA-F]{2})*$/.test(data)) return null;
      const bytes: string[] = [];
      for (let k = 0; k < data.length; k += 2) bytes.push(data.slice(k, k + 2).toLowerCase());
      return { name, type, hex: bytes.join(',') };
    }
  }
}
