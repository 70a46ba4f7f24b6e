// Registry key paths: root names (full and abbreviated), case-insensitive comparison, and the keys mailtls reads.
import type { DotnetVersion, Protocol, View } from './types.js';

const ROOTS: Record<string, string> = {
  HKEY_LOCAL_MACHINE: 'HKEY_LOCAL_MACHINE',
  HKLM: 'HKEY_LOCAL_MACHINE',
  HKEY_CURRENT_USER: 'HKEY_CURRENT_USER',
  HKCU: 'HKEY_CURRENT_USER',
  HKEY_CLASSES_ROOT: 'HKEY_CLASSES_ROOT',
  HKCR: 'HKEY_CLASSES_ROOT',
  HKEY_USERS: 'HKEY_USERS',
  HKU: 'HKEY_USERS',
  HKEY_CURRENT_CONFIG: 'HKEY_CURRENT_CONFIG',
  HKCC: 'HKEY_CURRENT_CONFIG',
  HKEY_DYN_DATA: 'HKEY_DYN_DATA',
};

/**
 * Spells out the root of a key path ("HKLM\x" → "HKEY_LOCAL_MACHINE\x"), drops a trailing backslash;
 * null when the root is not a registry root.
 */
export function canonicalPath(path: string): string | null {
  let p = path;
  while (p.endsWith('\\')) p = p.slice(0, -1);
  const cut = p.indexOf('\\');
  const head = (cut < 0 ? p : p.slice(0, cut)).toUpperCase();
  const root = ROOTS[head];
  if (!root) return null;
  return cut < 0 ? root : root + p.slice(cut);
}

/** Comparison key of a canonical path: Windows compares key names case-insensitively. */
export function foldPath(path: string): string {
  return path.toLowerCase();
}

export const HKLM = 'HKEY_LOCAL_MACHINE';
export const SCHANNEL = 'SYSTEM\\CurrentControlSet\\Control\\SecurityProviders\\SCHANNEL';
export const PROTOCOLS_KEY = `${SCHANNEL}\\Protocols`;
export const CIPHERS_KEY = `${SCHANNEL}\\Ciphers`;
export const HASHES_KEY = `${SCHANNEL}\\Hashes`;
export const KEX_KEY = `${SCHANNEL}\\KeyExchangeAlgorithms`;
export const SUITE_LOCAL_KEY = 'SYSTEM\\CurrentControlSet\\Control\\Cryptography\\Configuration\\Local\\SSL\\00010002';
export const SUITE_POLICY_KEY = 'SOFTWARE\\Policies\\Microsoft\\Cryptography\\Configuration\\SSL\\00010002';
export const CURRENT_VERSION_KEY = 'SOFTWARE\\Microsoft\\Windows NT\\CurrentVersion';

/** The .NET Framework key of a version in a registry view (Wow6432Node = 32-bit). */
export function dotnetKey(version: DotnetVersion, view: View): string {
  return view === '64-bit' ? `SOFTWARE\\Microsoft\\.NETFramework\\${version}` : `SOFTWARE\\Wow6432Node\\Microsoft\\.NETFramework\\${version}`;
}

/** The WinHTTP key (DefaultSecureProtocols) in a registry view. */
export function winhttpKey(view: View): string {
  const mid = view === '64-bit' ? 'SOFTWARE\\Microsoft' : 'SOFTWARE\\Wow6432Node\\Microsoft';
  return `${mid}\\Windows\\CurrentVersion\\Internet Settings\\WinHttp`;
}

export function protocolKey(p: Protocol, side: 'client' | 'server'): string {
  return `${PROTOCOLS_KEY}\\${p}\\${side === 'client' ? 'Client' : 'Server'}`;
}

/** Schannel cipher key names (the `/` is part of the name). */
export const KNOWN_CIPHERS = [
  'AES 128/128',
  'AES 256/256',
  'DES 56/56',
  'NULL',
  'RC2 40/128',
  'RC2 56/128',
  'RC2 56/56',
  'RC2 128/128',
  'RC4 40/128',
  'RC4 56/128',
  'RC4 64/128',
  'RC4 128/128',
  'Triple DES 168',
  'Triple DES 168/168',
] as const;
export const WEAK_CIPHERS: readonly string[] = KNOWN_CIPHERS.filter((c) => !c.startsWith('AES'));
export const KNOWN_HASHES = ['MD5', 'SHA', 'SHA256', 'SHA384', 'SHA512'] as const;
export const KNOWN_KEX = ['Diffie-Hellman', 'ECDH', 'PKCS'] as const;
/** Other protocol key names Schannel knows (not judged, but not "unknown" either). */
export const OTHER_PROTOCOL_KEYS = ['PCT 1.0', 'Multi-Protocol Unified Hello', 'DTLS 1.0', 'DTLS 1.2', 'DTLS 1.3'] as const;

/** Characters that look like ones Schannel expects but are not (∕ ⁄ ／ ⧸, no-break and other spaces, full stops). */
const LOOKALIKES: Record<string, string> = {
  '\u2215': '/',
  '\u2044': '/',
  '\uff0f': '/',
  '\u29f8': '/',
  '\u00a0': ' ',
  '\u2007': ' ',
  '\u202f': ' ',
  '\u2002': ' ',
  '\u2003': ' ',
  '\u2009': ' ',
  '\u2024': '.',
  '\uff0e': '.',
  '\u2010': '-',
  '\u2011': '-',
  '\u2013': '-',
};

/** The first lookalike character in a name (as "U+2215"), and the name with all of them replaced; null if none. */
export function lookalike(name: string): { char: string; fixed: string } | null {
  let first: string | null = null;
  let fixed = '';
  for (const ch of name) {
    const r = LOOKALIKES[ch];
    if (r !== undefined) {
      if (first === null) first = 'U+' + (ch.codePointAt(0) as number).toString(16).toUpperCase().padStart(4, '0');
      fixed += r;
    } else fixed += ch;
  }
  return first === null ? null : { char: first, fixed };
}
