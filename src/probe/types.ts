// Probe request and result types: the JSON contract of `mailtls probe --json` (docs/json.md), as plain values.
import type { Finding, Verdict } from '../findings/types.js';
import type { TlsVersion } from '../policy/exchange-online.js';
import type { Lang } from '../i18n/lang.js';
import type { DaneResult } from './transport-policy/dane.js';
import type { MtaStsResult } from './transport-policy/mta-sts.js';
import type { TlsRptResult } from './transport-policy/tls-rpt.js';
import type { ConnectorCheck, OutboundConnectorOptions } from './connector.js';

export type { Verdict };
/** `failed`: STARTTLS was sent and not answered with 220; `not-tested`: the dialog ended before it could be sent. */
export type StarttlsState = 'offered' | 'not-offered' | 'failed' | 'not-tested';

export interface ProbeOptions {
  /** DNS server `ip:port` (default: the system resolver). */
  resolver?: string;
  /** EHLO name (default: the local host name). */
  ehlo?: string;
  /** Per-step deadline in milliseconds (connect, each reply, handshake). */
  timeoutMs?: number;
  /** Whole-host deadline in milliseconds. */
  hostDeadlineMs?: number;
  /** Port for hosts given without one (default 25). */
  port?: number;
  /** Enumerate every accepted suite per version (else: the negotiated one per version). */
  ciphers?: boolean;
  /** Allow MX/A answers that point at private, loopback or link-local addresses (tests, internal relays). */
  allowPrivate?: boolean;
  /** Trust these CA certificates (PEM) in addition to the system store when validating chains. */
  extraCa?: string[];
  /** DANE (TLSA per MX host) for domain targets; default true. */
  dane?: boolean;
  /** MTA-STS for domain targets; default true. TLS-RPT runs unless both `dane` and `mtaSts` are false. */
  mtaSts?: boolean;
  /** The hosts file read for `host:port` targets before DNS (default /etc/hosts; tests point it elsewhere). */
  hostsFile?: string;
  /** Test-only: fetch the MTA-STS policy from this port instead of 443 (loopback test servers). */
  mtaStsPort?: number;
  /** Test-only: fetch the MTA-STS policy from this address instead of resolving mta-sts.<domain>. */
  mtaStsAddress?: string;
  lang?: Lang;
  /** Judge every host as an Exchange Online outbound connector with these -TlsSettings/-TlsDomain (src/probe/connector.ts). */
  connector?: OutboundConnectorOptions;
  /** Called as each host finishes (progress). */
  onHost?: (host: HostResult) => void;
  signal?: AbortSignal;
}

export interface CertificateInfo {
  subject: string;
  issuer: string;
  sanNames: string[];
  notBefore: string;
  notAfter: string;
  daysLeft: number;
  keyType: string;
  keyBits: number | null;
  signatureAlgorithm: string;
  selfSigned: boolean;
  nameMatches: boolean;
  chainComplete: boolean;
  trusted: boolean;
  trustError: string | null;
  fingerprintSha256: string;
  chainLength: number;
}

export interface HostResult {
  host: string;
  ip: string;
  port: number;
  mxPreference: number | null;
  smtp: {
    banner: string | null;
    ehlo: string[];
    starttls: StarttlsState;
    /** Bytes the server sent after its 220 to STARTTLS and before the handshake (discarded; response injection). */
    bytesAfterStarttls?: number;
  };
  tls: {
    versions: Record<TlsVersion, boolean | null>;
    ciphers: Partial<Record<TlsVersion, string[]>>;
    certificate: CertificateInfo | null;
    /**
     * What the first hello (TLS 1.0–1.3, the suites of a stock OpenSSL client) negotiated: version and suite; null when
     * the server answered it with an alert, a close or something unreadable (`tls.handshake-failed`).
     */
    negotiated?: { version: string; cipher: string } | null;
    /**
     * The complete handshake (Finished verified) made as Exchange Online makes it — its versions and suites, Schannel-like
     * — that a pass needs: what it negotiated; null when it failed (`tls.session-failed`) or was not made (no version
     * with an Exchange Online suite, so the verdict is fail already; or the host deadline).
     */
    session?: { version: string; cipher: string } | null;
  };
  findings: Finding[];
  verdict: Verdict;
  /**
   * Set (true) when the server answered "busy, come back later" (421, or a 4xx about too many connections or a rate
   * limit) at some step, so the result says nothing about its TLS; the finding is `smtp.throttled`. Scan retries on it.
   */
  throttled?: boolean;
  elapsedMs: number;
  /** TCP connections the probe of this host opened (one STARTTLS dialog each). */
  connections?: number;
  /** DANE: TLSA records of `_25._tcp.<host>` matched against this address's chain (domain targets). */
  dane?: DaneResult;
  /** The outbound connector's judgement (`--tls-settings`); its verdict is folded into `verdict`. */
  connector?: ConnectorCheck;
}

export interface ProbeResult {
  target: string;
  /** How the target was resolved: MX records, A/AAAA fallback, a literal host or address, a null MX, or not at all. */
  resolution: 'mx' | 'a-fallback' | 'host' | 'ip' | 'null-mx' | 'unresolved';
  hosts: HostResult[];
  findings: Finding[];
  verdict: Verdict;
  /** Milliseconds for the whole probe. */
  elapsedMs?: number;
  /** MTA-STS policy of the domain (domain targets). */
  mtaSts?: MtaStsResult;
  /** TLS-RPT record of the domain (domain targets). */
  tlsRpt?: TlsRptResult;
}
