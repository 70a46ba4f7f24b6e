// TLS version names as mailtls writes them (TLSv1.0 … TLSv1.3): from a wire code and from node:tls getProtocol().
import { TLS_VERSIONS, VERSION_CODE, type TlsVersion } from '../policy/exchange-online.js';

/** Display name of a wire version code (`0x0301` → TLSv1.0), or the hex code. */
export function versionName(code: number): string {
  for (const v of TLS_VERSIONS) if (VERSION_CODE[v] === code) return v;
  return `0x${code.toString(16).padStart(4, '0')}`;
}

/** Node's getProtocol() names → mailtls names (`TLSv1` → `TLSv1.0`). */
export function fromNodeProtocol(p: string | null): TlsVersion | null {
  if (!p) return null;
  if (p === 'TLSv1') return 'TLSv1.0';
  return (TLS_VERSIONS as readonly string[]).includes(p) ? (p as TlsVersion) : null;
}
