// The node:tls options of a complete handshake made the way Exchange Online makes it when it sends (probe's proof, send).
import { createSecureContext, type ConnectionOptions, type SecureContext } from 'node:tls';
import { EXCHANGE_ONLINE, eoOfferedVersions } from '../policy/exchange-online.js';
import { suiteByName } from './suites.js';

/**
 * Schannel-like, because this handshake stands for "what Exchange Online sees": only Exchange Online's versions
 * (TLS 1.2, and TLS 1.3 as `EO_SMTP_TLS13` assumes) and suites, in its order, the groups Schannel offers (x25519,
 * P-256, P-384: no FFDHE, no x448, no P-521) and RSA/ECDSA signature algorithms with SHA-2 first. OpenSSL's local
 * security level is 0 so that only the server, never this machine's OpenSSL policy, can refuse; the certificate is not
 * verified here (Exchange Online's opportunistic TLS does not either; chain.ts judges it).
 */
export function exchangeOnlineClientOptions(servername?: string): ConnectionOptions {
  const versions = eoOfferedVersions();
  const tls12 = EXCHANGE_ONLINE.tls12Suites.map((n) => suiteByName(n)?.openssl).filter((x): x is string => Boolean(x));
  const tls13 = versions.includes('TLSv1.3') ? [...EXCHANGE_ONLINE.tls13Suites] : [];
  return {
    minVersion: 'TLSv1.2',
    maxVersion: versions.includes('TLSv1.3') ? 'TLSv1.3' : 'TLSv1.2',
    // Node hands the TLS 1.3 names in this string to SSL_CTX_set_ciphersuites
    ciphers: [...tls13, ...tls12, '@SECLEVEL=0'].join(':'),
    ecdhCurve: 'X25519:P-256:P-384',
    sigalgs: 'RSA-PSS+SHA256:RSA-PSS+SHA384:RSA-PSS+SHA512:RSA+SHA256:RSA+SHA384:RSA+SHA512:ECDSA+SHA256:ECDSA+SHA384:RSA+SHA1:ECDSA+SHA1',
    rejectUnauthorized: false,
    checkServerIdentity: () => undefined,
    ...(servername ? { servername } : {}),
  };
}

/**
 * The secure context of `exchangeOnlineClientOptions()`, made once per process (per `EO_SMTP_TLS13` setting): node:tls
 * would otherwise build a new OpenSSL context for every handshake (~0.3–0.5 ms of CPU each in a scan). Only
 * per-connection options (servername, verification callbacks) still come from the options.
 */
const eoContexts = new Map<string, SecureContext>();
export function exchangeOnlineSecureContext(): SecureContext {
  const key = eoOfferedVersions().join(',');
  let c = eoContexts.get(key);
  if (!c) {
    const { minVersion, maxVersion, ciphers, ecdhCurve, sigalgs } = exchangeOnlineClientOptions();
    // `ca: []`: no trust anchors, since nothing is verified here; without it node:tls builds its whole root store
    // (~150 certificates parsed) for the first context of a process
    c = createSecureContext({ minVersion, maxVersion, ciphers, ecdhCurve, sigalgs, ca: [] });
    eoContexts.set(key, c);
  }
  return c;
}
