// detect() gives the answer of the reference (the byte-loop version it replaced) on samples built around its edges:
// control bytes just under, at and over 1% of the sample (each kind, and the allowed tab, CR, LF, VT, FF and ESC),
// samples longer than the 1 MiB it looks at, and Exchange, tracking, MTA, Dovecot and syslog lines among them.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { detect } from '../../src/logs/detect.js';
import { detectReference } from './detect-reference.js';

const RUNS = Number(process.env.FUZZ_RUNS ?? 300);

const LINES = [
  '#Software: Microsoft Exchange Server\r\n',
  '#Log-type: SMTP Receive Protocol Log\r\n',
  '#Log-type: SMTP Send Protocol Log\n',
  '#Log-type: Message Tracking Log\n',
  '#Fields: date-time,connector-id,session-id,sequence-number\n',
  '#Fields: date-time,client-ip,client-hostname,server-ip\n',
  '2024-05-02T00:00:00.000Z,EX01\\Default,08DC6A0000000000,0,10.0.0.5:25,10.0.0.1:4000,+,,\r\n',
  'May  2 00:00:00 mx postfix/smtpd[123]: connect from a[10.0.0.1]\n',
  'May  2 00:00:00 mx dovecot[1]: imap-login: Login\n',
  'May  2 00:00:00 mx cron[12]: job\n',
  'plain text\n',
];

const piece = fc.oneof(
  fc.constantFrom(...LINES),
  fc.uint8Array({ maxLength: 40 }).map((a) => Buffer.from(a).toString('latin1')),
  fc.integer({ min: 0, max: 31 }).map((c) => String.fromCharCode(c)),
);

function check(buf: Buffer, name: string): void {
  expect(detect(buf, name)).toEqual(detectReference(buf, name));
}

describe('detect() agrees with the byte-loop reference', () => {
  it('on mixed samples', () => {
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 60 }), fc.constantFrom('x.log', 'SEND2024.LOG', 'RECV1.LOG'), (parts, name) => {
        check(Buffer.from(parts.join(''), 'latin1'), name);
      }),
      { numRuns: RUNS },
    );
  });

  it('at the 1% edge of control bytes, for each byte below 32', () => {
    const text = Buffer.from(LINES[7]!.repeat(40), 'latin1');
    for (let c = 0; c < 32; c++) {
      for (const k of [0, 1, Math.floor(text.length / 100), Math.floor(text.length / 100) + 1, 3 * Math.floor(text.length / 100)]) {
        const b = Buffer.from(text);
        for (let i = 0; i < k; i++) b[(i * 37) % b.length] = c;
        check(b, 'mail.log');
        const verdict = detect(b, 'mail.log');
        // the bytes counted are below 32 except tab, LF, VT, FF, CR and ESC: over 1% of them is binary
        const counted = c < 9 || (c > 13 && c !== 27);
        const n = new Set(Array.from({ length: k }, (_, i) => (i * 37) % b.length)).size;
        expect(verdict?.kind === 'binary').toBe(counted && n > b.length / 100);
      }
    }
  });

  it('on samples over 1 MiB (only the first MiB counts)', () => {
    const line = Buffer.from(LINES[6]!, 'latin1');
    const big = Buffer.alloc((1 << 20) + 50_000);
    for (let i = 0; i < big.length; i += line.length) line.copy(big, i);
    check(big, 'x.log');
    const tailCtl = Buffer.from(big);
    tailCtl.fill(1, 1 << 20); // control bytes past the first MiB: not looked at
    check(tailCtl, 'x.log');
    expect(detect(tailCtl, 'x.log')?.kind).toBe('exchange');
    const headCtl = Buffer.from(big);
    headCtl.fill(1, 0, 20_000); // about 2% of the first MiB
    check(headCtl, 'x.log');
    expect(detect(headCtl, 'x.log')?.kind).toBe('binary');
    check(Buffer.alloc(0), 'x.log');
  });
});
