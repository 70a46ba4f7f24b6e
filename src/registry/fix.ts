// The fix: the smallest set of registry values that makes the effective state right, written as .reg or PowerShell.
import { text as ui } from './messages.js';
import type { Lang } from '../i18n/lang.js';
import { EXCHANGE_ONLINE } from '../policy/exchange-online.js';
import { DEFAULTS, OS_NAMES, sideState } from './defaults.js';
import { CIPHERS_KEY, HASHES_KEY, HKLM, KEX_KEY, SUITE_LOCAL_KEY, SUITE_POLICY_KEY, WEAK_CIPHERS, dotnetKey, protocolKey, winhttpKey } from './paths.js';
import { cipherBlockers, effectiveSuiteOrder, hasEoSuite } from './rules.js';
import { DOTNET_VALUES, DOTNET_VERSIONS, SIDES, VIEWS, type FixChange, type OsId, type Protocol, type RegistrySnapshot, type Side } from './types.js';

export interface FixOptions {
  /** Also switch off SSL 2.0/3.0, TLS 1.0/1.1, weak ciphers and MD5. */
  disableLegacy?: boolean;
}

/** Plans the minimal change for every Windows version in `scope` (the one from --os, or all of them). */
export function planFix(snap: RegistrySnapshot, scope: readonly OsId[], opts: FixOptions = {}): FixChange[] {
  const changes: FixChange[] = [];
  const set = (path: string, name: string, kind: FixChange['kind'], v: Partial<FixChange>, because: string): void => {
    const found = changes.find((c) => c.path === path && c.name === name);
    if (found) {
      if (!found.because.includes(because)) found.because.push(because);
      return;
    }
    changes.push({ path, name, kind, ...v, because: [because] });
  };
  const dword = (path: string, name: string, value: number, because: string): void => set(path, name, 'dword', { dword: value }, because);

  // TLS 1.2 on, not disabled by default, on both sides, on every version in scope.
  for (const side of SIDES) {
    const s = snap.protocols['TLS 1.2'][side];
    const needEnabled = scope.some((os) => (s.enabled.value !== null ? s.enabled.value === 0 : DEFAULTS[os]['TLS 1.2'][side] !== 'on'));
    const needDbd = scope.some((os) => (s.disabledByDefault.value !== null ? s.disabledByDefault.value !== 0 : DEFAULTS[os]['TLS 1.2'][side] === 'off'));
    const because = needEnabled ? `registry.tls12-${side}-disabled` : `registry.tls12-${side}-disabled-by-default`;
    if (needDbd) dword(protocolKey('TLS 1.2', side), 'DisabledByDefault', 0, because);
    if (needEnabled) dword(protocolKey('TLS 1.2', side), 'Enabled', 1, because);
  }

  // TLS 1.3 off where Windows does not support it.
  const tls13On = (side: Side): boolean =>
    scope.some(
      (os) => DEFAULTS[os]['TLS 1.3'][side] === 'unsafe' && ['on', 'explicit-only'].includes(sideState(os, 'TLS 1.3', side, snap.protocols['TLS 1.3'][side])),
    );
  if (SIDES.some(tls13On)) {
    for (const side of SIDES) turnOff('TLS 1.3', side, 'registry.tls13-enabled-unsupported-os', tls13On(side));
  }

  // .NET: both versions, both views.
  for (const ver of DOTNET_VERSIONS) {
    for (const view of VIEWS) {
      for (const name of DOTNET_VALUES) {
        if (snap.dotnet[ver][view][name].value !== 1) {
          dword(
            dotnetKey(ver, view),
            name,
            1,
            name === 'SystemDefaultTlsVersions' ? 'registry.dotnet-system-default-tls-versions' : 'registry.dotnet-strong-crypto',
          );
        }
      }
    }
  }

  // Ciphers / key exchange that leave no suite Exchange Online accepts.
  const blockers = cipherBlockers(snap);
  for (const c of ['AES 128/128', 'AES 256/256']) if (blockers.includes(c)) dword(`${CIPHERS_KEY}\\${c}`, 'Enabled', 0xffffffff, 'registry.no-eo-cipher');
  if (blockers.includes('ECDH')) dword(`${KEX_KEY}\\ECDH`, 'Enabled', 0xffffffff, 'registry.no-eo-cipher');

  // Suite order without any Exchange Online suite: append them (keeps the admin's preference for the rest).
  const order = effectiveSuiteOrder(snap);
  if (order && order.suites.length > 0 && !hasEoSuite(order.suites)) {
    const suites = [...order.suites, ...EXCHANGE_ONLINE.tls12Suites];
    const path = order.where === 'policy' ? SUITE_POLICY_KEY : SUITE_LOCAL_KEY;
    if (order.commaList) set(path, 'Functions', 'sz', { text: suites.join(',') }, 'registry.suite-order-no-eo-suite');
    else set(path, 'Functions', 'multi-sz', { multi: suites }, 'registry.suite-order-no-eo-suite');
  }

  // WinHTTP: add TLS 1.2 to a DefaultSecureProtocols that lacks it, keep the other bits.
  for (const view of VIEWS) {
    const v = snap.winhttp[view].value;
    if (v !== null && (v & 0x800) === 0) dword(winhttpKey(view), 'DefaultSecureProtocols', (v | 0x800) >>> 0, 'registry.winhttp-no-tls12');
  }

  if (opts.disableLegacy) {
    for (const p of ['SSL 2.0', 'SSL 3.0', 'TLS 1.0', 'TLS 1.1'] as const) {
      const need = (side: Side): boolean =>
        scope.some((os) => {
          const st = sideState(os, p, side, snap.protocols[p][side]);
          const s = snap.protocols[p][side];
          return st === 'on' || st === 'explicit-only' || (s.enabled.value === 0 && s.disabledByDefault.value === 0);
        });
      if (SIDES.some(need)) for (const side of SIDES) turnOff(p, side, p.startsWith('SSL') ? 'registry.ssl-enabled' : 'registry.legacy-protocol-enabled', true);
    }
    for (const c of WEAK_CIPHERS) {
      const s = snap.ciphers[c];
      if (s && s.value !== null && s.value !== 0) dword(`${CIPHERS_KEY}\\${c}`, 'Enabled', 0, 'registry.weak-cipher-enabled');
    }
    const md5 = snap.hashes['MD5'];
    if (md5 && md5.value !== null && md5.value !== 0) dword(`${HASHES_KEY}\\MD5`, 'Enabled', 0, 'registry.weak-hash-enabled');
  }
  return changes;

  /** Enabled=0 and DisabledByDefault=1 (as the official TLS10-Disable.reg), skipping values already right. */
  function turnOff(p: Protocol, side: Side, because: string, needed: boolean): void {
    const s = snap.protocols[p][side];
    if (!needed && s.enabled.value === null && s.disabledByDefault.value === null) return;
    if (s.disabledByDefault.value === null || s.disabledByDefault.value === 0) dword(protocolKey(p, side), 'DisabledByDefault', 1, because);
    if (s.enabled.value !== 0) dword(protocolKey(p, side), 'Enabled', 0, because);
  }
}

