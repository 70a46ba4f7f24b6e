// Detects a log file's format from its first bytes (and its name): Exchange protocol log, MTA syslog/mainlog, binary.
import type { Direction, OtherLog } from './types.js';

export type Detected =
  | { kind: 'exchange'; dir: Direction | null }
  | { kind: 'mta' }
  | { kind: 'binary' }
  /** A log of something this tool does not read: `log` names it (refused with one line, never guessed at). */
  | { kind: 'other'; log: OtherLog; certain: boolean }
  | null;

const RX_EX_HEADER = /^#(?:Software: Microsoft Exchange|Fields: date-time,connector-id)/m;
const RX_EX_LINE = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d+)?Z,[^\r\n]*?,[0-9A-Fa-f]{16},\d+,/m;
const RX_LOGTYPE = /^#Log-type: SMTP (Send|Receive)/m;
const RX_MTA =
  /postfix[\w/.-]*\[\d+\]: |\b(?:sm-mta|sendmail|sm-msp-queue)\[\d+\]: |\bexim\d*\[\d+\]: |STARTTLS=(?:server|client)|"SYSLOG_IDENTIFIER" ?: ?"(?:postfix|exim|sm-mta|sendmail)|^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d(?:\.\d+)?(?: [+-]\d{4})? (?:\[\d+(?:\/\d+)?\] )?(?:\S+ (?:<=|=>|->|\*\*|==) |(?:\S+ )?(?:H=\S|TLS error on |SMTP (?:connection|call|protocol|syntax) |no MAIL in SMTP connection|\w+ authenticator failed for |Start queue run|End queue run|exim [\d.]+ daemon started|no (?:host name|IP address) found|unexpected disconnection while reading SMTP))/m;
/** Exchange logs other than the SMTP protocol logs (message tracking, connectivity, agent…), by their header. */
const RX_EX_LOGTYPE = /^#Log-type: ([^\r\n]+)/m;
const RX_EX_TRACKING = /^#Fields: date-time,client-ip,client-hostname,server-ip/m;
const RX_DOVECOT = /\bdovecot(?:\[\d+\])?: |\b(?:imap|pop3|managesieve)-login: |^@[0-9a-f]{24} (?:imap|pop3|dovecot)/m;
const RX_ASSP = /^[A-Z][a-z]{2}-\d\d-\d\d \d\d:\d\d:\d\d \[[\w-]+\] /m;
/** Syslog lines of any program: which programs a non-MTA syslog file holds. */
const RX_SYSLOG_PROG = /^(?:[A-Z][a-z]{2} [ \d]?\d \d\d:\d\d:\d\d|\d{4}-\d\d-\d\dT\S+) (?:\S+ )?([A-Za-z][\w/.-]*?)(?:\[\d+\])?: /gm;

/** A control byte (latin1 text of the sample): those counted below, i.e. below 32 except tab, LF, VT, FF, CR and ESC. */
const RX_CTL = /[\x00-\x08\x0e-\x1a\x1c-\x1f]/;

/** The format of a file from a sample of its first bytes; null when nothing is recognised yet. */
export function detect(sample: Buffer, fileName: string): Detected {
  const head = sample.subarray(0, 1 << 20);
  const s = head.toString('latin1', 0, head.length);
  // most logs hold no control byte at all: the regular expression (native code) says so for the whole sample at a
  // fraction of a byte loop's cost; only a sample with one counts them
  if (RX_CTL.test(s)) {
    let ctl = 0;
    for (let i = 0; i < head.length; i++) {
      const c = head[i] as number;
      if (c < 9 || (c > 13 && c < 32 && c !== 27)) ctl++;
    }
    if (ctl > head.length / 100) return { kind: 'binary' };
  }
  const lt = RX_EX_LOGTYPE.exec(s)?.[1]?.trim();
  if ((lt && !/^SMTP (?:Send|Receive)/i.test(lt)) || RX_EX_TRACKING.test(s))
    return { kind: 'other', log: { kind: 'exchange-other', logType: lt ?? 'Message Tracking Log' }, certain: true };
  if (RX_EX_HEADER.test(s) || RX_EX_LINE.test(s)) {
    const lt = RX_LOGTYPE.exec(s);
    const base = fileName.replace(/^.*[\\/]/, '');
    const dir: Direction | null = lt ? (lt[1] === 'Send' ? 'outbound' : 'inbound') : /^SEND/i.test(base) ? 'outbound' : /^RECV/i.test(base) ? 'inbound' : null;
    return { kind: 'exchange', dir };
  }
  if (RX_MTA.test(s)) return { kind: 'mta' };
  if (RX_DOVECOT.test(s)) return { kind: 'other', log: { kind: 'dovecot' }, certain: false };
  if (RX_ASSP.test(s)) return { kind: 'other', log: { kind: 'assp' }, certain: false };
  const progs = new Map<string, number>();
  RX_SYSLOG_PROG.lastIndex = 0;
  for (let m = RX_SYSLOG_PROG.exec(s), k = 0; m && k < 5000; m = RX_SYSLOG_PROG.exec(s), k++) {
    const p = (m[1] as string).replace(/\/.*$/, '');
    progs.set(p, (progs.get(p) ?? 0) + 1);
  }
  if (progs.size > 0) {
    const top = [...progs.entries()]
      .sort((a, b) => b[1] - a[1])
      .slice(0, 3)
      .map(([p]) => p);
    return { kind: 'other', log: { kind: 'syslog', programs: top }, certain: false };
  }
  return null;
}
