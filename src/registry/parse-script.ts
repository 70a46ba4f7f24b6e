// Reads registry scripts as the changes they make on a default system: PowerShell (*-Item, *-ItemProperty), reg add/delete
// in .cmd/.bat (and in PowerShell), Inno Setup [Registry]. Anything not literal is listed as not evaluated, never dropped.
import { canonicalPath } from './paths.js';
import { MAX_ISSUES, MAX_LINE_CHARS, splitLines } from './parse-reg.js';
import { tokenizePowerShell, type PsToken } from './pstoken.js';
import { MailtlsError } from '../errors.js';
import type { ParseIssue, ParseIssueKind, RegOp, RegSource, RegValue } from './types.js';

/** Value names a Remove-Item aimed at a value usually ends in (Remove-Item removes keys, not values). */
const VALUE_NAMES = new Set([
  'enabled',
  'disabledbydefault',
  'schusestrongcrypto',
  'systemdefaulttlsversions',
  'defaultsecureprotocols',
  'functions',
  'serverminkeybitlength',
  'clientminkeybitlength',
]);
/** Text that shows a line is about the registry (for commented-out commands and the not-evaluated list). */
const REGISTRY_HINT =
  /(New-ItemProperty|Set-ItemProperty|Remove-ItemProperty|New-Item\b|Remove-Item\b|\breg(\.exe)?\s+(add|delete)\b|HKLM|HKEY_|Registry::|SCHANNEL|\.NETFramework|SecurityProtocol|RegWrite|RegDelete)/i;
const COMMENTED_COMMAND = /^\s*(New-ItemProperty|Set-ItemProperty|Remove-ItemProperty|New-Item|Remove-Item|reg(\.exe)?\s+(add|delete))\b/i;

class Out {
  readonly ops: RegOp[] = [];
  readonly issues: ParseIssue[] = [];
  dropped = 0;
  quiet = 0;
  /** Values the script itself has set so far (case-folded path + name): New-ItemProperty without -Force fails on them. */
  readonly setValues = new Set<string>();
  readonly keysWithValues = new Set<string>();
  issue(kind: ParseIssueKind, line: number, text: string, detail?: string, path?: string, name?: string): void {
    const last = this.issues[this.issues.length - 1];
    if (kind === 'not-evaluated' && last && last.kind === kind && last.line === line) return; // one entry per line
    if (this.issues.length >= MAX_ISSUES) {
      this.dropped++;
      return;
    }
    const i: ParseIssue = { kind, line, text: text.length > 200 ? text.slice(0, 200) + '…' : text };
    if (detail !== undefined) i.detail = detail;
    if (path !== undefined) i.path = path;
    if (name !== undefined) i.name = name;
    this.issues.push(i);
  }
  key(path: string, line: number): void {
    this.ops.push({ op: 'key', path, line });
  }
  set(path: string, value: RegValue, line: number): void {
    this.ops.push({ op: 'key', path, line });
    this.ops.push({ op: 'set', path, value, line });
    this.setValues.add(`${path}\u0000${value.name}`.toLowerCase());
    this.keysWithValues.add(path.toLowerCase());
  }
  deleteValue(path: string, name: string, line: number): void {
    this.ops.push({ op: 'delete-value', path, name, line });
    this.setValues.delete(`${path}\u0000${name}`.toLowerCase());
  }
  deleteKey(path: string, line: number): void {
    this.ops.push({ op: 'delete-key', path, line });
    const low = path.toLowerCase();
    for (const k of [...this.setValues]) if (k.startsWith(low + '\\') || k.startsWith(low + '\u0000')) this.setValues.delete(k);
    for (const k of [...this.keysWithValues]) if (k === low || k.startsWith(low + '\\')) this.keysWithValues.delete(k);
  }
  source(file: string, format: RegSource['format'], encoding: string): RegSource {
    return { file, format, encoding, ops: this.ops, issues: this.issues, issuesDropped: this.dropped, linesWithoutRegistry: this.quiet };
  }
}

function checkLines(text: string, file: string): string[] {
  const lines = splitLines(text);
  lines.forEach((l, k) => {
    if (l.length > MAX_LINE_CHARS)
      throw new MailtlsError('EINPUT', `${file}:${k + 1}: line is longer than ${MAX_LINE_CHARS} characters`, { file, line: k + 1 });
  });
  return lines;
}

