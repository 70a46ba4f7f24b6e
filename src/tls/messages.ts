// Finding texts of the TLS handshake that both probe and send report (one entry for one outcome), in English and Dutch.
import { defineCatalog } from '../findings/types.js';
import type { Text } from '../i18n/lang.js';

export const findings = defineCatalog({
  'tls.handshake-failed': {
    severity: 'error',
    title: { en: 'TLS handshake fails', nl: 'TLS-handshake mislukt' },
    message: { en: 'a TLS handshake with {endpoint} failed: {reason}', nl: 'een TLS-handshake met {endpoint} mislukte: {reason}' },
    cause: { en: 'A broken certificate or key, a crashing TLS stack, or a middlebox that cuts the connection.', nl: 'Een defect certificaat of sleutel, een crashende TLS-stack, of een tussenapparaat dat de verbinding verbreekt.' },
  },
});

export const ui: Record<string, Text> = {};
