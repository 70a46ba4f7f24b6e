// The byte path of MtaParser for the hot Postfix smtpd lines (connect, disconnect, "TLS connection established") gives
// the report the every-line-through-regexes reference gives, on messages built to sit on the edges of those shapes:
// odd spacing, missing or doubled brackets, IPv6, ports, long and non-ASCII names, CRs, the words of a local TLS
// failure, starttls= counts, version tokens that are almost right, cut last lines.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Aggregate } from '../../src/logs/aggregate.js';
import { LineScanner } from '../../src/logs/linescan.js';
import { MtaParser } from '../../src/logs/mta.js';
import { DEFAULT_MAX_LINE } from '../../src/logs/reader.js';
import { randomChunks } from './gen-mixed.js';
import { fast, json, type Make, ref, report, same, sameWholeAndChunked } from './mta-diff.js';

/** Mostly well-formed parts (so that whole shapes come often), sometimes odd ones. */
const mostly = <T>(good: T[], odd: T[]): fc.Arbitrary<T> =>
  fc.oneof({ arbitrary: fc.constantFrom(...good), weight: 3 }, { arbitrary: fc.constantFrom(...odd), weight: 1 });
const name = mostly(
  ['mail.example.net', 'unknown', 'a.example'],
  ['', 'a', 'x'.repeat(300), 'h\xe9\xf6.example', 'h\xa0x', 'h x', 'h]x', 'h\rx', 'h\tx', 'disabling', 'xdisabling', 'TLS'],
);
const ip = mostly(
  ['192.0.2.1', '2001:db8::1', 'IPv6:2001:db8::1', '198.51.100.7'],
  ['', '1', '192.0.2.1 ', 'a b', '192.0.2.1\r', '[192.0.2.1', 'TLS context initialization failed'],
);
const hostIp = fc.oneof(
  { arbitrary: fc.tuple(name, ip).map(([n, i]) => `${n}[${i}]`), weight: 6 },
  fc.tuple(name, ip).map(([n, i]) => `${n}[${i}`),
  fc.tuple(name, ip).map(([n, i]) => `${n} [${i}]`),
  fc.tuple(name, ip).map(([n, i]) => `${n}[${i}]:25`),
  fc.tuple(name, ip).map(([n, i]) => `${n}[${i}] to x.example`),
  fc.tuple(name, ip).map(([n, i]) => `${n}[${i}][${i}]`),
);
const REST = [
  '',
  ' ',
  ' ehlo=2 starttls=1 mail=1 rcpt=1 data=1 quit=1 commands=7',
  ' ehlo=1 starttls=0 quit=1',
  ' ehlo=1 starttls=0/1 quit=1',
  ' ehlo=1 xstarttls=1 starttls=0',
  ' ehlo=1 starttls=1/1 starttls=0',
  ' starttls=',
  ' starttls=x starttls=2',
  ' starttls=000',
  ' starttls=' + '9'.repeat(400),
  ' (256/256 bits)',
  ' \r',
  '\r',
  ' disabling TLS support',
  ': disabling TLS support',
  ' TLS context initialization failed',
  ' xdisabling TLS support',
  ' TLS',
  ' \xff\x85',
];
const rest = mostly(REST.slice(0, 4), REST.slice(4));
const version = mostly(['TLSv1.2', 'TLSv1.3', 'TLSv1', 'TLSv1.0', 'TLSv1.1', 'SSLv3', 'SSLv2'], ['TLSv1.4', 'TLSv1.', 'SSLv4', 'TLSv12', 'tlsv1.2', '']);
const suite = mostly(
  ['ECDHE-RSA-AES256-GCM-SHA384', 'TLS_AES_256_GCM_SHA384'],
  ['', 'x', 'A\xe9', 'A\xa0B', 'A\rB', 'RC4-MD5 ', 'TLS context initialization failed'],
);
const trust = mostly(['', 'Anonymous ', 'Untrusted ', 'Trusted ', 'Verified '], ['anonymous ', 'Anonymous  ', 'Other ']);
const verb = mostly(['established', 'reused'], ['Established', 'established ']);
const dir = mostly(['from'], ['to', 'from ']);