// ---------------------------------------------------------------- reg.exe

const REG_TYPES: Record<string, number> = {
  REG_SZ: 1,
  REG_EXPAND_SZ: 2,
  REG_BINARY: 3,
  REG_DWORD: 4,
  REG_DWORD_BIG_ENDIAN: 5,
  REG_MULTI_SZ: 7,
  REG_QWORD: 11,
  REG_NONE: 0,
  REG_DWORD_LITTLE_ENDIAN: 4,
};

/** The registry view /reg:32 selects: SOFTWARE\X becomes SOFTWARE\Wow6432Node\X. */
function view32(path: string): string {
  const m = /^HKEY_LOCAL_MACHINE\\SOFTWARE(\\|$)/i.exec(path);
  if (!m || /^HKEY_LOCAL_MACHINE\\SOFTWARE\\Wow6432Node(\\|$)/i.test(path)) return path;
  return `HKEY_LOCAL_MACHINE\\SOFTWARE\\Wow6432Node${path.slice('HKEY_LOCAL_MACHINE\\SOFTWARE'.length)}`;
}

/**
 * Applies `reg add|delete <key> [/v name | /ve | /va] [/t type] [/s sep] [/d data] [/f] [/reg:32|64]` given as its
 * arguments after "reg". Returns false when the line is not add/delete (query, export: no change).
 */
function regCommand(args: string[], line: number, text: string, out: Out): void {
  const verb = (args[0] ?? '').toLowerCase();
  if (verb !== 'add' && verb !== 'delete') {
    out.quiet++;
    return;
  }
  const positional: string[] = [];
  let name: string | null = null;
  let type = 'REG_SZ';
  let data: string | null = null;
  let sep = '\\0';
  let all = false;
  let view: 32 | 64 | null = null;
  for (let k = 1; k < args.length; k++) {
    const a = args[k] as string;
    const low = a.toLowerCase();
    if (low.length >= 2 && (a[0] === '/' || a[0] === '-') && /^[a-z]/.test(low.slice(1))) {
      const opt = low.slice(1);
      if (opt === 'v') {
        name = args[++k] ?? null;
        if (name === null) return fail('/v without a name');
        continue;
      }
      if (opt === 've') {
        name = '';
        continue;
      }
      if (opt === 'va') {
        all = true;
        continue;
      }
      if (opt === 't') {
        type = (args[++k] ?? '').toUpperCase();
        continue;
      }
      if (opt === 'd') {
        data = args[++k] ?? null;
        if (data === null) return fail('/d without data');
        continue;
      }
      if (opt === 's') {
        sep = args[++k] ?? '\\0';
        continue;
      }
      if (opt === 'f') continue;
      if (opt === 'reg:32') {
        view = 32;
        continue;
      }
      if (opt === 'reg:64') {
        view = 64;
        continue;
      }
      return fail(`reg.exe does not know the option ${a}`);
    }
    positional.push(a);
  }
  if (positional.length !== 1) {
    return fail(
      positional.length === 0
        ? 'no key given'
        : `reg.exe stops with "ERROR: Invalid syntax": ${positional.length} key arguments (${positional.map((p) => `"${p}"`).join(' ')}); a key with spaces must be in double quotes`,
    );
  }
  let path = canonicalPath((positional[0] as string).replace(/^\\\\[^\\]+\\/, ''));
  if (path === null) return fail('the key does not start with HKLM, HKCU, HKCR, HKU or HKCC');
  if (view === 32) path = view32(path);
  if (verb === 'delete') {
    if (all) {
      out.issue('not-evaluated', line, text, 'reg delete /va removes every value of the key');
      return;
    }
    if (name === null) out.deleteKey(path, line);
    else out.deleteValue(path, name, line);
    return;
  }
  if (name === null) {
    out.key(path, line);
    return;
  }
  const code = REG_TYPES[type];
  if (code === undefined) return fail(`unknown type ${type}`);
  const value: RegValue = { name, type: code };
  const d = data ?? '';
  if (code === 4 || code === 5) {
    const n = /^0x[0-9a-f]{1,8}$/i.test(d) ? parseInt(d.slice(2), 16) : /^\d{1,10}$/.test(d) ? Number(d) : NaN;
    if (!Number.isFinite(n) || n > 0xffffffff) return fail(`reg.exe refuses REG_DWORD data "${d}"`);
    value.type = 4;
    value.dword = n >>> 0;
  } else if (code === 11) {
    if (!/^(0x[0-9a-f]{1,16}|\d{1,20})$/i.test(d)) return fail(`reg.exe refuses REG_QWORD data "${d}"`);
    value.qword = BigInt(d);
  } else if (code === 1 || code === 2) value.text = d;
  else if (code === 7) value.multi = d === '' ? [] : d.split(sep);
  else {
    if (!/^([0-9a-f]{2})*$/i.test(d)) return fail(`reg.exe refuses binary data "${d}"`);
    value.hex = (d.match(/../g) ?? []).join(',').toLowerCase();
  }
  out.set(path, value, line);

  function fail(why: string): void {
    out.issue('command-fails', line, text, why);
  }
}

