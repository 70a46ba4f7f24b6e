// The probe's trust store: the OS anchors (else Node's bundled Mozilla store) plus any --ca, parsed once per set.
import { readFileSync } from 'node:fs';
import * as tls from 'node:tls';
import { trustStoreFrom, type TrustStore } from './chain.js';

/** Trust anchors: the OS bundle where one exists (Debian, RHEL, macOS/BSD), else Node's bundled Mozilla store. */
let systemCaCache: string[] | null = null;
export function systemCa(): string[] {
  if (systemCaCache) return systemCaCache;
  const getCa = (tls as unknown as { getCACertificates?: (kind: string) => string[] }).getCACertificates;
  if (getCa) {
    try {
      systemCaCache = [...getCa('system'), ...getCa('bundled')];
      return systemCaCache;
    } catch {
      /* older Node: fall through */
    }
  }
  for (const f of ['/etc/ssl/certs/ca-certificates.crt', '/etc/pki/tls/certs/ca-bundle.crt', '/etc/ssl/cert.pem']) {
    try {
      systemCaCache = [readFileSync(f, 'utf8')];
      return systemCaCache;
    } catch {
      /* next */
    }
  }
  systemCaCache = [...tls.rootCertificates];
  return systemCaCache;
}

/** One trust store per set of extra CAs, like the secure contexts (parsing the system roots takes ~30 ms). */
const stores = new Map<string, TrustStore>();
export function trustStoreFor(extraCa: readonly string[]): TrustStore {
  const key = extraCa.join('\n');
  let st = stores.get(key);
  if (!st) {
    st = trustStoreFrom([...systemCa(), ...extraCa]);
    stores.set(key, st);
  }
  return st;
}