const msg = fc.oneof(
  fc
    .tuple(
      mostly(['connect from ', 'disconnect from '], ['connect from  ', 'disconnect  from ', 'Connect from ', 'dis connect from ', 'daxconnect from ']),
      hostIp,
      rest,
    )
    .map(([a, b, c]) => a + b + c),
  fc
    .tuple(
      trust,
      verb,
      dir,
      hostIp,
      mostly([': '], [':  ', ' ', '']),
      version,
      mostly([' with cipher '], [' with cipher  ', ' with ', ' with cipher']),
      suite,
      rest,
    )
    .map(([t, v, d, h, sep, ver, w, s, r]) => `${t}TLS connection ${v} ${d} ${h}${sep}${ver}${w}${s}${r}`),
  fc.constantFrom(
    'warning: TLS library problem: error:0A000102:SSL routines::unsupported protocol:../ssl/statem/statem_srvr.c:1657:',
    'SSL_accept error from mail.example.net[192.0.2.1]: -1',
    'lost connection after STARTTLS from mail.example.net[192.0.2.1]',
    'warning: cannot get RSA certificate from file "/etc/x.pem": disabling TLS support',
    'QQQ: client=mail.example.net[192.0.2.1]',
  ),
);
const prog = fc.constantFrom('postfix/smtpd', 'postfix/smtpd', 'smtpd', 'postfix-in/smtpd', 'postfix/smtp', 'postfix/qmgr');
const pid = fc.constantFrom('4000', '4001', '1', '0', '007', '1234567890', '99999999999999999999', '123456789');
const time = fc.constantFrom('May  2 10:00:00', 'May 12 10:00:01', 'May 2 10:00:00', 'Dec 31 23:59:59.5', 'Feb 30 10:00:00', 'Mai  2 10:00:00');

