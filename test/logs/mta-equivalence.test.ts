// The Postfix/Exim/Sendmail parser with its byte-level line classification gives the same report as the parser that
// read every line through the regexes (test/logs/reference-mta.ts) on every MTA fixture, real and generated logs, and
// lines built to sit on the edges of the header shape; and an outbound process's held TLS errors survive any number
// of other processes' lines (the state that used to be cleared after 20,000 process ids).
import { readdirSync, readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { PATTERNS } from '../../src/logs/mta.js';
import { SIG_UNSUPPORTED_PROTOCOL } from '../../src/logs/signatures.js';
import { generateExim, generatePostfix, generateSendmail } from './gen.js';
import { randomChunks } from './gen-mixed.js';
import { RUNS } from '../fuzz/budget.js';
import { fast, report, same, sameWholeAndChunked } from './mta-diff.js';

const FILES = [
  'test/fixtures/logs/postfix/mail.log',
  'test/fixtures/logs/exim/mainlog',
  'test/fixtures/logs/sendmail/maillog',
  'test/fixtures/logs/mixed/maillog',
  ...readdirSync('test/fixtures/real/logs')
    .filter((f) => f !== 'SOURCES.md')
    .map((f) => `test/fixtures/real/logs/${f}`),
];
const LINES = FILES.flatMap((f) => readFileSync(f, 'latin1').split('\n')).filter((l) => l.length > 0 && l.length < 400);
/** The message part of syslog lines (after `]: `), to put behind other headers. */
const MSGS = LINES.map((l) => /\]: (.*)$/.exec(l)?.[1]).filter((m): m is string => m !== undefined);

describe('MTA parser vs the every-line-through-regexes reference', () => {
  it('every MTA fixture and real log, whole and in random chunks', async () => {
    for (const f of FILES) {
      const buf = readFileSync(f);
      await same([buf]);
      await same([...randomChunks(buf, buf.length, 700)]);
    }
  });

  it('generated Exim and Sendmail logs (the bench mixes, 1 MB each): as the reference, and what grep counts in them', async () => {
    const count = (buf: Buffer, re: RegExp): number => buf.toString('latin1').match(re)?.length ?? 0;
    const exim = Buffer.concat([...generateExim({ bytes: 1e6, peers: 3000, chunk: 1 << 18 })]);
    await same([exim]);
    await same([...randomChunks(exim, 5, 50_000)]);
    const e = await report([exim], fast);
    expect(e.totals.versions).toEqual({
      'TLSv1.0': count(exim, /X=TLS1\.0:/g),
      'TLSv1.1': count(exim, /X=TLS1\.1:/g),
      'TLSv1.2': count(exim, /X=TLS1\.2:/g),
    });
    expect(e.totals.noTls).toBe(count(exim, / P=esmtp /g));
    expect(e.totals.failures).toBe(count(exim, /TLS error on connection/g));
    expect(e.totals.failures).toBeGreaterThan(0);
    const sm = Buffer.concat([...generateSendmail({ bytes: 1e6, peers: 3000, chunk: 1 << 18 })]);
    await same([sm]);
    await same([...randomChunks(sm, 6, 50_000)]);
    const r = await report([sm], fast);
    expect(r.totals.versions).toEqual({
      'TLSv1.0': count(sm, /version=TLSv1,/g),
      'TLSv1.1': count(sm, /version=TLSv1\.1,/g),
      'TLSv1.2': count(sm, /version=TLSv1\.2,/g),
    });
    expect(r.totals.failures).toBe(count(sm, /accept failed/g));
    expect(r.totals.failures).toBeGreaterThan(0);
    // a message received without STARTTLS is a session without TLS (its from= line); one after STARTTLS is not counted twice
    expect(r.totals.noTls).toBe(count(sm, /proto=ESMTP,/g));
    expect(r.totals.noTls).toBeGreaterThan(0);
    expect(r.totals.sessions).toBe(count(sm, /STARTTLS=server, relay=/g) + count(sm, /proto=ESMTP,/g));
  });

  it('a generated Postfix log (2 MB, cleanup/qmgr lines between the smtpd ones), also with a small --max-line', async () => {
    const buf = Buffer.concat([...generatePostfix({ bytes: 2e6, peers: 3000, chunk: 1 << 18 })]);
    await same([buf]);
    await same([...randomChunks(buf, 7, 50_000)], 120);
  });

  it('lines on the edges of the header shape: times, hosts, tags, program names, pids, CRs, patterns and parts of them', async () => {
    const time = fc.constantFrom(
      'May  2 10:00:00 ',
      'May 12 10:00:00 ',
      'May 2 10:00:00 ',
      'May  2 10:00:00.123 ',
      'May  2 10:00:00.  ',
      'May  2 10:00:00  ',
      'may  2 10:00:00 ',
      'May  2 1:00:00 ',
      '2024-05-02T10:00:00.5+02:00 ',
      '2024-05-02 10:00:00 ',
      '',
      ' ',
      'May  2 10:00:00\t',
    );
    const tag = fc.constantFrom('', '<mail.info> ', 'INFO    ', 'MAIL ', '<x> ');
    const host = fc.constantFrom('mx ', 'mx.example.org ', '', 'a[1] ', 'mx  ', '[::1] ', 'h\r ', 'h\tx ', 'h\xa0x ', 'h\x0bx ', 'h\x85x ');
    const prog = fc.constantFrom(
      'postfix/smtpd',
      'postfix/qmgr',
      'postfix/cleanup',
      'postfix-out/smtp',
      'smtpd',
      'smtp',
      'lmtp',
      'exim',
      'exim4',
      'exim-postfix',
      'sendmail',
      'sm-mta',
      'dovecot',
      'opendkim',
      'postfix/smtpd-2',
      'a b',
      '',
    );
    const pid = fc.constantFrom('[123]: ', '[1]:', '[]: ', '[12] : ', '[7]:  ', ': ', '[9]: \r');
    const piece = fc.oneof(
      fc.constantFrom(...MSGS),
      fc.constantFrom(...PATTERNS),
      fc.constantFrom(...PATTERNS).chain((p) => fc.nat(p.length).map((n) => p.slice(0, n))),
      fc.constantFrom('from=<a@b>, size=1, nrcpt=1 (queue active)', 'removed', 'client=x[192.0.2.1]', 'Cipher', 'cipher', '\r', ' ', 'x'),
    );
    const line = fc.oneof(
      fc.tuple(time, tag, host, prog, pid, fc.array(piece, { maxLength: 3 })).map(([a, b, c, d, e, f]) => a + b + c + d + e + f.join('')),
      fc.constantFrom(...LINES),
    );
    await sameWholeAndChunked(line, 60);
  });
});

