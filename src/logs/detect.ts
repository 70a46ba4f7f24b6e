// Detects a log file's format from its first bytes (and its name): Exchange protocol log, MTA syslog/mainlog, binary.
import type { Direction } from './types.js';

export type Detected =
  | { kind: 'exchange'; dir: Direction | null }
  | { kind: 'mta' }
  | { kind: 'binary' }
  | null;

const RX_EX_HEADER = /^#(?:Software: Microsoft Exchange|Fields: date-time,connector-id)/m;
const RX_EX_LINE = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d+)?Z,[^\r\n]*?,[0-9A-Fa-f]{16},\d+,/m;
const RX_LOGTYPE = /^#Log-type: SMTP (Send|Receive)/m;
const RX_MTA = /postfix[\w/.-]*\[\d+\]: |\b(?:sm-mta|sendmail)\[\d+\]: |\bexim\d*\[\d+\]: |STARTTLS=(?:server|client)|^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d(?:\.\d+)?(?: [+-]\d{4})? (?:\[\d+\] )?(?:\S+ (?:<=|=>|->|\*\*|==) |TLS error on |SMTP connection from )/m;

/** The format of a file from a sample of its first bytes; null when nothing is recognised yet. */
export function detect(sample: Buffer, fileName: string): Detected {
  const head = sample.subarray(0, 64 * 1024);
  let ctl = 0;
  for (let i = 0; i < head.length; i++) {
    const c = head[i] as number;
    if (c < 9 || (c > 13 && c < 32 && c !== 27)) ctl++;
  }
  if (head.length > 0 && ctl > head.length / 100) return { kind: 'binary' };
  const s = head.toString('latin1', 0, head.length);
  if (RX_EX_HEADER.test(s) || RX_EX_LINE.test(s)) {
    const lt = RX_LOGTYPE.exec(s);
    const base = fileName.replace(/^.*[\\/]/, '');
    const dir: Direction | null = lt ? (lt[1] === 'Send' ? 'outbound' : 'inbound')
      : /^SEND/i.test(base) ? 'outbound' : /^RECV/i.test(base) ? 'inbound' : null;
    return { kind: 'exchange', dir };
  }
  if (RX_MTA.test(s)) return { kind: 'mta' };
  return null;
}
