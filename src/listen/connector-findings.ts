// The findings of a session under a certificate-based inbound connector (what connector.ts decided, in words).
import { finding } from './messages.js';
import type { Finding } from '../findings/types.js';
import type { Lang } from '../i18n/lang.js';
import { INBOUND } from '../policy/connectors.js';
import type { ConnectorRecord } from './connector.js';

export function connectorFindings(c: ConnectorRecord, remote: string, lang: Lang): Finding[] {
  const out: Finding[] = [];
  const cert = c.certificate;
  const params = {
    remote,
    name: c.name,
    names: cert ? [cert.subject, ...cert.sanNames.map((n) => `DNS:${n}`)].join(', ') : '-',
    reason: cert?.trustError ?? '',
  };
  if (c.attributed) out.push(finding('connector.attributed', lang, { ...params, matched: c.matchedName ?? '' }));
  else out.push(finding(`connector.not-attributed.${c.reason ?? 'no-tls'}`, lang, params));
  if (c.relayDenied > 0) out.push(finding('connector.relay-denied', lang, { remote, count: c.relayDenied, reply: INBOUND.relayDenied }));
  return out;
}
