// Check: the verdict — can Exchange Online deliver to this host over TLS 1.2+ with one of its suites — per host and overall.
import { EO_SMTP_TLS13 } from '../policy/exchange-online.js';
import type { Verdict, StarttlsState } from './types.js';

/** What the other checks established about one host; null means "could not tell". */
export interface HostFacts {
  starttls: StarttlsState;
  /** The STARTTLS dialog reached a 220 at least once. */
  reached: boolean;
  /** The server advertised STARTTLS but refused it (or offers only HELO): a definite "no". */
  starttlsRefused: boolean;
  tls12: boolean | null;
  tls13: boolean | null;
  /** TLS 1.2 with one of Exchange Online's TLS 1.2 suites / TLS 1.3 with one of its TLS 1.3 suites. */
  eoTls12: boolean | null;
  eoTls13: boolean | null;
  /** The first hello, offering TLS 1.0–1.3 as a stock TLS client does: true answered, false failed, null not sent. */
  handshakeOk: boolean | null;
  /**
   * The complete handshake (Finished verified) made as Exchange Online makes it, at the best version it would use with
   * one of its suites: true completed, false failed, null not made. A ServerHello is not a session: no pass without it.
   */
  session: boolean | null;
  /** TLS 1.3 is on but allows no TLS 1.3 suite: a client offering TLS 1.3 is refused, a TLS 1.2-only one is not. */
  tls13NoSuites: boolean;
  /**
   * No hello on this host got a TLS answer, and the first one (as a stock TLS client sends it) was closed or reset
   * without a byte: every version is unknown, but a TLS client — Exchange Online's too — fails there.
   */
  noTlsAnswer?: boolean;
}

/**
 * pass: TLS 1.2/1.3 with an Exchange Online suite, a first hello (as a stock TLS client sends) that is answered, and a
 * complete handshake as Exchange Online makes it.
 * fail: no STARTTLS, STARTTLS refused, neither TLS 1.2 nor 1.3, no common suite, a first hello that breaks, a complete
 * handshake that fails, or TLS 1.3 without TLS 1.3 suites while Exchange Online offers TLS 1.3 (`EO_SMTP_TLS13`).
 * inconclusive: the answer depends on something that could not be tested (unreachable, throttled, timeouts).
 */
export function hostVerdict(f: HostFacts): Verdict {
  if (f.starttls === 'not-offered') return 'fail';
  if (!f.reached) return f.starttlsRefused ? 'fail' : 'inconclusive';
  if (f.tls12 === false && f.tls13 === false) return 'fail';
  if (f.noTlsAnswer) return 'fail';
  if (f.tls13NoSuites && EO_SMTP_TLS13.offersTls13) return 'fail';
  if (canDeliverByHellos(f)) {
    if (f.handshakeOk === false || f.session === false) return 'fail';
    return f.session === true ? 'pass' : 'inconclusive';
  }
  const unknown = f.tls12 === null || f.tls13 === null || (f.tls12 === true && f.eoTls12 === null) || (f.tls13 === true && f.eoTls13 === null);
  return unknown ? 'inconclusive' : 'fail';
}

/** What the hellos alone say: TLS 1.3 or 1.2 with one of Exchange Online's suites for that version. */
export function canDeliverByHellos(f: Pick<HostFacts, 'tls12' | 'tls13' | 'eoTls12' | 'eoTls13'>): boolean {
  return (f.tls13 === true && f.eoTls13 === true) || (f.tls12 === true && f.eoTls12 === true);
}

/** Overall: fail if any host fails, pass if every host passes, else inconclusive (also for no host at all). */
export function overallVerdict(verdicts: readonly Verdict[]): Verdict {
  if (verdicts.includes('fail')) return 'fail';
  if (verdicts.length > 0 && verdicts.every((v) => v === 'pass')) return 'pass';
  return 'inconclusive';
}
