// Reads PowerShell registry listings as pasted: Get-ChildItem (Hive: + Name/Property table) and Get-ItemProperty (Name : value, PSPath).
import { canonicalPath } from './paths.js';
import { MAX_ISSUES, MAX_LINE_CHARS, splitLines } from './parse-reg.js';
import { MailtlsError } from '../errors.js';
import type { ParseIssue, RegOp, RegSource, RegValue } from './types.js';

const HIVE_RE = /^\s*Hive:\s+(.+?)\s*$/;
const PS_PROPS = new Set(['pspath', 'psparentpath', 'pschildname', 'psdrive', 'psprovider', 'psiscontainer']);

/** True when the text holds a Get-ChildItem or Get-ItemProperty listing of registry keys. */
export function looksLikeListing(text: string): boolean {
  return (
    /^\s*Hive:\s+(HKEY_|HK(LM|CU):|Registry::|Microsoft\.PowerShell\.Core\\Registry::)/im.test(text) ||
    /^PSPath\s+:\s+(Microsoft\.PowerShell\.Core\\)?Registry::/im.test(text)
  );
}

/** "Microsoft.PowerShell.Core\Registry::HKEY_LOCAL_MACHINE\x", "HKEY_LOCAL_MACHINE\x", "HKLM:\x" → canonical path. */
function keyPath(p: string): string | null {
  let s = p.trim().replace(/^(Microsoft\.PowerShell\.Core\\)?Registry::/i, '');
  s = s.replace(/^(HKLM|HKCU):\\?/i, (_m, d: string) => `${d.toUpperCase()}\\`);
  return canonicalPath(s);
}

/** A listed value: numbers are REG_DWORD (a listing does not show types), {a, b} is REG_MULTI_SZ, the rest REG_SZ. */
function listedValue(name: string, raw: string): RegValue {
  const v = raw.trim();
  if (/^\d{1,10}$/.test(v) && Number(v) <= 0xffffffff) return { name, type: 4, dword: Number(v) };
  if (/^-\d{1,10}$/.test(v) && Number(v) >= -2147483648) return { name, type: 4, dword: Number(v) >>> 0 };
  if (v.startsWith('{') && v.endsWith('}'))
    return {
      name,
      type: 7,
      multi: v
        .slice(1, -1)
        .split(',')
        .map((x) => x.trim())
        .filter((x) => x !== ''),
    };
  return { name, type: 1, text: v };
}

/** Parses a listing. Values are placed in the key the Hive line + Name column (or PSPath) names. */
export function parseListingText(text: string, file: string, encoding: string): RegSource {
  const lines = splitLines(text);
  const ops: RegOp[] = [];
  const issues: ParseIssue[] = [];
  let dropped = 0;
  const issue = (kind: ParseIssue['kind'], line: number, t: string): void => {
    if (issues.length >= MAX_ISSUES) {
      dropped++;
      return;
    }
    issues.push({ kind, line, text: t.length > 200 ? t.slice(0, 200) + '…' : t });
  };
  let hive: string | null = null;
  let propCol = -1;
  let key: string | null = null;
  // Get-ItemProperty records: values wait for their PSPath line.
  let record: { name: string; value: string; line: number }[] = [];
  let recordPath: string | null = null;
  let lastWasRecord = false;
  let lastName = '';
  let psPathRaw = '';
  const endRecord = (): void => {
    if (record.length > 0) {
      if (recordPath === null) for (const r of record) issue('listing-no-key', r.line, `${r.name} : ${r.value}`);
      else {
        ops.push({ op: 'key', path: recordPath, line: (record[0] as { line: number }).line });
        for (const r of record) addValue(recordPath, r.name, r.value, r.line);
      }
    }
    record = [];
    recordPath = null;
  };
  const addValue = (path: string, name: string, raw: string, line: number): void => {
    if (/(\.\.\.|…)$/.test(raw.trim())) {
      issue('listing-truncated', line, `${name} : ${raw.trim()}`);
      return;
    }
    ops.push({ op: 'set', path, value: listedValue(name, raw), line });
  };

  for (let k = 0; k < lines.length; k++) {
    const raw = lines[k] as string;
    const lineNo = k + 1;
    if (raw.length > MAX_LINE_CHARS)
      throw new MailtlsError('EINPUT', `${file}:${lineNo}: line is longer than ${MAX_LINE_CHARS} characters`, { file, line: lineNo });
    const s = raw.trimEnd();
    if (s.trim() === '') {
      if (lastWasRecord) endRecord();
      lastWasRecord = false;
      continue;
    }
    const h = HIVE_RE.exec(s);
    if (h) {
      endRecord();
      hive = keyPath(h[1] as string);
      if (hive === null) issue('unknown-root', lineNo, s);
      propCol = -1;
      key = null;
      continue;
    }
    const header = /^(Name\s+)Property\s*$/.exec(s);
    if (header) {
      propCol = (header[1] as string).length;
      continue;
    }
    if (/^-{2,}\s+-{2,}\s*$/.test(s)) continue;
    if (propCol >= 0 && hive !== null) {
      // Get-ChildItem table row: Name column, then "Value : data" in the Property column.
      const namePart = s.slice(0, propCol).trim();
      const propPart = s.length > propCol ? s.slice(propCol) : '';
      if (namePart !== '') {
        key = `${hive}\\${namePart}`;
        ops.push({ op: 'key', path: key, line: lineNo });
      }
      if (propPart.trim() === '') continue;
      const m = /^(.*?)\s+:\s?(.*)$/.exec(propPart.trim());
      if (!m || key === null) {
        issue('invalid-line', lineNo, s);
        continue;
      }
      addValue(key, m[1] as string, m[2] as string, lineNo);
      continue;
    }
    // Get-ItemProperty (Format-List): "Name : value".
    const m = /^(\S.*?)\s*:\s(.*)$/.exec(s) ?? /^(\S.*?)\s*:$/.exec(s);
    if (m) {
      lastWasRecord = true;
      const name = (m[1] as string).trim();
      const value = m[2] ?? '';
      lastName = name.toLowerCase();
      if (lastName === 'pspath') {
        psPathRaw = value;
        recordPath = keyPath(value);
        if (recordPath === null) issue('unknown-root', lineNo, s);
        continue;
      }
      if (PS_PROPS.has(name.toLowerCase())) continue;
      record.push({ name, value, line: lineNo });
      continue;
    }
    if (/^\s+\S/.test(raw) && lastWasRecord && lastName === 'pspath') {
      psPathRaw += s.trim();
      recordPath = keyPath(psPathRaw);
      continue;
    }
    if (/^\s+\S/.test(raw) && lastWasRecord && record.length > 0 && !PS_PROPS.has(lastName)) {
      // A long value wrapped by Format-List: the rest of the previous value.
      const last = record[record.length - 1] as { value: string };
      last.value += s.trim();
      continue;
    }
    issue('invalid-line', lineNo, s);
  }
  endRecord();
  return { file, format: 'ps-listing', encoding, ops, issues, issuesDropped: dropped };
}
