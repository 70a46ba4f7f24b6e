// Check: an Exchange Online inbound connector that identifies the sending server by its TLS client certificate
// (-TlsSenderCertificateName, -RestrictDomainsToCertificate): the certificate the sender presented, whether the
// connector attributes the session, and the reply to a relay it does not attribute.
import type { DetailedPeerCertificate, TLSSocket } from 'node:tls';
import * as tls from 'node:tls';
import { sanitize } from '../net/sanitize.js';
import { certificateNames, INBOUND, matchConnectorDomain, showConnectorDomain, type AttributionFailure, type ConnectorDomain } from '../policy/connectors.js';

/** The inbound connector the listener plays (plain data: it crosses the IPC channel to workers). */
export interface InboundConnectorSettings {
  /** -TlsSenderCertificateName. */
  tlsSenderCertificateName: ConnectorDomain;
  /** -RestrictDomainsToCertificate: only the Subject (CN) counts, and mail that is not attributed is refused. */
  restrictDomainsToCertificate: boolean;
  /** Extra trust anchors (PEM) besides the public roots, for a private CA in tests (--ca). */
  ca: string[];
  /** The tenant's accepted domains: mail to them is not a relay (default: none, every recipient is relayed). */
  acceptedDomains: string[];
}

/** The client certificate as recorded in the session's JSON line. */
export interface ClientCertificateRecord {
  subject: string;
  issuer: string;
  sanNames: string[];
  notBefore: string;
  notAfter: string;
  fingerprintSha256: string;
  /** OpenSSL's verdict on the chain against the public roots and --ca (node:tls `authorized`). */
  trusted: boolean;
  /** OpenSSL's last verify error when not trusted (e.g. SELF_SIGNED_CERT_IN_CHAIN, CERT_HAS_EXPIRED). */
  trustError: string | null;
}

/** `"connector"` in a session record. */
export interface ConnectorRecord {
  /** -TlsSenderCertificateName as configured. */
  name: string;
  restrictDomainsToCertificate: boolean;
  attributed: boolean;
  /** Why not (null when attributed). */
  reason: AttributionFailure | null;
  /** The certificate name that matched. */
  matchedName: string | null;
  certificate: ClientCertificateRecord | null;
  /** Recipients refused with 550 5.7.64 in this session. */
  relayDenied: number;
}

/** Trust anchors for client certificates: the public roots Node carries plus --ca. */
export function clientCaList(extra: readonly string[]): string[] {
  return [...tls.rootCertificates, ...extra];
}

/** Reads the client certificate of an established server-side TLS socket (null when the client sent none). */
export function readClientCertificate(t: TLSSocket): ClientCertificateRecord | null {
  const c = t.getPeerCertificate(true) as DetailedPeerCertificate | Record<string, never>;
  if (!c || !('raw' in c) || !c.raw) return null;
  const dn = (o: Record<string, unknown> | undefined): string =>
    o
      ? Object.entries(o)
          .map(([k, v]) => `${k}=${Array.isArray(v) ? v.join('+') : String(v)}`)
          .join(', ')
      : '';
  const sans = (c.subjectaltname ?? '')
    .split(/,\s*/)
    .filter((p) => p.startsWith('DNS:'))
    .map((p) => sanitize(p.slice(4), 255).toLowerCase())
    .slice(0, 100);
  // A TLSSocket built by hand (not by tls.Server) never sets `authorized`: ask the handle for OpenSSL's verify result,
  // as tls.Server does (`_handle.verifyError()`: null when the chain verified against the context's CAs).
  const handle = (t as unknown as { _handle?: { verifyError?: () => (Error & { code?: string }) | null } })._handle;
  let trusted = false;
  let trustError: string | null = 'NOT_VERIFIED';
  if (typeof handle?.verifyError === 'function') {
    const e = handle.verifyError();
    trusted = e === null || e === undefined;
    trustError = trusted ? null : sanitize(String(e?.code ?? e?.message ?? 'unknown'), 100);
  }
  return {
    subject: sanitize(dn(c.subject as unknown as Record<string, unknown>), 512),
    issuer: sanitize(dn(c.issuer as unknown as Record<string, unknown>), 512),
    sanNames: sans,
    notBefore: new Date(c.valid_from).toISOString(),
    notAfter: new Date(c.valid_to).toISOString(),
    fingerprintSha256: c.fingerprint256,
    trusted,
    trustError,
  };
}

function cnOf(subject: string): string | null {
  const m = /(?:^|,\s*)CN=([^,]*)/.exec(subject);
  return m ? (m[1] as string).trim() || null : null;
}

/**
 * Decides attribution: TLS, then a certificate, then its chain and dates, then its name against
 * -TlsSenderCertificateName (CN and DNS SANs; with -RestrictDomainsToCertificate the Subject alone). Pure.
 */
export function attribute(
  s: InboundConnectorSettings,
  tlsUp: boolean,
  cert: ClientCertificateRecord | null,
  now = Date.now(),
): Pick<ConnectorRecord, 'attributed' | 'reason' | 'matchedName'> {
  const no = (reason: AttributionFailure) => ({ attributed: false, reason, matchedName: null });
  if (!tlsUp) return no('no-tls');
  if (!cert) return no('no-certificate');
  if (Date.parse(cert.notAfter) < now) return no('expired');
  if (Date.parse(cert.notBefore) > now) return no('not-yet-valid');
  if (!cert.trusted) return no('untrusted');
  const cn = cnOf(cert.subject);
  const names = s.restrictDomainsToCertificate ? (cn ? [cn.toLowerCase()] : []) : certificateNames(cn, cert.sanNames);
  const matched = matchConnectorDomain(s.tlsSenderCertificateName, names, 'TlsSenderCertificateName');
  return matched ? { attributed: true, reason: null, matchedName: matched } : no('name-mismatch');
}

/** A recipient outside the accepted domains (and their subdomains) is relayed through the tenant. */
export function isRelay(recipient: string, acceptedDomains: readonly string[]): boolean {
  const at = recipient.lastIndexOf('@');
  const domain = (at >= 0 ? recipient.slice(at + 1) : '').toLowerCase().replace(/\.$/, '');
  return !acceptedDomains.some((d) => domain === d || domain.endsWith(`.${d}`));
}

/** The reply to RCPT when the connector must refuse it, or null to go on. */
export function rcptRefusal(s: InboundConnectorSettings, attributed: boolean, recipient: string): string | null {
  if (attributed) return null;
  // RestrictDomainsToCertificate: "Mail is allowed to use the connector only if …" — every recipient, not just relays.
  if (s.restrictDomainsToCertificate || isRelay(recipient, s.acceptedDomains)) return INBOUND.relayDenied;
  return null;
}

export function emptyConnectorRecord(s: InboundConnectorSettings): ConnectorRecord {
  return {
    name: showConnectorDomain(s.tlsSenderCertificateName),
    restrictDomainsToCertificate: s.restrictDomainsToCertificate,
    attributed: false,
    reason: 'no-tls',
    matchedName: null,
    certificate: null,
    relayDenied: 0,
  };
}
