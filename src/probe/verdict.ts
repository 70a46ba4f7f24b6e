// Check: the verdict — can Exchange Online deliver to this host over TLS 1.2+ with one of its suites — per host and overall.
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
}

/**
 * pass: TLS 1.2/1.3 with an Exchange Online suite, and a first hello (as a stock TLS client sends) that is answered.
 * fail: no STARTTLS, STARTTLS refused, neither TLS 1.2 nor 1.3, no common suite, or a first hello that breaks.
 * inconclusive: the answer depends on something that could not be tested (unreachable, throttled, timeouts).
 */
export function hostVerdict(f: HostFacts): Verdict {
  if (f.starttls === 'not-offered') return 'fail';
  if (!f.reached) return f.starttlsRefused ? 'fail' : 'inconclusive';
  if (f.tls12 === false && f.tls13 === false) return 'fail';
  const canDeliver = (f.tls13 === true && f.eoTls13 === true) || (f.tls12 === true && f.eoTls12 === true);
  if (canDeliver) return f.handshakeOk === false ? 'fail' : 'pass';
  const unknown = f.tls12 === null || f.tls13 === null || (f.tls12 === true && f.eoTls12 === null) || (f.tls13 === true && f.eoTls13 === null);
  return unknown ? 'inconclusive' : 'fail';
}

/** Overall: fail if any host fails, pass if every host passes, else inconclusive (also for no host at all). */
export function overallVerdict(verdicts: readonly Verdict[]): Verdict {
  if (verdicts.includes('fail')) return 'fail';
  if (verdicts.length > 0 && verdicts.every((v) => v === 'pass')) return 'pass';
  return 'inconclusive';
}
