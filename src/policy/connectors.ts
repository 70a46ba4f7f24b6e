// Exchange Online connectors as data, with their public sources: what an outbound connector's TlsSettings checks on the
// receiving server's certificate, how an inbound connector attributes a sender by its client certificate, and the
// reply and queue texts that follow. Pure functions only (name matching); the probe and the receiver apply them.

/** `Set-OutboundConnector -TlsSettings` values, spelled as PowerShell spells them. */
export const TLS_SETTINGS = ['EncryptionOnly', 'CertificateValidation', 'DomainValidation'] as const;
export type TlsSettings = (typeof TLS_SETTINGS)[number];

/** A public document, by its title (and where it is published). */
export interface Source {
  title: string;
  where: string;
}

export const SOURCES = {
  setOutbound: {
    title: 'Set-OutboundConnector (Exchange PowerShell reference)',
    where: 'learn.microsoft.com/powershell/module/exchange/set-outboundconnector',
  },
  setInbound: { title: 'Set-InboundConnector (Exchange PowerShell reference)', where: 'learn.microsoft.com/powershell/module/exchange/set-inboundconnector' },
  relayDenied: {
    title: '"550 5.7.64 TenantAttribution" when sending mail externally in Microsoft 365',
    where: 'learn.microsoft.com/exchange/troubleshoot/email-delivery/ndr/relay-access-denied-smtp',
  },
  relayDeniedEop: {
    title: '"550 5.7.64 TenantAttribution; Relay Access Denied SMTP" error when sending mail through Exchange Online Protection (KB 3212877)',
    where: 'support.microsoft.com/help/3212877',
  },
  connectorsNotice: {
    title: 'Important notice for Office 365 email customers who have configured connectors (Exchange Team Blog, 2016-03-29)',
    where: 'techcommunity.microsoft.com',
  },
  certValidationFailed: {
    title:
      'Mail not routing to on-premise Exchange 2013 environment from O365 with 450 4.7.320 Certificate validation failed error (Exchange "Challenge Accepted" blog, 2017-04-14)',
    where: 'learn.microsoft.com/archive/blogs/exchangechallengeaccepted',
  },
  starttlsDeferred: {
    title: 'Error: 450 4.4.317 Cannot connect to remote server [Message=451 5.7.3 STARTTLS is required to send mail] (ex-shell.com, 2022-10-25)',
    where: 'ex-shell.com/2022/10/25',
  },
} as const satisfies Record<string, Source>;

/** What each TlsSettings value makes the outbound connector check, per Set-OutboundConnector's TlsSettings text. */
export interface OutboundRule {
  setting: TlsSettings;
  /** TLS is required at all (every value: a connector with TlsSettings never sends in plaintext). */
  requiresTls: true;
  /** Chain to a trusted root and validity dates. */
  checksChain: boolean;
  /** Revocation lists (mailtls cannot ask a CRL/OCSP server from a loopback test: reported as not checked). */
  checksRevocation: boolean;
  /** The certificate's names against -TlsDomain. CertificateValidation checks NO name: the text names chain
   * validation and revocation only, and says DomainValidation is what adds the FQDN check. */
  checksName: boolean;
  /** The documentation's words, quoted. */
  quote: string;
  source: Source;
}

export const OUTBOUND_RULES: Record<TlsSettings, OutboundRule> = {
  EncryptionOnly: {
    setting: 'EncryptionOnly',
    requiresTls: true,
    checksChain: false,
    checksRevocation: false,
    checksName: false,
    quote: 'TLS is used only to encrypt the communication channel. No certificate authentication is performed.',
    source: SOURCES.setOutbound,
  },
  CertificateValidation: {
    setting: 'CertificateValidation',
    requiresTls: true,
    checksChain: true,
    checksRevocation: true,
    checksName: false,
    quote: 'TLS is used to encrypt the channel and certificate chain validation and revocation lists checks are performed.',
    source: SOURCES.setOutbound,
  },
  DomainValidation: {
    setting: 'DomainValidation',
    requiresTls: true,
    checksChain: true,
    checksRevocation: true,
    checksName: true,
    quote:
      'In addition to channel encryption and certificate validation, the Outbound connector also verifies that the FQDN of the target certificate matches the domain specified in the TlsDomain parameter.',
    source: SOURCES.setOutbound,
  },
};

