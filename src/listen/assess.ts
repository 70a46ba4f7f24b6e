// Turns what a session saw (facts) into its outcome, verdict, deciding reply and findings; pure, so tests can table it.
import { finding } from './messages.js';
import type { Finding } from '../findings/types.js';
import type { Lang } from '../i18n/lang.js';
import type { TlsFailure } from '../tls/failure.js';
import type { ParsedClientHello } from '../tls/hello.js';
import { exchangeOnlineDecision, judgeHello, type HelloDecision, type ReceiverPolicy } from './policy.js';
import type { SessionOutcome, Verdict } from './types.js';

/** Everything a session observed that matters for the verdict (filled in as the session runs). */
export interface SessionFacts {
  remote: string;
  capacity: boolean;
  hello: ParsedClientHello | null;
  /** Set when the listener refused the hello with an alert. */
  refused: (HelloDecision & { accept: false }) | null;
  malformed: string | null;
  /** OpenSSL's reason when the handshake failed after the hello was accepted. */
  handshakeError: string | null;
  /** That failure, classified from node:tls's error (its code, never its text). */
  handshakeFailure: TlsFailure | null;
  negotiated: { version: string | null; cipher: string | null } | null;
  /** First command that needed TLS and came without it, and the reply it got. */
  plaintextMail: { command: string; reply: string } | null;
  /** Reply to the end of DATA (or the refusal of DATA). */
  dataReply: string | null;
  messages: number;
  bytesAfterStarttls: number;
  /** STARTTLS was answered 220 (a handshake was expected). */
  starttls: boolean;
  helo: boolean;
  limit: string | null;
  timeout: 'idle' | 'session' | 'handshake' | null;
  /** Last reply sent, for sessions nothing else decides. */
  lastReply: string | null;
}

export function emptyFacts(remote: string): SessionFacts {
  return {
    remote,
    capacity: false,
    hello: null,
    refused: null,
    malformed: null,
    handshakeError: null,
    handshakeFailure: null,
    negotiated: null,
    plaintextMail: null,
    dataReply: null,
    messages: 0,
    bytesAfterStarttls: 0,
    starttls: false,
    helo: false,
    limit: null,
    timeout: null,
    lastReply: null,
  };
}

export interface Assessment {
  outcome: SessionOutcome;
  reply: string | null;
  verdict: Verdict;
  findings: Finding[];
}

/** The *client* gave up because of our certificate (it verifies, and does not trust us): a certificate alert from it. */
function certificateRejected(f: TlsFailure | null): boolean {
  return f?.kind === 'certificate' && f.alert !== undefined;
}

/** The rule the verdict is measured against: the policy's own, except opportunistic, which is measured against EO. */
function basisDecision(p: ReceiverPolicy, hello: ParsedClientHello): HelloDecision {
  return p.name === 'opportunistic' ? exchangeOnlineDecision(hello) : judgeHello(hello, p.versions, p.suites);
}

function refusalFinding(d: HelloDecision & { accept: false }, hello: ParsedClientHello, f: Facts, p: ReceiverPolicy): Finding {
  const params = {
    remote: f.remote,
    maxVersion: hello.maxVersion ?? 'SSLv2',
    versions: hello.versions.join(', ') || 'SSLv2',
    suites: hello.suites.length,
    alert: d.alertName,
  };
  // Measured against an on-premises connector's own --tls range, the Exchange Online wording would be wrong.
  if (d.reason === 'version' && p.name === 'exchange-server') {
    const accepted = p.versions.min === p.versions.max ? p.versions.min : `${p.versions.min}–${p.versions.max}`;
    return finding('listen.tls-version-outside-policy', f.lang, { ...params, accepted });
  }
  return finding(d.reason === 'version' ? 'listen.tls-version-refused' : 'listen.tls-suites-refused', f.lang, params);
}

type Facts = SessionFacts & { lang: Lang };

/** Decides outcome, verdict and findings for a finished session. */
export function assess(facts: SessionFacts, policy: ReceiverPolicy, lang: Lang): Assessment {
  const f: Facts = { ...facts, lang };
  const findings: Finding[] = [];
  let outcome: SessionOutcome;
  let reply: string | null = null;
  let verdict: Verdict = 'inconclusive';

  if (f.capacity) {
    outcome = 'capacity';
    reply = f.lastReply;
  } else if (f.refused && f.hello) {
    outcome = 'tls-refused';
    reply = `TLS alert ${f.refused.alertName} (${f.refused.alert})`;
    verdict = 'fail';
    findings.push(refusalFinding(f.refused, f.hello, f, policy));
  } else if (f.malformed) {
    outcome = 'tls-malformed';
    reply = null;
    verdict = 'fail';
    findings.push(finding('listen.tls-malformed', lang, { remote: f.remote, reason: f.malformed }));
  } else if (f.handshakeError) {
    outcome = 'tls-failed';
    reply = f.handshakeError;
    if (certificateRejected(f.handshakeFailure)) {
      findings.push(finding('listen.certificate-rejected', lang, { remote: f.remote, reason: f.handshakeError }));
    } else {
      verdict = 'fail';
      findings.push(finding('listen.tls-handshake-failed', lang, { remote: f.remote, reason: f.handshakeError }));
    }
  } else if (f.negotiated && f.hello) {
    outcome = f.messages > 0 ? 'delivered' : 'tls-ok';
    reply = f.dataReply;
    const d = basisDecision(policy, f.hello);
    if (d.accept) {
      verdict = 'pass';
      findings.push(finding('listen.tls-ok', lang, { remote: f.remote, version: f.negotiated.version ?? '?', cipher: f.negotiated.cipher ?? '?' }));
    } else {
      verdict = 'fail';
      findings.push(refusalFinding(d, f.hello, f, policy));
    }
  } else if (f.plaintextMail) {
    outcome = f.messages > 0 ? 'delivered' : policy.starttlsRequiredReply ? 'starttls-required' : 'no-starttls';
    reply = f.messages > 0 ? f.dataReply : f.plaintextMail.reply;
    verdict = 'fail';
    findings.push(finding('listen.no-starttls', lang, { remote: f.remote, command: f.plaintextMail.command, reply: reply ?? '' }));
  } else if (f.timeout) {
    outcome = 'timeout';
    reply = f.lastReply;
    if (f.timeout === 'handshake') findings.push(finding('listen.tls-timeout', lang, { remote: f.remote }));
  } else if (f.limit) {
    outcome = 'limit';
    reply = f.lastReply;
  } else {
    outcome = f.helo ? 'no-starttls' : 'closed';
    reply = f.lastReply;
  }
  if (f.limit) findings.push(finding('listen.limit', lang, { remote: f.remote, limit: f.limit }));
  if (f.bytesAfterStarttls > 0) findings.push(finding('listen.starttls-pipelined', lang, { remote: f.remote, bytes: f.bytesAfterStarttls }));
  return { outcome, reply, verdict, findings };
}