describe('Exim mainlog lines (no syslog header): the pieces looked for before a pattern is tried', () => {
  it('local certificate failures, TLS errors and sessions with and without those pieces, `]: ` inside a line, CRs', async () => {
    // (the header as RX_EXIM reads it, and beside it: a zone not followed by a space, a fraction without digits,
    // process ids it does not take, a time with a T, no space after the seconds)
    const head = fc.constantFrom(
      '2024-06-02 06:12:25 ',
      '2024-06-02 06:12:25.123 +0200 ',
      '2024-06-02 06:12:25 [1487] ',
      '2024-06-02 06:12:25 [12/3] ',
      '2024-06-02 06:12:25 -0700 [9] ',
      '2024-06-02 06:12:25 +0200',
      '2024-06-02 06:12:25 +020 ',
      '2024-06-02 06:12:25. ',
      '2024-06-02 06:12:25 [12/] ',
      '2024-06-02 06:12:25 [/3] ',
      '2024-06-02 06:12:25 [12]',
      '2024-06-02 06:12:25 [] ',
      '2024-06-02T06:12:25 ',
      '2024-06-02 06:12:25',
      '2024-6-02 06:12:25 ',
    );
    const body = fc.constantFrom(
      'TLS error on connection from [192.0.2.60] (SSL_accept): timed out',
      'TLS error on connection from x(abc) [192.0.2.1] (cert/key setup: cert=/etc/c.crt key=/etc/c.key): Error while reading file.',
      'TLS error on connection from x [192.0.2.1] (SSL_CTX_use_certificate_chain_file file=/etc/c.crt): error:80000002',
      'TLS error on connection from x [192.0.2.1] (tls_init): Error while reading file.',
      'TLS error on connection (tls_init): No such file or directory',
      'H=x [192.0.2.1] (tls_init): Error while reading file.',
      'H=x [192.0.2.1] (cert/key setup:cert=/etc/c.crt)',
      'H=x [192.0.2.1] (cert/key setup: cert=/etc/c.crt)',
      'H=mx.oldpeer.example [192.0.2.61] TLS error on connection (SSL_connect): error:0A00042E:SSL routines::tlsv1 alert protocol version',
      'H=mx.oldpeer.example [192.0.2.61] TLS recv error on connection (SSL_read): x',
      'H=mx.oldpeer.example [192.0.2.61] TLS send error on connection (SSL_write): x',
      '1QHBPI-0000ne-CW == u@x.example R=dnslookup T=remote_smtp defer (-37) H=mx.x.example [192.0.2.61]: TLS session: (SSL_connect): error:0A000102',
      '1QHBPI-0000ne-CW ** u@x.example R=dnslookup T=remote_smtp H=mx.x.example [192.0.2.61]: a TLS session is required, but an attempt to start TLS failed',
      '1QHBPI-0000ne-CW ** u@x.example H=mx.x.example [192.0.2.61]: aTLS session is required',
      '1x5T19-0000-0MhN <= a@x.example H=(FIN) [198.51.100.7]:52477 P=esmtpsa X=TLS1.2:ECDHE-RSA-AES256-GCM-SHA384:256 CV=no S=3 id=x@y',
      '1x5T19-0000-0MhN <= a@x.example H=m.x.example [198.51.100.7]: I=[10.0.0.5]:25 P=esmtps X=TLSv1:AES256-SHA:256 S=3',
      'H=m.x.example [198.51.100.7] X=TLS1.3:TLS_AES_256_GCM_SHA384:256 CV=no F=<a@x.example> rejected RCPT <b@y.example>: relay not permitted',
      'no MAIL in SMTP connection from m.x.example [198.51.100.7] D=1s C=EHLO,STARTTLS',
      'exim x: x[1]: TLS error on connection from [192.0.2.60] (SSL_accept): timed out',
      // a connection id (Ci=, or a `[pid]` the header did not take) tells repeated X= lines of one connection apart
      'H=m.x.example [198.51.100.7] X=TLS1.2:AES128-SHA:128 Ci=77 F=<a@x.example> rejected RCPT <b@y.example>: no',
      'H=m.x.example [198.51.100.7] X=TLS1.2:AES128-SHA:128 Ci=78 F=<a@x.example> rejected RCPT <b@y.example>: no',
      '[77]H=m.x.example [198.51.100.7] X=TLS1.2:AES128-SHA:128 F=<a@x.example> rejected RCPT <c@y.example>: no',
      // an arrival over TLS whose X= was not logged: P=esmtps says TLS, the version is unknown
      '1x5T19-0000-0MhN <= a@x.example H=m.x.example [198.51.100.7] P=esmtps S=3',
      '1x5T19-0000-0MhN <= a@x.example H=m.x.example [198.51.100.7] P=esmtp S=3',
      // local submission and delivery (no H=: no peer), the end of a message
      '1x5T19-0000-0MhN <= www@x.example U=www P=local S=3',
      '1x5T19-0000-0MhN => user@example.org R=local_user T=mail_spool',
      '1x5T19-0000-0MhN ** user@example.org R=local_user T=mail_spool: TLS error on connection (x)',
      '1x5T19-0000-0MhN Completed',
      'SMTP connection from m.x.example [198.51.100.7] lost D=1s C=EHLO,STARTTLS',
      'SMTP connection from m.x.example [198.51.100.7] closed by QUIT',
      'dropped connection from m.x.example [198.51.100.7] D=1s C=EHLO,STARTTLS',
    );
    const tail = fc.constantFrom('', ' ', '\r', ' (TLS ', ']: ', ' \r x', ']:', ']: \r', 'x[1]: y');
    await sameWholeAndChunked(
      fc.tuple(head, body, tail).map(([h, b, t]) => h + b + t),
      400,
    );
    // the same through syslog (`exim[12]: 2021-07-17 23:20:49 …`: Exim's own time in the message, used when the
    // syslog time cannot be read), next to Sendmail's lines; read in chunks so that the classifier knows the programs
    const syslog = fc.constantFrom(
      'May  2 10:00:00 mx exim[12]: ',
      'Mai  2 10:00:00 mx exim[12]: ',
      'Feb 30 10:00:00 mx exim4[12]: ',
      'May  2 10:00:00 mx sm-mta[7]: ',
      'Feb 30 10:00:00 mx sendmail[7]: ',
    );
    const smBody = fc.constantFrom(
      'STARTTLS=server, relay=h.example [192.0.2.7], version=TLSv1, verify=NO, cipher=AES256-SHA, bits=256/256',
      '4A1B: STARTTLS=client, relay=mx.example. [192.0.2.8], version=TLSv1/SSLv3, verify=OK, cipher=RC4-SHA, bits=128/128',
      'STARTTLS=server, error: accept failed=-1, reason=unsupported protocol, SSL_error=1, errno=0, retry=-1, relay=x [192.0.2.9]',
      '4A1B: from=<a@b>, size=1, class=0, nrcpts=1, proto=ESMTPS, daemon=MTA, relay=h.example [192.0.2.7]',
    );
    const wrapped = fc.oneof(
      fc.tuple(syslog, head, body, tail).map(([s, h, b, t]) => s + h + b + t),
      fc.tuple(syslog, body).map(([s, b]) => s + b),
      fc.tuple(syslog, smBody, tail).map(([s, b, t]) => s + b + t),
    );
    await fc.assert(
      fc.asyncProperty(fc.array(wrapped, { minLength: 5, maxLength: 30 }), fc.nat(), async (lines, seed) => {
        const text = Buffer.from(lines.join('\n') + '\n', 'latin1');
        await same([...randomChunks(text, seed, 200)]);
      }),
      { numRuns: RUNS },
    );
  });
});

