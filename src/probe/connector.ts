// Check: the receiving server judged as an Exchange Online outbound connector with -TlsSettings (and -TlsDomain) would
// judge it — from the certificate facts the probe already has — with the verdict and the queue text the sender sees.
import { finding, type FindingId } from './messages.js';
import type { Finding } from '../findings/types.js';
import type { Lang, Params } from '../i18n/lang.js';
import {
  certificateNames,
  matchConnectorDomain,
  OUTBOUND_QUEUE,
  OUTBOUND_RULES,
  showConnectorDomain,
  type ConnectorDomain,
  type OutboundFailure,
  type TlsSettings,
} from '../policy/connectors.js';
import type { HostResult, Verdict } from './types.js';

/** The outbound connector the probe plays (`--tls-settings`, `--tls-domain`). */
export interface OutboundConnectorOptions {
  tlsSettings: TlsSettings;
  /** -TlsDomain; required for DomainValidation, ignored (and reported) otherwise. */
  tlsDomain?: ConnectorDomain | null;
}

/** One check of the connector: passed, failed, not needed by this TlsSettings value, or not known. */
export type CheckState = 'pass' | 'fail' | 'not-required' | 'unknown';

/** The JSON of `hosts[].connector` in `mailtls probe --json --tls-settings …`. */
export interface ConnectorCheck {
  tlsSettings: TlsSettings;
  tlsDomain: string | null;
  verdict: Verdict;
  /** The first reason the connector refuses the server; null when it delivers (or when unknown). */
  failure: OutboundFailure | null;
  checks: {
    tls: CheckState;
    chain: CheckState;
    dates: CheckState;
    name: CheckState;
    /** Revocation (CRL/OCSP) is never fetched by mailtls: `unknown` whenever the connector checks it. */
    revocation: CheckState;
  };
  /** Certificate names compared (CN and DNS SANs, as Exchange Online compares them). */
  names: string[];
  /** The certificate name that satisfied -TlsDomain. */
  matchedName: string | null;
  /** What Exchange Online's message trace shows for this server (null when it delivers). */
  queue: string | null;
  /** True when the `[Message=…]` part of `queue` is a published Exchange Online value, false when it is mailtls's words. */
  queuePublished: boolean;
}

/** The CN of a subject as CertificateInfo shows it (`CN=mx.contoso.com, O=Contoso`). */
export function subjectCn(subject: string): string | null {
  const m = /(?:^|,\s*)CN=([^,]*)/.exec(subject);
  return m ? (m[1] as string).trim() || null : null;
}

/**
 * Judges one probed host as the outbound connector would. Pure: reads `host` (STARTTLS state, verdict of the TLS
 * checks, certificate facts), returns the connector's result and its findings.
 */