/** `EncryptionOnly`, `encryptiononly`, `ENCRYPTIONONLY` … → the PowerShell spelling; null when not a value. */
export function parseTlsSettings(s: string): TlsSettings | null {
  const t = s.trim().toLowerCase();
  return TLS_SETTINGS.find((v) => v.toLowerCase() === t) ?? null;
}

/**
 * A domain parameter of type SmtpDomainWithSubdomains / TlsCertificate (-TlsDomain, -TlsSenderCertificateName):
 * `contoso.com`, or `*.contoso.com` for the subdomains; an embedded wildcard (`domain.*.contoso.com`) is invalid.
 */
export interface ConnectorDomain {
  /** Lower case, no trailing dot, without the `*.`. */
  domain: string;
  wildcard: boolean;
}

/**
 * Whether a `*.contoso.com` pattern also covers `contoso.com` itself: the two parameters are worded differently.
 * -TlsDomain: "You can use a wildcard character to specify all subdomains of a specified domain" (subdomains only).
 * -TlsSenderCertificateName: "Wildcards are supported to indicate a domain and all subdomains" (the domain too).
 */
export const WILDCARD_COVERS_DOMAIN = { TlsDomain: false, TlsSenderCertificateName: true } as const;
export type DomainParameter = keyof typeof WILDCARD_COVERS_DOMAIN;

const LABEL = /^(?!-)[a-z0-9_-]{1,63}(?<!-)$/;

/** Parses a domain parameter; null when it is not a valid SMTP domain (with at most one leading `*.`). */
export function parseConnectorDomain(s: string): ConnectorDomain | null {
  let t = s.trim().toLowerCase().replace(/\.$/, '');
  const wildcard = t.startsWith('*.');
  if (wildcard) t = t.slice(2);
  if (t.length === 0 || t.length > 253 || t.includes('*')) return null;
  const labels = t.split('.');
  if (labels.length < (wildcard ? 2 : 1) || !labels.every((l) => LABEL.test(l))) return null;
  return { domain: t, wildcard };
}

/**
 * The names Exchange Online compares: the subject's CN and every DNS name of the subjectAltName ("the CN (Common-Name)
 * or SAN (Subject Alternate Name) in the certificate", Exchange Team Blog 2016-03-29) — unlike RFC 6125, the CN counts
 * even when there are SANs.
 */
export function certificateNames(cn: string | null, sanDns: readonly string[]): string[] {
  const out: string[] = [];
  for (const n of [...(cn ? [cn] : []), ...sanDns]) {
    const v = n.trim().toLowerCase().replace(/\.$/, '');
    if (v && !out.includes(v)) out.push(v);
  }
  return out;
}

/** `host.contoso.com` is under `contoso.com` (a proper subdomain, any depth). */
function isSubdomain(name: string, domain: string): boolean {
  return name.length > domain.length + 1 && name.endsWith(`.${domain}`);
}

/** A certificate name `*.contoso.com` covers `mail.contoso.com` (one label, the usual certificate wildcard rule). */
function certWildcardCovers(certName: string, host: string): boolean {
  if (!certName.startsWith('*.')) return false;
  const base = certName.slice(2);
  if (!base.includes('.') || base.includes('*')) return false;
  const dot = host.indexOf('.');
  return dot > 0 && host.slice(dot + 1) === base;
}

/**
 * The first certificate name that satisfies a connector's domain parameter, or null.
 * - `mail.contoso.com` is satisfied by a certificate name `mail.contoso.com` or `*.contoso.com`.
 * - `*.contoso.com` is satisfied by any name under contoso.com (`mail.contoso.com`, `a.b.contoso.com`,
 *   `*.contoso.com` itself), and by `contoso.com` only where the parameter's text says so (WILDCARD_COVERS_DOMAIN).
 */