/** Splits a cmd.exe line into arguments: blanks separate, double quotes group (and are removed). */
function cmdArgs(s: string): string[] {
  const out: string[] = [];
  let cur = '';
  let inQ = false;
  let has = false;
  for (const ch of s) {
    if (ch === '"') {
      inQ = !inQ;
      has = true;
      continue;
    }
    if (!inQ && (ch === ' ' || ch === '\t')) {
      if (has) out.push(cur);
      cur = '';
      has = false;
      continue;
    }
    cur += ch;
    has = true;
  }
  if (has) out.push(cur);
  return out;
}

// ---------------------------------------------------------------- cmd / bat

const CMD_QUIET = /^(@?echo(\.|\s|$)|pause\b|cls\b|title\b|setlocal\b|endlocal\b|exit\b|chcp\b|color\b|timeout\b|@$)/i;

/** Parses a .cmd/.bat file: reg add/delete lines are applied; everything else is quiet or not evaluated. */
export function parseCmdText(text: string, file: string, encoding: string): RegSource {
  const out = new Out();
  const lines = checkLines(text, file);
  for (let k = 0; k < lines.length; k++) {
    const lineNo = k + 1;
    let s = (lines[k] as string).trim();
    while (s.endsWith('^') && k + 1 < lines.length) {
      s = s.slice(0, -1) + (lines[++k] as string).trim();
    }
    if (s === '') continue;
    const low = s.toLowerCase();
    const comment = /^(@?rem(\s|$)|::)/i.exec(s);
    if (comment) {
      const body = s.slice(comment[0].length);
      if (COMMENTED_COMMAND.test(body)) out.issue('commented-out', lineNo, s);
      continue;
    }
    if (CMD_QUIET.test(s)) {
      out.quiet++;
      continue;
    }
    const stripped = s
      .replace(/^@/, '')
      .replace(/\s+(\d?>>?\s*(nul|&\d)|2>&1)\s*$/gi, '')
      .replace(/\s+(\d?>>?\s*(nul|&\d)|2>&1)\s*$/gi, '');
    const args = /%[^%\s]+%|![^!\s]+!|[&|<>]/.test(stripped.replace(/"[^"]*"/g, '""')) || /%[^%\s]+%/.test(stripped) ? null : cmdArgs(stripped);
    const head = args?.[0]?.toLowerCase();
    if (args && (head === 'reg' || head === 'reg.exe' || head?.endsWith('\\reg.exe'))) {
      regCommand(args.slice(1), lineNo, s, out);
      continue;
    }
    out.issue('not-evaluated', lineNo, s, REGISTRY_HINT.test(low) ? 'registry' : undefined);
  }
  return out.source(file, 'cmd', encoding);
}

// ---------------------------------------------------------------- PowerShell

const PS_QUIET = new Set([
  'write-host',
  'write-output',
  'write-verbose',
  'write-warning',
  'write-information',
  'write-debug',
  'echo',
  'out-null',
  'start-transcript',
  'stop-transcript',
  'get-itemproperty',
  'get-itempropertyvalue',
  'get-childitem',
  'get-item',
  'test-path',
  'clear-host',
  'cls',
  'start-sleep',
  'pause',
  'exit',
  'return',
  'read-host',
  'restart-computer',
]);
const CMDLETS: Record<string, string> = {
  'new-item': 'new-item',
  ni: 'new-item',
  'new-itemproperty': 'new-itemproperty',
  'set-itemproperty': 'set-itemproperty',
  sp: 'set-itemproperty',
  'remove-itemproperty': 'remove-itemproperty',
  rp: 'remove-itemproperty',
  'remove-item': 'remove-item',
  ri: 'remove-item',
  rm: 'remove-item',
  del: 'remove-item',
  erase: 'remove-item',
  rd: 'remove-item',
  rmdir: 'remove-item',
};
/** Parameter names (and the prefixes/aliases PowerShell accepts) per cmdlet, positional ones first in order. */
const PARAMS: Record<string, { positional: string[]; names: Record<string, string> }> = {
  'new-item': {
    positional: ['path'],
    names: {
      path: 'path',
      literalpath: 'path',
      pspath: 'path',
      lp: 'path',
      name: 'name',
      itemtype: 'itemtype',
      type: 'itemtype',
      value: 'value',
      force: 'force',
    },
  },
  'new-itemproperty': {
    positional: ['path', 'name'],
    names: {
      path: 'path',
      literalpath: 'path',
      pspath: 'path',
      lp: 'path',
      name: 'name',
      pspropertyname: 'name',
      value: 'value',
      propertytype: 'type',
      type: 'type',
      force: 'force',
    },
  },
  'set-itemproperty': {
    positional: ['path', 'name', 'value'],
    names: {
      path: 'path',
      literalpath: 'path',
      pspath: 'path',
      lp: 'path',
      name: 'name',
      pspropertyname: 'name',
      value: 'value',
      type: 'type',
      force: 'force',
      passthru: 'passthru',
    },
  },
  'remove-itemproperty': {
    positional: ['path', 'name'],
    names: { path: 'path', literalpath: 'path', pspath: 'path', lp: 'path', name: 'name', pspropertyname: 'name', force: 'force' },
  },
  'remove-item': { positional: ['path'], names: { path: 'path', literalpath: 'path', pspath: 'path', lp: 'path', recurse: 'recurse', force: 'force' } },
};
const COMMON = new Set([
  'erroraction',
  'ea',
  'warningaction',
  'wa',
  'verbose',
  'vb',
  'whatif',
  'wi',
  'confirm',
  'cf',
  'errorvariable',
  'ev',
  'outvariable',
  'ov',
  'informationaction',
  'infa',
]);
const SWITCHES = new Set(['force', 'recurse', 'passthru', 'verbose', 'whatif', 'confirm']);
const PS_TYPES: Record<string, number> = { string: 1, expandstring: 2, binary: 3, dword: 4, multistring: 7, qword: 11, none: 0 };

/** A PowerShell registry path (HKLM:\x, HKLM:x, Registry::HKEY_LOCAL_MACHINE\x, Microsoft.PowerShell.Core\Registry::...) → canonical. */
function psPath(p: string): string | null {
  let s = p.replace(/\//g, '\\');
  const reg = /^(Microsoft\.PowerShell\.Core\\)?Registry::/i.exec(s);
  if (reg) s = s.slice(reg[0].length);
  else {
    const drive = /^(HKLM|HKCU):\\?/i.exec(s);
    if (!drive) return null;
    s = `${(drive[1] as string).toUpperCase()}\\${s.slice(drive[0].length)}`;
  }
  s = s.replace(/\\{2,}/g, '\\');
  return canonicalPath(s);
}

/** Resolves a parameter name the way PowerShell does: exact name, alias, or an unambiguous prefix. */
function paramName(cmd: string, raw: string): string | null {
  const low = raw.toLowerCase();
  const names = PARAMS[cmd]?.names ?? {};
  if (names[low]) return names[low] as string;
  if (COMMON.has(low)) return 'common';
  const hits = new Set(
    Object.keys(names)
      .filter((k) => k.startsWith(low))
      .map((k) => names[k] as string),
  );
  return hits.size === 1 ? ([...hits][0] as string) : null;
}

type Arg = { token: PsToken };

/** Parses a PowerShell script. */
export function parsePowerShellText(text: string, file: string, encoding: string): RegSource {
  checkLines(text, file);
  const out = new Out();
  const { statements, comments } = tokenizePowerShell(text);
  for (const c of comments) if (COMMENTED_COMMAND.test(c.text)) out.issue('commented-out', c.line, c.text.trim());
  for (const st of statements) {
    const first = st.tokens[0] as PsToken;
    const firstWord = first.kind === 'word' ? first.text.toLowerCase() : null;
    if (st.depth > 0) {
      out.issue('not-evaluated', st.line, st.text, hint(st.text, 'block'));
      continue;
    }
    if (firstWord === null) {
      out.issue('not-evaluated', st.line, st.text, hint(st.text));
      continue;
    }
    const pipe = st.tokens.findIndex((t) => t.kind === 'pipe');
    const tokens = pipe < 0 ? st.tokens : st.tokens.slice(0, pipe);
    if (pipe >= 0) {
      const tail = st.tokens.slice(pipe + 1).filter((t) => t.kind === 'word' || t.kind === 'pipe');
      const sinkOnly = tail.every(
        (t) =>
          t.kind === 'pipe' ||
          /^(out-null|out-default|out-host|write-output|write-host|format-list|format-table|fl|ft|select-object|select)$/i.test((t as { text: string }).text),
      );
      if (!sinkOnly) {
        out.issue('not-evaluated', st.line, st.text, hint(st.text));
        continue;
      }
    }
    if (firstWord === 'reg' || firstWord === 'reg.exe') {
      const args: string[] = [];
      let dynamic = false;
      for (const t of tokens.slice(1)) {
        if (t.kind === 'word' || t.kind === 'string') args.push(t.text);
        else if (t.kind === 'number') args.push(t.text);
        else if (t.kind === 'param') args.push('-' + t.name);
        else dynamic = true;
      }
      if (dynamic) {
        out.issue('not-evaluated', st.line, st.text, 'registry');
        continue;
      }
      regCommand(args, st.line, st.text, out);
      continue;
    }
    if (PS_QUIET.has(firstWord)) {
      out.quiet++;
      continue;
    }
    const cmd = CMDLETS[firstWord];
    if (!cmd) {
      out.issue('not-evaluated', st.line, st.text, hint(st.text));
      continue;
    }
    runCmdlet(cmd, tokens.slice(1), st.line, st.text, out);
  }
  return out.source(file, 'ps1', encoding);
}

function hint(text: string, extra?: string): string | undefined {
  if (REGISTRY_HINT.test(text)) return 'registry';
  return extra;
}

function runCmdlet(cmd: string, tokens: PsToken[], line: number, text: string, out: Out): void {
  const spec = PARAMS[cmd] as (typeof PARAMS)[string];
  const named: Record<string, Arg> = {};
  const positional: Arg[] = [];
  const flags = new Set<string>();
  for (let k = 0; k < tokens.length; k++) {
    const t = tokens[k] as PsToken;
    if (t.kind === 'comma') {
      out.issue('not-evaluated', line, text, 'registry');
      return;
    }
    if (t.kind === 'param') {
      const name = paramName(cmd, t.name);
      if (name === null) {
        out.issue('command-fails', line, text, `${cmd} has no parameter -${t.name}`);
        return;
      }
      if (name === 'common') {
        if (t.value === undefined && !/^(verbose|vb|whatif|wi|confirm|cf)$/i.test(t.name)) k++;
        if (/^(whatif|wi)$/i.test(t.name)) {
          out.issue('not-evaluated', line, text, '-WhatIf: changes nothing');
          return;
        }
        continue;
      }
      if (SWITCHES.has(name)) {
        flags.add(name);
        continue;
      }
      const v = t.value ?? tokens[++k];
      if (v === undefined || v.kind === 'param') {
        out.issue('command-fails', line, text, `-${t.name} has no value`);
        return;
      }
      named[name] = { token: v };
      continue;
    }
    positional.push({ token: t });
  }
  let pi = 0;
  for (const p of positional) {
    while (pi < spec.positional.length && named[spec.positional[pi] as string]) pi++;
    if (pi >= spec.positional.length) {
      const what = p.token.kind === 'word' || p.token.kind === 'string' ? `"${p.token.text}"` : 'an argument';
      out.issue(
        'command-fails',
        line,
        text,
        `PowerShell stops this command: no parameter takes ${what} (a parameter name written with a character PowerShell does not read as a dash?)`,
      );
      return;
    }
    named[spec.positional[pi++] as string] = p;
  }
  const lit = (a: Arg | undefined): string | null | undefined => {
    if (!a) return undefined;
    const t = a.token;
    if (t.kind === 'string' || t.kind === 'word') return t.text;
    if (t.kind === 'number') return t.text;
    return null;
  };
  const rawPath = lit(named.path);
  if (rawPath === undefined) {
    out.issue('not-evaluated', line, text, 'no -Path');
    return;
  }
  if (rawPath === null) {
    out.issue('not-evaluated', line, text, 'registry');
    return;
  }
  let path = psPath(rawPath);
  if (path === null) {
    if (/^[A-Za-z]:\\|^\.|^\\\\/.test(rawPath)) {
      out.quiet++;
      return;
    } // a file-system path: not the registry
    out.issue('not-evaluated', line, text, 'not a registry path mailtls can read');
    return;
  }
  if (cmd === 'new-item') {
    const name = lit(named.name);
    if (name === null) {
      out.issue('not-evaluated', line, text, 'registry');
      return;
    }
    if (name !== undefined) path = `${path}\\${name.replace(/\//g, '\\')}`;
    if (flags.has('force')) {
      // New-Item -Force on a key that exists deletes it first: values set before in this script are gone.
      if (out.keysWithValues.has(path.toLowerCase()))
        out.issue('command-fails', line, text, 'New-Item -Force recreates the key: the values this script set in it before are deleted');
      out.deleteKey(path, line);
    }
    out.key(path, line);
    return;
  }
  if (cmd === 'remove-item') {
    const last = path.slice(path.lastIndexOf('\\') + 1);
    if (VALUE_NAMES.has(last.toLowerCase())) {
      out.issue('remove-item-value', line, text, last, path.slice(0, path.lastIndexOf('\\')), last);
      return;
    }
    out.deleteKey(path, line);
    return;
  }
  const name = lit(named.name);
  if (name === undefined) {
    out.issue('command-fails', line, text, 'no -Name');
    return;
  }
  if (name === null) {
    out.issue('not-evaluated', line, text, 'registry');
    return;
  }
  if (cmd === 'remove-itemproperty') {
    out.deleteValue(path, name, line);
    return;
  }
  if (cmd === 'new-itemproperty' && !flags.has('force') && out.setValues.has(`${path}\u0000${name}`.toLowerCase())) {
    out.issue('command-fails', line, text, `New-ItemProperty without -Force fails: ${name} already exists (set earlier in this script)`);
    return;
  }
  const vArg = named.value;
  const typeRaw = lit(named.type);
  if (typeRaw === null) {
    out.issue('not-evaluated', line, text, 'registry');
    return;
  }
  const typeCode = typeRaw === undefined ? undefined : PS_TYPES[typeRaw.toLowerCase()];
  if (typeRaw !== undefined && typeCode === undefined) {
    out.issue('command-fails', line, text, `unknown type "${typeRaw}"`);
    return;
  }
  if (!vArg) {
    if (cmd === 'set-itemproperty') {
      out.issue('command-fails', line, text, 'no -Value');
      return;
    }
    out.set(path, emptyValue(name, typeCode ?? 1), line);
    return;
  }
  const t = vArg.token;
  if (t.kind !== 'string' && t.kind !== 'number' && t.kind !== 'word') {
    out.issue('not-evaluated', line, text, 'registry');
    return;
  }
  const value = toValue(name, t, typeCode);
  if (typeof value === 'string') {
    out.issue('command-fails', line, text, value);
    return;
  }
  out.set(path, value, line);
}

function emptyValue(name: string, type: number): RegValue {
  if (type === 4) return { name, type, dword: 0 };
  if (type === 7) return { name, type, multi: [] };
  if (type === 1 || type === 2) return { name, type, text: '' };
  return { name, type, hex: '' };
}

/** PowerShell's conversion of a literal to a registry value; a string is the reason it fails. */
function toValue(name: string, t: PsToken & { kind: 'string' | 'number' | 'word' }, type: number | undefined): RegValue | string {
  const text = t.kind === 'number' ? t.text : t.text;
  if (type === undefined) {
    // No type: the registry provider stores an Int32 as REG_DWORD and anything else as REG_SZ.
    if (t.kind === 'number' && Number.isFinite(t.value) && (t.text.toLowerCase().startsWith('0x') || (t.value >= -2147483648 && t.value <= 2147483647)))
      return { name, type: 4, dword: t.value >>> 0 };
    return { name, type: 1, text };
  }
  if (type === 4 || type === 11) {
    const n = t.kind === 'number' ? t.value : numberOf(text);
    if (!Number.isFinite(n)) return `PowerShell cannot convert "${text}" to a number`;
    if (type === 4) {
      if (n > 0xffffffff || n < -2147483648) return `${text} does not fit in a DWORD`;
      return { name, type: 4, dword: n >>> 0 };
    }
    return { name, type: 11, qword: BigInt(Math.trunc(n)) };
  }
  if (type === 7) return { name, type: 7, multi: [text] };
  if (type === 1 || type === 2) return { name, type, text };
  return `${name}: binary values need an array, which mailtls does not evaluate`;
}

function numberOf(s: string): number {
  const t = s.trim();
  if (/^0x[0-9a-f]{1,8}$/i.test(t)) return parseInt(t.slice(2), 16);
  if (/^[+-]?\d{1,20}$/.test(t)) return Number(t);
  return NaN;
}

// ---------------------------------------------------------------- Inno Setup

const INNO_ROOTS: Record<string, { root: string; view: 32 | 64 | 'mode' }> = {
  hklm: { root: 'HKEY_LOCAL_MACHINE', view: 'mode' },
  hklm32: { root: 'HKEY_LOCAL_MACHINE', view: 32 },
  hklm64: { root: 'HKEY_LOCAL_MACHINE', view: 64 },
  hkcu: { root: 'HKEY_CURRENT_USER', view: 'mode' },
  hkcr: { root: 'HKEY_CLASSES_ROOT', view: 'mode' },
  hku: { root: 'HKEY_USERS', view: 'mode' },
  hkcc: { root: 'HKEY_CURRENT_CONFIG', view: 'mode' },
  hka: { root: 'HKEY_LOCAL_MACHINE', view: 'mode' },
  hka32: { root: 'HKEY_LOCAL_MACHINE', view: 32 },
  hka64: { root: 'HKEY_LOCAL_MACHINE', view: 64 },
};
const INNO_CONDITIONS = ['check', 'components', 'tasks', 'languages', 'minversion', 'onlybelowversion'];

/** Splits `Name: value; Name: "value"` into a map (lower-case names). */
function innoParams(s: string): Map<string, string> | null {
  const out = new Map<string, string>();
  let i = 0;
  while (i < s.length) {
    while (s[i] === ' ' || s[i] === '\t' || s[i] === ';') i++;
    if (i >= s.length) break;
    const colon = s.indexOf(':', i);
    if (colon < 0) return null;
    const name = s.slice(i, colon).trim().toLowerCase();
    if (!/^[a-z]+$/.test(name)) return null;
    i = colon + 1;
    while (s[i] === ' ' || s[i] === '\t') i++;
    let v = '';
    if (s[i] === '"') {
      i++;
      for (;;) {
        if (i >= s.length) return null;
        if (s[i] === '"') {
          if (s[i + 1] === '"') {
            v += '"';
            i += 2;
            continue;
          }
          i++;
          break;
        }
        v += s[i++];
      }
      while (i < s.length && s[i] !== ';') i++;
    } else {
      const e = s.indexOf(';', i);
      v = (e < 0 ? s.slice(i) : s.slice(i, e)).trim();
      i = e < 0 ? s.length : e;
    }
    out.set(name, v);
  }
  return out;
}

/** Parses an Inno Setup script: entries of its [Registry] section; [Code] lines that write the registry are listed. */
export function parseInnoText(text: string, file: string, encoding: string): RegSource {
  const out = new Out();
  const lines = checkLines(text, file);
  const mode64 = lines.some((l) => /^\s*ArchitecturesInstallIn64BitMode\s*=\s*\S/i.test(l));
  let section = '';
  for (let k = 0; k < lines.length; k++) {
    const lineNo = k + 1;
    const s = (lines[k] as string).trim();
    if (s === '' || s.startsWith(';') || s.startsWith('//')) continue;
    const sec = /^\[([^\]]+)\]$/.exec(s);
    if (sec) {
      section = (sec[1] as string).toLowerCase();
      continue;
    }
    if (section !== 'registry') {
      if (section === 'code' && /\bReg(Write|Delete)/i.test(s)) out.issue('not-evaluated', lineNo, s, 'registry');
      else if (s.startsWith('#') && /\{#|Reg/i.test(s) && section === 'registry') out.issue('not-evaluated', lineNo, s);
      else out.quiet++;
      continue;
    }
    if (s.startsWith('#')) {
      out.issue('not-evaluated', lineNo, s, 'preprocessor');
      continue;
    }
    const p = innoParams(s);
    if (!p) {
      out.issue('invalid-line', lineNo, s);
      continue;
    }
    const rootSpec = INNO_ROOTS[(p.get('root') ?? '').toLowerCase()];
    const subkey = p.get('subkey');
    if (!rootSpec || subkey === undefined) {
      out.issue('invalid-line', lineNo, s);
      continue;
    }
    const dyn = [...p.entries()].some(([k, v]) => ['subkey', 'valuename', 'valuedata', 'root'].includes(k) && /\{(?!\{)/.test(v));
    if (dyn) {
      out.issue('not-evaluated', lineNo, s, 'registry');
      continue;
    }
    let path = canonicalPath(`${rootSpec.root}\\${subkey.replace(/\{\{/g, '{')}`);
    if (path === null) {
      out.issue('invalid-line', lineNo, s);
      continue;
    }
    if (rootSpec.view === 32 || (rootSpec.view === 'mode' && !mode64)) path = view32(path);
    const conds = INNO_CONDITIONS.filter((c) => p.has(c));
    if (conds.length > 0) out.issue('conditional', lineNo, s, conds.map((c) => `${c}: ${p.get(c) as string}`).join('; '));
    const flags = new Set(
      (p.get('flags') ?? '')
        .toLowerCase()
        .split(/\s+/)
        .filter((f) => f !== ''),
    );
    if (flags.has('deletekey')) out.deleteKey(path, lineNo);
    const vname = p.get('valuename') ?? '';
    if (flags.has('deletevalue')) out.deleteValue(path, vname, lineNo);
    const vtype = (p.get('valuetype') ?? 'none').toLowerCase();
    if (flags.has('dontcreatekey') && vtype === 'none') continue;
    if (vtype === 'none') {
      if (!flags.has('deletekey') || p.has('valuetype')) out.key(path, lineNo);
      continue;
    }
    const data = (p.get('valuedata') ?? '').replace(/\{\{/g, '{');
    let value: RegValue | null = null;
    if (vtype === 'dword' || vtype === 'qword') {
      // Inno Setup reads the data as a (signed) integer or $hex: "-1" is 0xFFFFFFFF.
      const n = /^\$[0-9a-f]{1,16}$/i.test(data) ? parseInt(data.slice(1), 16) : /^-?\d{1,20}$/.test(data) ? Number(data) : NaN;
      if (Number.isFinite(n) && (vtype === 'qword' || (n <= 0xffffffff && n >= -2147483648)))
        value = vtype === 'dword' ? { name: vname, type: 4, dword: n >>> 0 } : { name: vname, type: 11, qword: BigInt(n) };
    } else if (vtype === 'string') value = { name: vname, type: 1, text: data };
    else if (vtype === 'expandsz') value = { name: vname, type: 2, text: data };
    else if (vtype === 'multisz') value = { name: vname, type: 7, multi: data.split('{break}') };
    if (!value) {
      out.issue('command-fails', lineNo, s, `Inno Setup cannot store "${data}" as ${vtype}`);
      continue;
    }
    out.set(path, value, lineNo);
  }
  return out.source(file, 'inno', encoding);
}