export function judgeOutboundConnector(
  host: HostResult,
  o: OutboundConnectorOptions,
  lang: Lang = 'en',
  now = Date.now(),
): { check: ConnectorCheck; findings: Finding[] } {
  const rule = OUTBOUND_RULES[o.tlsSettings];
  const endpoint = host.host === host.ip ? `${host.ip}:${host.port}` : `${host.host} (${host.ip}:${host.port})`;
  const findings: Finding[] = [];
  const add = (id: FindingId, params: Params = {}): void => {
    findings.push(finding(id, lang, { endpoint, setting: o.tlsSettings, ...params }));
  };
  const domain = o.tlsDomain ?? null;
  const cert = host.tls.certificate;
  const names = cert ? certificateNames(subjectCn(cert.subject), cert.sanNames) : [];
  const check: ConnectorCheck = {
    tlsSettings: o.tlsSettings,
    tlsDomain: domain ? showConnectorDomain(domain) : null,
    verdict: 'inconclusive',
    failure: null,
    checks: {
      tls: 'unknown',
      chain: rule.checksChain ? 'unknown' : 'not-required',
      dates: rule.checksChain ? 'unknown' : 'not-required',
      name: rule.checksName ? 'unknown' : 'not-required',
      revocation: rule.checksRevocation ? 'unknown' : 'not-required',
    },
    names,
    matchedName: null,
    queue: null,
    queuePublished: false,
  };
  const fail = (failure: OutboundFailure, message: string, published: boolean, queue: 'cert' | 'connect'): void => {
    if (check.failure === null) {
      check.failure = failure;
      check.queue = queue === 'cert' ? OUTBOUND_QUEUE.certificateFailed(message) : OUTBOUND_QUEUE.cannotConnect(message);
      check.queuePublished = published;
    }
  };

  // 1. TLS itself: every TlsSettings value requires it (the probe's own verdict says whether TLS 1.2+ works).
  if (host.smtp.starttls === 'not-offered') {
    check.checks.tls = 'fail';
    fail('no-starttls', 'STARTTLS not offered', false, 'connect');
  } else if (host.verdict === 'fail') {
    check.checks.tls = 'fail';
    fail('no-tls', 'TLS 1.2 negotiation failed', false, 'connect');
  } else if (host.verdict === 'pass') check.checks.tls = 'pass';

  // 2. The certificate, for the checks this value asks for.
  if (rule.checksChain || rule.checksName) {
    if (!cert) {
      if (check.checks.tls === 'pass') add('connector.outbound-no-certificate');
    } else {
      const expired = Date.parse(cert.notAfter) < now;
      const notYet = Date.parse(cert.notBefore) > now;
      check.checks.dates = expired || notYet ? 'fail' : 'pass';
      // chain.ts folds the dates into `trusted` and keeps only the last error: when that is a date error, an earlier
      // path error may hide behind it, so the chain alone is then unknown (the dates fail the connector anyway)
      const dateOnly = cert.trustError === 'CERT_HAS_EXPIRED' || cert.trustError === 'CERT_NOT_YET_VALID';
      check.checks.chain = cert.trusted ? 'pass' : dateOnly ? 'unknown' : 'fail';
      if (check.checks.chain === 'fail') {
        const why = cert.selfSigned ? 'self-signed' : 'untrusted';
        fail(why, cert.selfSigned ? 'self-signed certificate' : `untrusted chain (${cert.trustError ?? 'unknown error'})`, false, 'cert');
        add(cert.selfSigned ? 'connector.outbound-self-signed' : 'connector.outbound-untrusted', { reason: cert.trustError ?? '' });
      }
      if (expired) {
        fail('expired', 'certificate expired', false, 'cert');
        add('connector.outbound-expired', { date: cert.notAfter.slice(0, 10) });
      } else if (notYet) {
        fail('not-yet-valid', 'certificate not yet valid', false, 'cert');
        add('connector.outbound-not-yet-valid', { date: cert.notBefore.slice(0, 10) });
      }
      if (rule.checksName) {
        if (!domain) {
          check.checks.name = 'unknown';
          add('connector.outbound-no-tls-domain');
        } else {
          check.matchedName = matchConnectorDomain(domain, names, 'TlsDomain');
          check.checks.name = check.matchedName ? 'pass' : 'fail';
          if (!check.matchedName) {
            fail('name-mismatch', OUTBOUND_QUEUE.publishedMessages['name-mismatch'] ?? 'SubjectMismatch', true, 'cert');
            const shown = names.slice(0, 5).join(', ') + (names.length > 5 ? ` (+${names.length - 5})` : '');
            add('connector.outbound-name-mismatch', { domain: showConnectorDomain(domain), names: shown || '-' });
          }
        }
      }
    }
  }
  if (!rule.checksName && domain) add('connector.outbound-tls-domain-ignored', { domain: showConnectorDomain(domain) });

  // 3. The verdict: any failed check fails; every required check passed (revocation aside) passes; else unknown.
  const required = (['tls', 'chain', 'dates', 'name'] as const).map((k) => check.checks[k]).filter((s) => s !== 'not-required');
  if (check.failure !== null || required.includes('fail')) check.verdict = 'fail';
  else if (required.every((s) => s === 'pass')) check.verdict = 'pass';
  else check.verdict = 'inconclusive';
  if (check.failure && check.queue) add('connector.outbound-queue', { queue: check.queue });
  if (check.verdict === 'pass') add('connector.outbound-pass', { matched: check.matchedName ?? '-' });
  if (rule.checksRevocation) add('connector.revocation-not-checked');
  return { check, findings };
}

/** The worse of two verdicts (fail, then inconclusive, then pass). */
export function worseVerdict(a: Verdict, b: Verdict): Verdict {
  if (a === 'fail' || b === 'fail') return 'fail';
  if (a === 'inconclusive' || b === 'inconclusive') return 'inconclusive';
  return 'pass';
}

/** Applies the connector to every host of a probe result (the hook in probe()): adds `connector`, findings, verdicts. */
export function applyOutboundConnector(hosts: HostResult[], o: OutboundConnectorOptions, lang: Lang): void {
  for (const h of hosts) {
    const { check, findings } = judgeOutboundConnector(h, o, lang);
    h.connector = check;
    h.findings.push(...findings);
    h.verdict = worseVerdict(h.verdict, check.verdict);
  }
}