export function matchConnectorDomain(pattern: ConnectorDomain, names: readonly string[], parameter: DomainParameter): string | null {
  for (const raw of names) {
    const n = raw.toLowerCase().replace(/\.$/, '');
    if (!pattern.wildcard) {
      if (n === pattern.domain || certWildcardCovers(n, pattern.domain)) return raw;
      continue;
    }
    const bare = n.startsWith('*.') ? n.slice(2) : n;
    // a certificate wildcard stands for names one label below its base: `*.b.contoso.com` → `x.b.contoso.com`
    if (isSubdomain(n.startsWith('*.') ? `x.${bare}` : n, pattern.domain)) return raw;
    if (n === pattern.domain && WILDCARD_COVERS_DOMAIN[parameter]) return raw;
  }
  return null;
}

/** Display form of a parsed domain parameter. */
export function showConnectorDomain(d: ConnectorDomain): string {
  return d.wildcard ? `*.${d.domain}` : d.domain;
}

/** Why an outbound connector refuses the receiving server (null: it would deliver). */
export type OutboundFailure = 'no-starttls' | 'no-tls' | 'untrusted' | 'self-signed' | 'expired' | 'not-yet-valid' | 'name-mismatch' | 'no-certificate';

/**
 * What Exchange Online's queue (message trace) shows when an outbound connector cannot deliver, as published:
 * - a certificate that fails the connector's check: `450 4.7.320 Certificate validation failed` with the reason in
 *   `[Message=…]` — `SubjectMismatch` is the one published value (for the name); the value for a chain or date
 *   failure is not published, so mailtls writes what it found there and says so;
 * - a server that does not do TLS: `450 4.4.317 Cannot connect to remote server [Message=<the server's reply>]`.
 * Exchange Online keeps retrying; when the message expires the sender gets an NDR carrying the last such reason (its
 * final status code is not in a public source mailtls found: the issue text names 5.4.317).
 */
export const OUTBOUND_QUEUE = {
  certificateFailed: (message: string) => `450 4.7.320 Certificate validation failed [Message=${message}]`,
  cannotConnect: (message: string) => `450 4.4.317 Cannot connect to remote server [Message=${message}]`,
  /** The [Message=] values that are published (others are mailtls's own words for what it found). */
  publishedMessages: { 'name-mismatch': 'SubjectMismatch' } as Partial<Record<OutboundFailure, string>>,
  sources: [SOURCES.certValidationFailed, SOURCES.starttlsDeferred],
} as const;

/** The inbound side: what Exchange Online answers a relay it cannot attribute to a connector. */
export const INBOUND = {
  relayDenied: '550 5.7.64 TenantAttribution; Relay Access Denied',
  /**
   * -RequireTls on an inbound connector: "Reject messages if they aren't sent over TLS" (the reply text is the same
   * one Exchange Online gives any sender that must use STARTTLS).
   */
  requireTlsQuote: "$true: Reject messages if they aren't sent over TLS.",
  /** -RestrictDomainsToCertificate: only the Subject value counts (Partner connectors). */
  restrictQuote:
    'Mail is allowed to use the connector only if the Subject value of the TLS certificate that the source email server uses to authenticate matches the TlsSenderCertificateName parameter value.',
  /**
   * Why a certificate-based connector does not match (KB 3212877 and the 5.7.64 article): no certificate, another
   * name (a renewed certificate), or a chain the service cannot build to a trusted root (the on-premises server does
   * not send the intermediates).
   */
  sources: [SOURCES.setInbound, SOURCES.relayDenied, SOURCES.relayDeniedEop, SOURCES.connectorsNotice],
} as const;

/** Why an inbound connector did not attribute a session (null: attributed). */
export type AttributionFailure = 'no-tls' | 'no-certificate' | 'untrusted' | 'expired' | 'not-yet-valid' | 'name-mismatch';