describe('Sendmail from= lines', () => {
  it('crafted long from= and STARTTLS lines (many proto= fields, thousands of unclosed [) are read at once; real ones field by field', async () => {
    // (a pattern with two open-ended parts took 10–25 s for such a line; the fields are read in milliseconds: the
    // 5 s deadline of this test is a bound on hostile input, three orders of magnitude above the time it takes)
    const hostile = `May  2 10:00:00 mx sm-mta[7]: Q1: from=<a@x>${', proto=A, x'.repeat(2200)}, relay=${'[a'.repeat(1000)}`;
    const lines = [
      hostile,
      'May  2 10:00:01 mx sm-mta[7]: Q2: from=<b@x>, size=1, class=0, nrcpts=1, proto=ESMTP, daemon=MTA, relay=h.example [192.0.2.5]',
      'May  2 10:00:02 mx sm-mta[7]: Q3: from=<b@x>, size=1, proto=ESMTPS, daemon=MTA, relay=h.example [192.0.2.5]',
      'May  2 10:00:03 mx sm-mta[7]: Q4: from=<c@x>, size=1, proto=ESMTPA, daemon=MTA, relay=[192.0.2.6] (may be forged)',
      // not a received message: relay not last, no [address], a proto that is not one word of capitals
      'May  2 10:00:04 mx sm-mta[7]: Q5: from=<d@x>, proto=ESMTP, relay=h.example [192.0.2.7], x=y',
      'May  2 10:00:05 mx sm-mta[7]: Q6: from=<d@x>, proto=ESMTP, relay=root@localhost',
      'May  2 10:00:06 mx sm-mta[7]: Q7: from=<d@x>, proto=esmtp, relay=h.example [192.0.2.8]',
    ];
    // and 40 STARTTLS lines whose relay is 14,000 `[a` (the relay's pattern backtracked ~0.2 s on each)
    for (let i = 0; i < 40; i++)
      lines.push(`May  2 10:00:07 mx sm-mta[7]: STARTTLS=server, relay=${'[a'.repeat(14_000)}, version=TLSv1.2, verify=NO, cipher=AES128-SHA, bits=128/128`);
    const text = Buffer.from(lines.join('\n') + '\n', 'latin1');
    const r = await report([text], fast);
    expect(r.totals.tlsSessions).toBe(40);
    expect(r.totals.sessions).toBe(42);
    expect(r.totals.noTls).toBe(2);
    expect(
      r.peers
        .filter((p) => p.noTls > 0)
        .map((p) => p.peer)
        .sort(),
    ).toEqual(['192.0.2.5', '192.0.2.6']);
    await same([text]);
    await same([...randomChunks(text, 3, 4096)]);
  }, 5_000);
});