export interface FixWriterOptions {
  lang?: Lang;
  /** The version the fix is for; null = every version. */
  os?: OsId | null;
  /** Keys the audit found to have no effect, listed as comments. */
  ignoredKeys?: readonly string[];
  /** Version string written into the header comment. */
  generator?: string;
}

function groupByKey(changes: readonly FixChange[]): Map<string, FixChange[]> {
  const m = new Map<string, FixChange[]>();
  for (const c of changes) {
    const l = m.get(c.path);
    if (l) l.push(c);
    else m.set(c.path, [c]);
  }
  return m;
}

function comments(opts: FixWriterOptions, empty: boolean): string[] {
  const lang = opts.lang ?? 'en';
  const os = opts.os ? OS_NAMES[opts.os] : ui('registry.fixfile.all-os', lang);
  const lines = [ui('registry.fixfile.title', lang, { os }) + (opts.generator ? ` (mailtls ${opts.generator})` : '')];
  lines.push(empty ? ui('registry.fixfile.nothing', lang) : ui('registry.fixfile.only-needed', lang));
  if (!empty) lines.push(ui('registry.fixfile.restart', lang));
  for (const k of opts.ignoredKeys ?? []) lines.push(ui('registry.fixfile.ignored-key', lang, { key: k.replace(/[\r\n]/g, ' ') }));
  return lines;
}

