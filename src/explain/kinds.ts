// Recognises delivery errors that are not about TLS (authentication, relay, mailbox, queue expiry...) so explain can say so in one line.
import { normalize } from './normalize.js';

/** What kind of non-TLS problem a text shows. */
export type NotTlsKind =
  | 'auth'
  | 'relay'
  | 'mailbox-full'
  | 'sending-limit'
  | 'queue-expired'
  | 'recipient'
  | 'dns'
  | 'connection'
  | 'reputation'
  | 'sender-auth'
  | 'size'
  | 'loop'
  | 'permission';

export interface NotTls {
  kind: NotTlsKind;
  /** The enhanced status code or phrase that decided it, as found in the text. */
  evidence: string;
}

/** Dotted code, tolerant of a space for a dot (4.4.7 / 4.4 7), never of a missing one ("421" is a reply code, not 4.2.1). */
const code = (c: string): string => `(?<![\\d.])${c.split('.').join('[. ]')}(?![\\d])`;

/** Checked in order: the first kind with a hit earliest in the text wins (a bounce names its main reason first). */
const KINDS: readonly { kind: NotTlsKind; re: RegExp }[] = [
  {
    kind: 'auth',
    re: new RegExp(
      `${code('5.7.139')}|${code('5.7.57')}|${code('5.7.8')}|535[ ]?${code('5.7.3')}|authentication unsuccessful|smtpclientauthentication is disabled|basic authentication is disabled|client was not authenticated|client not authenticated|authentication (?:credentials )?(?:invalid|failed)(?! because the remote party)|username and password not accepted`,
    ),
  },
  {
    kind: 'relay',
    re: new RegExp(
      `${code('5.7.54')}|unable to relay|relay access denied|relaying denied|relay not permitted|relaying (?:is )?not allowed|not permitted to relay|not configured to relay`,
    ),
  },
  {
    kind: 'sending-limit',
    re: new RegExp(`submission quota exceeded|${code('5.1.90')}|daily limit for message recipients|${code('5.2.121')}|${code('5.2.122')}|message rate limit`),
  },
  {
    kind: 'mailbox-full',
    re: new RegExp(
      `mailbox (?:is )?full|mailbox full|over quota|quota exceeded|${code('5.2.2')}(?![^\n]{0,60}submission quota)|insufficient system storage|mailboxfull`,
    ),
  },
  {
    kind: 'queue-expired',
    re: new RegExp(`queue\\.expired|${code('4.4.7')}|${code('5.4.300')}|message expired|retry timeout exceeded|expired after|could not be delivered within`),
  },
  {
    kind: 'recipient',
    re: new RegExp(
      `${code('5.1.1')}|${code('5.1.10')}|${code('5.1.351')}|resolver\\.adr\\.recip|user unknown|unknown user|recipient not found|user not found|no such user|mailbox unavailable|recipient address rejected|does not exist|address (?:wasn't|was not) found`,
    ),
  },
  {
    kind: 'dns',
    re: new RegExp(
      `${code('4.4.312')}|${code('5.4.312')}|${code('5.4.4')}|dns query failed|host not found|domain not found|no such domain|no mx record|name service error|unrouteable`,
    ),
  },
  {
    kind: 'reputation',
    re: new RegExp(
      `${code('5.7.606')}|${code('5.7.511')}|banned sending ip|blocked using|blocklist|blacklist|dnsbl|scored as spam|low reputation|user complaints|spamhaus|listed (?:at|in|on) |access denied, banned|spam (?:abuse|content)|${code('5.7.708')}|${code('5.7.705')}`,
    ),
  },
  {
    kind: 'sender-auth',
    re: new RegExp(`${code('5.7.23')}|${code('5.7.509')}|dmarc|sender policy framework|\\bspf\\b|spf or dkim|spf (?:check )?fail|dkim (?:signature )?fail`),
  },
  { kind: 'size', re: new RegExp(`${code('5.3.4')}|message size exceeds|message too (?:big|large)|size limit`) },
  { kind: 'loop', re: new RegExp(`${code('5.4.14')}|${code('5.4.6')}|routing loop|mail loop|too many hops|hop count exceeded`) },
  {
    kind: 'permission',
    re: new RegExp(
      `${code('5.7.12')}|${code('5.7.124')}|${code('5.7.133')}|${code('5.7.134')}|${code('5.7.136')}|delivery not authorized|sender not in allowed-senders|not authenticated (?:by organization|for group|for mailbox)|resolver\\.rst\\.authrequired`,
    ),
  },
  {
    kind: 'connection',
    re: new RegExp(
      `connection refused|unable to connect|could not connect|connection timed out|network is unreachable|no route to host|net_io_connectionclosed|refused to talk to me|while performing the (?:helo|ehlo) handshake|${code('4.2.1')}`,
    ),
  },
];

/** Only this much of the text is scanned (a bounce names its reason near the top). */
const SCAN_MAX = 200_000;

/** The non-TLS kind of `text`, or null. Call it only when no TLS signature matched. */
export function notTlsKind(text: string): NotTls | null {
  const norm = normalize(text.slice(0, SCAN_MAX)).text.replace(/\n/g, ' ');
  let best: { kind: NotTlsKind; at: number; evidence: string } | null = null;
  for (const k of KINDS) {
    const m = k.re.exec(norm);
    if (m && (best === null || m.index < best.at)) best = { kind: k.kind, at: m.index, evidence: m[0] };
  }
  return best ? { kind: best.kind, evidence: best.evidence } : null;
}
