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

  it('a peer remembered by its NAME[IP] gives what the aggregate gives for every session: --peer, --since/--until, the "(other)" peer past --max-peers, two connectors', async () => {
    // several sessions of each NAME[IP] (the byte path resolves a peer once and remembers it), some outside the window,
    // of two Postfix instances (a peer per connector), more peers than maxPeers allows, and one NAME[IP] --peer matches
    const lines: string[] = [];
    let pid = 100;
    for (let round = 0; round < 4; round++)
      for (let k = 0; k < 6; k++)
        for (const prog of ['postfix/smtpd', 'postfix-in/smtpd']) {
          const host = `h${k}.example[192.0.2.${k}]`;
          const t = `May  ${2 + round} 10:00:0${k}`;
          pid++;
          lines.push(`${t} mx ${prog}[${pid}]: connect from ${host}`);
          if ((k + round) % 3 !== 0)
            lines.push(
              `${t} mx ${prog}[${pid}]: Anonymous TLS connection established from ${host}: TLSv1${k % 2 ? '.2' : ''} with cipher AES128-SHA (128/128 bits)`,
            );
          lines.push(`${t} mx ${prog}[${pid}]: disconnect from ${host} ehlo=2 starttls=${(k + round) % 3 ? 1 : 0} quit=1 commands=4`);
        }
    const text = Buffer.from(lines.join('\n') + '\n', 'latin1');
    const may = (d: number): number => Date.UTC(2024, 4, d);
    // (read in chunks too: the classifier knows a program, and gives the byte path its lines, from the block after the
    // one that showed it first)
    for (const chunks of [[text], [...randomChunks(text, 7, 512)]])
      for (const opts of [{}, { since: may(3), until: may(5) - 1 }, { peer: ['192.0.2.3', 'h5.'] }, { maxPeers: 5 }, { maxPeers: 3, since: may(4) }]) {
        const r = await report(chunks, fast, undefined, opts);
        expect(json(r)).toBe(json(await report(chunks, ref, undefined, opts)));
        expect(r.totals.sessions).toBeGreaterThan(0);
      }
    // what each option leaves: every session in the whole file, a window of two days, two peers of each connector
    const all = await report([text], fast);
    expect(all.totals.sessions).toBe(48);
    expect((await report([text], fast, undefined, { since: may(3), until: may(5) - 1 })).totals.sessions).toBe(24);
    expect((await report([text], fast, undefined, { peer: ['192.0.2.3', 'h5.'] })).peers.length).toBe(4);
    const capped = await report([text], fast, undefined, { maxPeers: 5 });
    expect(capped.peers.some((p) => p.peer === '(other)')).toBe(true);
    expect(capped.totals.sessions).toBe(48);
  });

  it('past 20,000 open sessions the oldest are finished first, then the rest in the order they opened (one smtpd at a time or many)', async () => {
    // 25,000 connects (distinct processes, each with its TLS line; every 7th with a TLS line of a different version),
    // then disconnects of the first and the last hundred: the first were finished when the table filled (their
    // disconnect is a session of its own), the last are still open; what is still open at the end is finished in order.
    const lines: string[] = [];
    const host = (k: number): string => `h${k}.example[10.${k >> 16}.${(k >> 8) & 255}.${k & 255}]`;
    for (let k = 1; k <= 25_000; k++) {
      lines.push(`May  2 10:00:00 mx postfix/smtpd[${k}]: connect from ${host(k)}`);
      lines.push(
        `May  2 10:00:00 mx postfix/smtpd[${k}]: Anonymous TLS connection established from ${host(k)}: TLSv1${k % 7 ? '.2' : ''} with cipher AES${k % 2 ? 128 : 256}-SHA (1/1 bits)`,
      );
      // right after the connect that filled the table: process 1's session was just finished, so this is a new one
      if (k === 20_001)
        lines.push(`May  2 10:00:00 mx postfix/smtpd[1]: Anonymous TLS connection established from ${host(1)}: TLSv1.1 with cipher X (1/1 bits)`);
    }
    // (and of those around the last one finished then, 10,001, and the two newest when the table filled)
    const range = (from: number, n: number): number[] => Array.from({ length: n }, (_, i) => from + i);
    for (const k of [...range(1, 100), ...range(9_990, 20), 19_999, 20_000, ...range(24_901, 100)])
      lines.push(`May  2 10:00:01 mx postfix/smtpd[${k}]: disconnect from ${host(k)} ehlo=1 starttls=1 quit=1`);
    // two sessions of one peer still open at the end
    lines.push('May  2 10:00:03 mx postfix/smtpd[40001]: connect from last.example[192.0.2.99]');
    lines.push(
      'May  2 10:00:03 mx postfix/smtpd[40001]: Anonymous TLS connection established from last.example[192.0.2.99]: TLSv1.2 with cipher OLDER-SUITE (1/1 bits)',
    );
    lines.push('May  2 10:00:03 mx postfix/smtpd[40002]: connect from last.example[192.0.2.99]');
    lines.push(
      'May  2 10:00:03 mx postfix/smtpd[40002]: Anonymous TLS connection established from last.example[192.0.2.99]: TLSv1.2 with cipher NEWER-SUITE (1/1 bits)',
    );
    // and one process at a time (each session's lines together), as a quiet server logs them
    for (let k = 30_001; k <= 30_050; k++) {
      lines.push(`May  2 10:00:02 mx postfix/smtpd[${k}]: connect from ${host(k % 5)}`);
      lines.push(`May  2 10:00:02 mx postfix/smtpd[${k}]: disconnect from ${host(k % 5)} ehlo=1 starttls=${k % 2} quit=1`);
    }
    const text = Buffer.from(lines.join('\n') + '\n', 'latin1');
    const r = await report([...randomChunks(text, 11, 1 << 16)], fast);
    expect(json(r)).toBe(json(await report([...randomChunks(text, 11, 1 << 16)], ref)));
    // the first 10,001 were finished when the 20,001st opened: their disconnects (1-100, 9,990-10,001) are sessions (1's
    // opened by its TLS line just after that)
    expect(r.totals.sessions).toBe(25_000 + 100 + 12 + 50 + 2);
    expect(r.peers.find((p) => p.name === 'h1.example')?.versions).toEqual({ 'TLSv1.2': 1, 'TLSv1.1': 1 });
    const last = r.peers.find((p) => p.name === 'last.example');
    expect(last?.sessions).toBe(2);
    expect(last?.suites).toEqual({ 'OLDER-SUITE': 1, 'NEWER-SUITE': 1 });
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