function regString(s: string): string {
  return '"' + s.replace(/\\/g, '\\\\').replace(/"/g, '\\"') + '"';
}

/** hex(7) data of a multi-string, wrapped the way regedit wraps it (80 columns, continuation lines indented 2). */
export function hex7Lines(prefix: string, strings: readonly string[]): string[] {
  const bytes: string[] = [];
  const push = (c: number): void => {
    bytes.push((c & 0xff).toString(16).padStart(2, '0'), ((c >> 8) & 0xff).toString(16).padStart(2, '0'));
  };
  for (const s of strings) {
    for (let i = 0; i < s.length; i++) push(s.charCodeAt(i));
    push(0);
  }
  push(0);
  const lines: string[] = [];
  let cur = prefix;
  for (let i = 0; i < bytes.length; i++) {
    if (cur.length + 3 > 79) {
      lines.push(cur + '\\');
      cur = '  ';
    }
    cur += bytes[i] + (i < bytes.length - 1 ? ',' : '');
  }
  lines.push(cur);
  return lines;
}

/** The fix as .reg text (CRLF line ends), in the layout regedit exports. */
export function renderFixReg(changes: readonly FixChange[], opts: FixWriterOptions = {}): string {
  const out = ['Windows Registry Editor Version 5.00', ''];
  for (const c of comments(opts, changes.length === 0)) out.push(`; ${c}`);
  out.push('');
  for (const [path, list] of groupByKey(changes)) {
    out.push(`[${HKLM}\\${path}]`);
    for (const c of list) {
      const name = regString(c.name);
      if (c.kind === 'dword') out.push(`${name}=dword:${(c.dword ?? 0).toString(16).padStart(8, '0')}`);
      else if (c.kind === 'sz') out.push(`${name}=${regString(c.text ?? '')}`);
      else out.push(...hex7Lines(`${name}=hex(7):`, c.multi ?? []));
    }
    out.push('');
  }
  return out.join('\r\n') + '\r\n';
}

/** The fix as a .reg file: UTF-16LE with BOM and CRLF, byte for byte what regedit writes. */
export function writeFixReg(changes: readonly FixChange[], opts: FixWriterOptions = {}): Buffer {
  return Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(renderFixReg(changes, opts), 'utf16le')]);
}

function psString(s: string): string {
  return "'" + s.replace(/'/g, "''").replace(/[\u2018\u2019\u201a\u201b]/g, (m) => m + m) + "'";
}

/**
 * The fix as a PowerShell script. It writes through the .NET registry API in the 64-bit view: New-Item would split
 * cipher names at '/', and a 32-bit PowerShell would be redirected to Wow6432Node.
 */
export function writeFixPs1(changes: readonly FixChange[], opts: FixWriterOptions = {}): string {
  const lang = opts.lang ?? 'en';
  const out: string[] = [];
  for (const c of comments(opts, changes.length === 0)) out.push(`# ${c}`);
  out.push('#Requires -RunAsAdministrator', "$ErrorActionPreference = 'Stop'");
  out.push('$hklm = [Microsoft.Win32.RegistryKey]::OpenBaseKey([Microsoft.Win32.RegistryHive]::LocalMachine, [Microsoft.Win32.RegistryView]::Registry64)');
  out.push('function Set-MailtlsValue([string]$Path, [string]$Name, $Value, [Microsoft.Win32.RegistryValueKind]$Kind) {');
  out.push('    $key = $hklm.CreateSubKey($Path)');
  out.push('    try { $key.SetValue($Name, $Value, $Kind) } finally { $key.Close() }');
  out.push('}');
  out.push('function Set-MailtlsDword([string]$Path, [string]$Name, [uint32]$Value) {');
  out.push('    Set-MailtlsValue $Path $Name ([BitConverter]::ToInt32([BitConverter]::GetBytes($Value), 0)) ([Microsoft.Win32.RegistryValueKind]::DWord)');
  out.push('}');
  out.push('');
  for (const c of changes) {
    if (c.kind === 'dword') out.push(`Set-MailtlsDword ${psString(c.path)} ${psString(c.name)} ${c.dword ?? 0}`);
    else if (c.kind === 'sz')
      out.push(`Set-MailtlsValue ${psString(c.path)} ${psString(c.name)} ${psString(c.text ?? '')} ([Microsoft.Win32.RegistryValueKind]::String)`);
    else
      out.push(
        `Set-MailtlsValue ${psString(c.path)} ${psString(c.name)} ([string[]]@(${(c.multi ?? []).map(psString).join(', ')})) ([Microsoft.Win32.RegistryValueKind]::MultiString)`,
      );
  }
  out.push('');
  out.push(`Write-Host ${psString(ui('registry.fixfile.done', lang))}`);
  return out.join('\r\n') + '\r\n';
}
