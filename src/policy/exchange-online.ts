// Exchange Online's mail-flow TLS policy as data, with its sources: the one place to change when Microsoft does.

/** TLS protocol versions mailtls knows, oldest first, by their display names. */
export const TLS_VERSIONS = ['SSLv3', 'TLSv1.0', 'TLSv1.1', 'TLSv1.2', 'TLSv1.3'] as const;
export type TlsVersion = (typeof TLS_VERSIONS)[number];

/** Wire codes of the versions (record/legacy_version and supported_versions values). */
export const VERSION_CODE: Record<TlsVersion, number> = {
  SSLv3: 0x0300,
  'TLSv1.0': 0x0301,
  'TLSv1.1': 0x0302,
  'TLSv1.2': 0x0303,
  'TLSv1.3': 0x0304,
};

export function versionFromCode(code: number): TlsVersion | null {
  for (const v of TLS_VERSIONS) if (VERSION_CODE[v] === code) return v;
  return null;
}

/** Where the TLS 1.3 assumption (`EO_SMTP_TLS13`) comes from. */
const EO_SMTP_TLS13_SOURCE =
  'Microsoft 365 "Technical reference details about encryption" (TLS 1.3 for some services); golang/go#70232 and mjl-/mox#237 (Exchange Online outbound SMTP negotiating TLS 1.3, 2024-11)';

export interface MailTlsPolicy {
  name: string;
  /** Versions the service accepts inbound and uses outbound. */
  versions: readonly TlsVersion[];
  /** Minimum version (inclusive). */
  minVersion: TlsVersion;
  /** TLS 1.2 cipher suites, IANA names, strongest first (the service's preference as a client and as a server). */
  tls12Suites: readonly string[];
  /** TLS 1.3 suites accepted where TLS 1.3 is used. */
  tls13Suites: readonly string[];
  /** Certificate signature hash algorithms that are refused. */
  refusedSignatureHashes: readonly string[];
  /** Reply texts, verbatim. */
  replies: {
    starttlsRequired: string;
    mustIssueStarttls: string;
    socketErrorNdr: string;
    socketErrorLog: string;
    legacyClientSubmission: string;
    greeting: (host: string) => string;
  };
  sources: readonly { what: string; where: string }[];
}

/** Exchange Online (Microsoft 365) mail flow, as Microsoft published it (message center MC229914, `sources` below). */
export const EXCHANGE_ONLINE: MailTlsPolicy = {
  name: 'exchange-online',
  versions: ['TLSv1.2', 'TLSv1.3'],
  minVersion: 'TLSv1.2',
  tls12Suites: [
    'TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384',
    'TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256',
    'TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA384',
    'TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA256',
    'TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA',
    'TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA',
    'TLS_RSA_WITH_AES_256_GCM_SHA384',
    'TLS_RSA_WITH_AES_128_GCM_SHA256',
  ],
  tls13Suites: ['TLS_AES_256_GCM_SHA384', 'TLS_AES_128_GCM_SHA256'],
  refusedSignatureHashes: ['md5', 'sha1'],
  replies: {
    starttlsRequired: '451 5.7.3 STARTTLS is required to send mail',
    mustIssueStarttls: '451 5.7.3 Must issue a STARTTLS command first',
    socketErrorNdr: '421 4.4.2 Connection dropped due to SocketError',
    socketErrorLog: 'TLS negotiation failed with error SocketError',
    legacyClientSubmission:
      '421 4.7.66 TLS 1.0 and 1.1 are not supported. Please upgrade/update your client to support TLS 1.2. Visit https://aka.ms/smtp_auth_tls',
    greeting: (host: string) => `220 ${host} Microsoft ESMTP MAIL Service ready`,
  },
  sources: [
    { what: 'TLS 1.0/1.1 refused on mail-flow endpoints, never used to send', where: 'Message center MC229914; Exchange Team blog 2021-01-15' },
    { what: 'cipher suites, strongest first', where: 'Microsoft 365 "Technical reference details about encryption"' },
    { what: '3DES disabled 2019-02-28; SHA-1 certificates refused since June 2016', where: 'Microsoft 365 TLS 1.0/1.1 deprecation notes' },
    { what: 'TLS 1.3 offered when sending over SMTP (EO_SMTP_TLS13)', where: EO_SMTP_TLS13_SOURCE },
    { what: 'symptom strings', where: 'Support article "Unable to send/receive email to/from Office 365 because of the TLS 1.0 and TLS 1.1 disablement"' },
  ],
};

/**
 * The one assumption mailtls makes about TLS 1.3 on SMTP, with its public sources. Microsoft's only statement is not
 * SMTP-specific ("Office 365 supports TLS 1.2; TLS 1.3 is supported by some of the services", Microsoft 365 "Technical
 * reference details about encryption"); receivers then saw Exchange Online's outbound SMTP client
 * (*.outbound.protection.outlook.com) negotiate TLS 1.3 since October/November 2024 (golang/go issue 70232, mjl-/mox
 * issue 237: its TLS 1.3 handshakes broke on Go's session tickets, fixed by the receivers). So: when Exchange Online
 * sends, it offers TLS 1.3 and TLS 1.2 in one ClientHello, and a receiver that picks TLS 1.3 and then fails the
 * handshake (say, TLS 1.3 on without a TLS 1.3 suite) gets no TLS 1.2 in that handshake. Every verdict that depends on
 * it reads `offersTls13` here: set it to false (and the sources) the day Microsoft says otherwise.
 */
export const EO_SMTP_TLS13: { readonly offersTls13: boolean; readonly source: string } = {
  offersTls13: true,
  source: EO_SMTP_TLS13_SOURCE,
};

/** The versions Exchange Online offers when it sends (its outbound ClientHello), oldest first. */
export function eoOfferedVersions(): TlsVersion[] {
  return EO_SMTP_TLS13.offersTls13 ? ['TLSv1.2', 'TLSv1.3'] : ['TLSv1.2'];
}

/** An on-premises Exchange Server receive connector with RequireTLS (the `exchange-server` listen policy). */
export const EXCHANGE_SERVER_REQUIRE_TLS = {
  name: 'exchange-server',
  mustIssueStarttls: '451 5.7.3 Must issue a STARTTLS command first',
  greeting: (host: string) => `220 ${host} Microsoft ESMTP MAIL Service ready`,
} as const;

/** True when a version is one Exchange Online uses/accepts. */
export function eoAcceptsVersion(v: TlsVersion): boolean {
  return EXCHANGE_ONLINE.versions.includes(v);
}

/** True when a TLS 1.2 suite (IANA name) is in Exchange Online's list. */
export function eoAcceptsSuite(name: string): boolean {
  return EXCHANGE_ONLINE.tls12Suites.includes(name) || EXCHANGE_ONLINE.tls13Suites.includes(name);
}