describe('docker compose prefixes', () => {
  it('a name of word characters, dots and dashes, spaces, then `| ` is a prefix; anything else before a `| ` is not', async () => {
    const name = fc.constantFrom('mail_1', 'postfixrelay-1', 'a.b', '-', '_', '9', '', 'a b', 'a|b', 'm\xe9', 'x\t', 'ma:il');
    const gap = fc.constantFrom('', ' ', '  ', '\t', ' \t');
    const bar = fc.constantFrom('| ', '|', '||', '|  ', ' | ');
    const rest = fc.constantFrom(...LINES.slice(0, 40), 'x | y', '| ');
    await sameWholeAndChunked(
      fc.tuple(name, gap, bar, rest).map(([n, g, b, r]) => n + g + b + r),
      400,
    );
  });
});

describe('outbound process state', () => {
  const held = (pid: number): string =>
    `May  2 10:00:00 mx postfix/smtp[${pid}]: warning: TLS library problem: error:0A000102:SSL routines::unsupported protocol:../ssl/statem/statem_clnt.c:1:`;

  it('an smtp process keeps its held TLS error across 25,000 lines of other processes (qmgr, cleanup)', async () => {
    const lines = [held(500)];
    for (let i = 0; i < 25_000; i++) lines.push(`May  2 10:00:01 mx postfix/cleanup[${1000 + i}]: 4AB${i}: message-id=<${i}@example.net>`);
    lines.push(
      'May  2 10:00:02 mx postfix/smtp[500]: 4ABCDEF: to=<a@b.example>, relay=mx.b.example[192.0.2.7]:25, delay=1, delays=0/0/1/0, dsn=4.7.5, status=deferred (Cannot start TLS: handshake failure)',
    );
    const r = await report([Buffer.from(lines.join('\n') + '\n')], fast);
    const p = r.peers.find((x) => x.peer === '192.0.2.7');
    expect(p?.signatures[SIG_UNSUPPORTED_PROTOCOL]).toBe(1);
    expect(p?.errors).toHaveProperty(['unsupported protocol']);
    expect(r.totals.failures).toBe(1);
  });

  it('beyond 20,000 smtp processes with held errors, none of the errors is dropped', async () => {
    const n = 20_100;
    const lines: string[] = [];
    for (let i = 0; i < n; i++) lines.push(held(10_000 + i));
    const r = await report([Buffer.from(lines.join('\n') + '\n')], fast);
    expect(r.totals.failures).toBe(n);
    expect(r.totals.signatures[SIG_UNSUPPORTED_PROTOCOL]).toBe(n);
  });
});

