// Finding texts of the TLS handshake that both probe and send report (one entry for one outcome), in English and Dutch.
import { defineCatalog } from '../findings/types.js';
import type { Text } from '../i18n/lang.js';

const NEXT = 'mailtls probe <domain>';

export const findings = defineCatalog({
  'tls.handshake-failed': {
    severity: 'error',
    title: { en: 'TLS handshake fails', nl: 'TLS-handshake mislukt' },
    message: { en: 'a TLS handshake with {endpoint} failed: {reason}', nl: 'een TLS-handshake met {endpoint} mislukte: {reason}' },
    cause: {
      en: 'A broken certificate or key, a crashing TLS stack, or a middlebox that cuts the connection.',
      nl: 'Een defect certificaat of sleutel, een crashende TLS-stack, of een tussenapparaat dat de verbinding verbreekt.',
    },
  },
  'tls.tls13-no-suites': {
    severity: 'error',
    title: { en: 'TLS 1.3 on without TLS 1.3 suites', nl: 'TLS 1.3 aan zonder TLS 1.3-suites' },
    message: {
      en: '{endpoint} has TLS 1.3 switched on but allows no TLS 1.3 cipher suite: every client that offers TLS 1.3 (Exchange Online, current OpenSSL and GnuTLS) is refused with handshake_failure; only TLS 1.2-only clients get through (TLS 1.2 suites: {suites})',
      nl: '{endpoint} heeft TLS 1.3 aan staan maar staat geen enkele TLS 1.3-ciphersuite toe: elke client die TLS 1.3 aanbiedt (Exchange Online, huidige OpenSSL en GnuTLS) wordt geweigerd met handshake_failure; alleen clients met alleen TLS 1.2 komen erdoor (TLS 1.2-suites: {suites})',
    },
    cause: {
      en: "The cipher list removes every AEAD cipher (AES-GCM, ChaCha20) while TLS 1.3 stays enabled, e.g. GnuTLS `NORMAL:-CIPHER-ALL:+AES-256-CBC:+AES-128-CBC` in Exim's tls_require_ciphers. A TLS 1.3 server picks the version before the suite, so it refuses instead of falling back to TLS 1.2. This is not a certificate or key problem.",
      nl: 'De cipherlijst haalt elke AEAD-cipher weg (AES-GCM, ChaCha20) terwijl TLS 1.3 aan blijft, bijv. GnuTLS `NORMAL:-CIPHER-ALL:+AES-256-CBC:+AES-128-CBC` in tls_require_ciphers van Exim. Een TLS 1.3-server kiest de versie vóór de suite, dus weigert hij in plaats van terug te vallen op TLS 1.2. Dit is geen certificaat- of sleutelprobleem.',
    },
    fix: {
      en: 'Allow the TLS 1.3 suites again (GnuTLS: add `:+AES-256-GCM:+AES-128-GCM`, or start from `NORMAL` or `SECURE256`; OpenSSL: do not empty TLSv1.3 ciphersuites), or switch TLS 1.3 off explicitly (GnuTLS `:-VERS-TLS1.3`).',
      nl: 'Sta de TLS 1.3-suites weer toe (GnuTLS: voeg `:+AES-256-GCM:+AES-128-GCM` toe, of begin bij `NORMAL` of `SECURE256`; OpenSSL: maak de TLSv1.3-ciphersuites niet leeg), of zet TLS 1.3 uitdrukkelijk uit (GnuTLS `:-VERS-TLS1.3`).',
    },
    next: NEXT,
  },
});

export const ui: Record<string, Text> = {};