describe('Postfix smtpd byte path vs the every-line-through-regexes reference', () => {
  it('each message shape with each rest, once (starttls counts, local-failure words, CRs, non-ASCII)', async () => {
    const lines: string[] = [];
    let i = 0;
    for (const r of REST) {
      for (const m of [
        `connect from a.example[192.0.2.1]${r}`,
        `disconnect from a.example[192.0.2.1]${r}`,
        `Anonymous TLS connection established from a.example[192.0.2.1]: TLSv1.2 with cipher AES128-SHA${r}`,
        `TLS connection established from a.example[2001:db8::1]: SSLv2 with cipher RC4-MD5${r}`,
      ])
        lines.push(`May  2 10:00:${String(i++ % 60).padStart(2, '0')} mx postfix/smtpd[${4000 + (i % 3)}]: ${m}`);
    }
    const text = Buffer.from(lines.join('\n') + '\n', 'latin1');
    await same([text]);
    await same([...randomChunks(text, 3, 64)], 200);
  });

  it('connect / disconnect / TLS lines on the edges of their shapes, whole, in chunks and with the last line cut', async () => {
    const line = fc.tuple(time, prog, pid, msg).map(([t, p, i, m]) => `${t} mx ${p}[${i}]: ${m}`);
    await sameWholeAndChunked(line, 200);
  });

  it('sessions of several processes interleaved: pids as numbers and as text never mix', async () => {
    const lines = [
      'May  2 10:00:00 mx postfix/smtpd[7]: connect from a.example[192.0.2.1]',
      'May  2 10:00:00 mx postfix/smtpd[007]: connect from b.example[192.0.2.2]',
      'May  2 10:00:01 mx postfix/smtpd[7]: Anonymous TLS connection established from a.example[192.0.2.1]: TLSv1.2 with cipher AES128-SHA (128/128 bits)',
      'May  2 10:00:01 mx postfix/smtpd[007]: Anonymous TLS connection established from b.example[192.0.2.2]: TLSv1 with cipher AES256-SHA (256/256 bits)',
      'May  2 10:00:02 mx postfix/smtpd[007]: disconnect from b.example[192.0.2.2] ehlo=2 starttls=1 quit=1 commands=4',
      'May  2 10:00:02 mx postfix/smtpd[7]: disconnect from a.example[192.0.2.1] ehlo=2 starttls=1 quit=1 commands=4',
      'May  2 10:00:03 mx postfix/smtpd[12345678901]: disconnect from c.example[192.0.2.3] ehlo=1 starttls=1 quit=1',
    ];
    const text = Buffer.from(lines.join('\n') + '\n', 'latin1');
    const r = await report([text], fast);
    expect(json(r)).toBe(json(await report([text], ref)));
    const versions = Object.fromEntries(r.peers.map((p) => [p.name, Object.keys(p.versions)]));
    expect(versions).toEqual({ 'a.example': ['TLSv1.2'], 'b.example': ['TLSv1.0'], 'c.example': [] });
  });

  it('more programs than the classifier table holds (16), names longer than it keeps (56 bytes), Postfix and others', async () => {
    const progs = [
      ...Array.from({ length: 40 }, (_, k) => `postfix-${k}/smtpd`),
      `postfix-${'x'.repeat(60)}/smtpd`,
      `postfix/${'q'.repeat(60)}`,
      'dovecot',
      'opendkim',
    ];
    const lines: string[] = [];
    for (let round = 0; round < 3; round++)
      progs.forEach((p, k) => {
        lines.push(`May  2 10:00:00 mx ${p}[${k}]: connect from h${k}.example[192.0.2.${k}]`);
        lines.push(`May  2 10:00:00 mx ${p}[${k}]: Anonymous TLS connection established from h${k}.example[192.0.2.${k}]: TLSv1.2 with cipher X (1/1 bits)`);
        lines.push(`May  2 10:00:00 mx ${p}[${k}]: QQQ: client=h${k}.example[192.0.2.${k}]`);
        lines.push(`May  2 10:00:01 mx ${p}[${k}]: disconnect from h${k}.example[192.0.2.${k}] ehlo=1 starttls=1 quit=1`);
      });
    const text = Buffer.from(lines.join('\n') + '\n', 'latin1');
    await same([text]);
    await same([...randomChunks(text, 5, 4096)]);
  });

  it('a scanner that classified Exchange lines before, or that two parsers use in turn, starts each parser with an empty program table', async () => {
    const text = Buffer.from(
      [
        'May  2 10:00:00 mx postfix/smtpd[1]: connect from a.example[192.0.2.1]',
        'May  2 10:00:00 mx postfix/qmgr[2]: QQQ: removed',
        'May  2 10:00:00 mx dovecot[3]: imap-login: Login: user=<u>',
        'May  2 10:00:01 mx postfix/smtpd[1]: disconnect from a.example[192.0.2.1] ehlo=1 starttls=1 quit=1',
      ].join('\n') + '\n',
      'latin1',
    );
    const sc = new LineScanner();
    const expected = json(await report([text], ref));
    // Exchange records written over the whole record area (where the MTA program table lives)
    const junk = Buffer.from('x,y,z,1,2,3,+,,\n'.repeat(40_000), 'latin1');
    sc.load(junk, 0, junk.length);
    while (sc.next(1 << 16) >= 0);
    // an MTA scan after it starts from an empty table (the first program added gets index 0)
    sc.load(text, 0, text.length);
    while (sc.nextMta(1 << 16) >= 0);
    const name = Buffer.from('postfix/smtpd', 'latin1');
    expect(sc.mtaProg(name, 0, name.length, 1)).toBe(0);
    const viaScanner: Make = (n, a, m) => new MtaParser(n, a, 2024, 11, m, sc);
    expect(json(await report([text], viaScanner))).toBe(expected);
    // two parsers on one scanner, block by block in turn
    const aggA = new Aggregate();
    const aggB = new Aggregate();
    const a = new MtaParser('in.log', aggA, 2024, 11, DEFAULT_MAX_LINE, sc);
    const b = new MtaParser('in.log', aggB, 2024, 11, DEFAULT_MAX_LINE, sc);
    const half = text.indexOf('\n', text.length >> 1) + 1;
    a.block(text, 0, half, 1);
    b.block(text, 0, half, 1);
    a.block(text, half, text.length, 3);
    b.block(text, half, text.length, 3);
    a.end();
    b.end();
    expect(a.mtaLines).toBe(3);
    expect(b.mtaLines).toBe(3);
    expect(a.others.get('dovecot')).toBe(1);
    expect(b.others.get('dovecot')).toBe(1);
    expect(a.seen.postfix).toBe(3);
    expect(b.seen.postfix).toBe(3);
  });
});