describe('held TLS errors are bounded and all counted', () => {
  it('thousands of peerless library-problem lines of one tlsproxy and one smtp process: every token counted, as the reference', async () => {
    const lib = 'warning: TLS library problem: error:0A000102:SSL routines::unsupported protocol:../ssl/statem/statem_srvr.c:1716:';
    const lines = ['Jan 01 00:00:01 mx postfix/tlsproxy[42]: SSL_accept error from [192.0.2.1]:1000: -1'];
    for (let i = 0; i < 3000; i++) lines.push(`Jan 01 00:00:02 mx postfix/tlsproxy[42]: ${lib}`, `Jan 01 00:00:02 mx postfix/smtp[43]: ${lib}`);
    lines.push('Jan 01 00:00:03 mx postfix/smtp[43]: SSL_connect error to mx.example.net[198.51.100.7]:25: -1');
    const chunks = [Buffer.from(lines.join('\n') + '\n')];
    await same(chunks);
    const r = await report(chunks, fast);
    const tokens = r.peers.reduce((a, p) => a + (p.errors['unsupported protocol'] ?? 0), 0);
    expect(tokens).toBe(6000);
    // the held failure of the tlsproxy client was split at MAX_HELD_ERRORS, never dropped
    expect(r.peers.find((p) => p.peer === '192.0.2.1')?.failures).toBeGreaterThan(1);
  });
});
