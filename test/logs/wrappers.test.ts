// Logs inside wrappers and damaged logs: Docker json-file entries, UTF-16 (PowerShell 5.1 Out-File), a cut last line.
import { describe, expect, it } from 'vitest';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { gzipSync } from 'node:zlib';
import { analyzeLogs } from '../../src/logs/analyze.js';
import type { LogReport } from '../../src/logs/types.js';
import * as S from '../../src/logs/signatures.js';
import { runCli } from '../helpers/cli.js';

const R = 'test/fixtures/real/logs';
const opts = { lang: 'en' as const, workers: 1, year: 2024 };
const run = (...f: string[]): Promise<LogReport> => analyzeLogs(f, opts);
const fromBytes = (name: string, b: Buffer, chunk = 7): Promise<LogReport> => {
  // small chunks: every decoder state (a split BOM, a split code unit, a split JSON entry) is crossed
  const parts: Buffer[] = [];
  for (let i = 0; i < b.length; i += chunk) parts.push(b.subarray(i, i + chunk));
  return analyzeLogs([{ name, stream: Readable.from(parts) }], opts);
};
const ids = (r: LogReport): string[] => r.findings.map((f) => f.id);
/** What a report says about the peers, without the things that differ between wrappers (times). */
const peersOf = (r: LogReport) =>
  r.peers.map((p) => ({ peer: p.peer, name: p.name, dir: p.direction, s: p.sessions, tls: p.tlsSessions, v: p.versions, f: p.failures, sig: p.signatures }));

describe('Docker json-file log driver (`<id>-json.log`)', () => {
  it('the real mailcow#2397 lines wrapped as Docker writes them give the same peers and failures as the plain lines', async () => {
    const plain = await run(`${R}/mailcow-2397-unsupported-protocol.log`);
    const docker = await run(`${R}/derived-docker-json-mailcow-2397.log`);
    expect(peersOf(plain).length).toBeGreaterThan(0);
    expect(peersOf(docker)).toEqual(peersOf(plain));
    expect(docker.peers[0]?.signatures).toHaveProperty([S.SIG_UNSUPPORTED_PROTOCOL]);
    expect(docker.malformed).toBe(plain.malformed);
    expect(docker.tlsLinesNotUsed).toBe(0);
  });
  it('a line split over entries (Docker cuts at 16 KiB) is joined; a line without a time takes the entry time', async () => {
    const e = (log: string, time = '2024-01-15T10:00:00.5Z'): string => JSON.stringify({ log, stream: 'stdout', time });
    const text =
      [
        e('postfix/smtpd[7]: connect from old.example[192.0.2.7]\n'),
        e('postfix/smtpd[7]: Anonymous TLS connection established from old.example[192.0.2.7]: TLSv1 with '),
        e('cipher ECDHE-RSA-AES256-SHA (256/256 bits)\n'),
        e('postfix/smtpd[7]: disconnect from old.example[192.0.2.7] ehlo=2 starttls=1 commands=3\n'),
      ].join('\n') + '\n';
    const r = await fromBytes('json.log', Buffer.from(text));
    expect(r.peers).toHaveLength(1);
    expect(r.peers[0]).toMatchObject({ peer: '192.0.2.7', versions: { 'TLSv1.0': 1 }, firstSeen: '2024-01-15T10:00:00.500Z' });
    expect(r.malformed).toBe(0);
    expect(ids(r)).toContain('logs.tls10-peer');
  });
  it('an entry whose `log` is no MTA line is counted as not understood, never dropped', async () => {
    const text = `${JSON.stringify({ log: 'postfix/smtpd[7]: connect from a.example[192.0.2.8]\n', stream: 'stdout', time: '2024-01-15T10:00:00Z' })}\n${JSON.stringify({ log: 'some TLS thing happened\n', stream: 'stderr', time: '2024-01-15T10:00:01Z' })}\n`;
    const r = await fromBytes('json.log', Buffer.from(text));
    expect(r.malformed).toBe(1);
    expect(r.tlsLinesNotUsed).toBe(1);
    expect(r.malformedSamples[0]?.line).toBe(2);
  });
});

describe('UTF-16 text (PowerShell 5.1 Out-File, Notepad "Unicode")', () => {
  it('UTF-16LE with BOM and CRLF (the real postal#829 SmtpSend rows as Out-File writes them) reads like the original', async () => {
    const plain = await run(`${R}/postal-829-smtpsend-excerpt.log`);
    const u16 = await run(`${R}/derived-utf16le-postal-829-smtpsend.log`);
    expect(peersOf(plain).length).toBeGreaterThan(0);
    expect(peersOf(u16)).toEqual(peersOf(plain));
    expect(u16.fileReports[0]).toMatchObject({ format: plain.fileReports[0]?.format, lines: plain.fileReports[0]?.lines, malformed: 0 });
    expect(u16.fileReports[0]?.error).toBeUndefined();
  });
  it('UTF-16BE with BOM (the real crowdsec Exchange row) reads like the original', async () => {
    const plain = await run(`${R}/crowdsec-exchange-smtp-logs.log`);
    const u16 = await run(`${R}/derived-utf16be-crowdsec-exchange.log`);
    expect(peersOf(u16)).toEqual(peersOf(plain));
    expect(u16.peers).toHaveLength(1);
  });
  it('streamed in 7-byte pieces (BOM and code units split), gzip-compressed, or without BOM: the same report', async () => {
    const plain = await run(`${R}/postal-829-smtpsend-excerpt.log`);
    const bom = readFileSync(`${R}/derived-utf16le-postal-829-smtpsend.log`);
    expect(peersOf(await fromBytes('SEND.LOG', bom))).toEqual(peersOf(plain));
    expect(peersOf(await fromBytes('SEND.LOG', gzipSync(bom), 5))).toEqual(peersOf(plain));
    expect(peersOf(await fromBytes('SEND.LOG', bom.subarray(2)))).toEqual(peersOf(plain));
  });
  it('a directory with a UTF-16 Exchange log and a Postfix log: both read, nothing called binary', async () => {
    const r = await analyzeLogs([`${R}/derived-utf16le-postal-829-smtpsend.log`, `${R}/mailcow-2397-unsupported-protocol.log`], opts);
    expect(r.fileReports.every((f) => f.format !== null && !f.error)).toBe(true);
    expect(r.malformedSamples.some((s) => s.reason === 'binary')).toBe(false);
  });
  it('a non-ASCII connector name in UTF-16 arrives as UTF-8 text (the same as in a UTF-8 file)', async () => {
    const row = (ev: string, ctx: string): string =>
      `2024-01-15T10:00:00.000Z,EX01\\Empfangsconnector für Geräte,08DC1A2B3C4D0001,0,10.0.0.5:25,192.0.2.60:50000,${ev},,${ctx}\r\n`;
    const text =
      '#Software: Microsoft Exchange Server\r\n#Log-type: SMTP Receive Protocol Log\r\n' +
      row('+', '') +
      row(
        '*',
        '"TLS protocol SP_PROT_TLS1_0_SERVER negotiation succeeded using bulk encryption algorithm CALG_AES_256 with strength 256 bits, MAC hash algorithm CALG_SHA1 with strength 160 bits and key exchange algorithm CALG_ECDHE with strength 384 bits"',
      ) +
      row('-', '');
    const u8 = await fromBytes('RECV.LOG', Buffer.from(text, 'utf8'));
    const u16 = await fromBytes('RECV.LOG', Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]));
    expect(u16.peers).toEqual(u8.peers);
    expect(u16.peers[0]).toMatchObject({ connector: 'EX01\\Empfangsconnector für Geräte', versions: { 'TLSv1.0': 1 } });
  });
});

describe('a last line cut off mid-line (a copied or still-written log)', () => {
  /** The file cut `k` bytes after the start of the first line that contains `marker` + `after`. */
  const cutAt = (file: string, marker: string, after: string): { bytes: Buffer; lineStart: number; lineEnd: number; at: number } => {
    const b = readFileSync(file);
    const i = b.indexOf(marker);
    const lineStart = b.lastIndexOf(10, i) + 1;
    const lineEnd = b.indexOf(10, i);
    return { bytes: b, lineStart, lineEnd, at: b.indexOf(after, i) + after.length };
  };
  it('Exchange: the TLS version of a cut success line is used and the cut reported; never a version from a cut token', async () => {
    const f = 'test/fixtures/logs/exchange/SEND2019110406-1.LOG';
    const { bytes, lineEnd, at } = cutAt(f, 'SP_PROT_TLS1_0_CLIENT negotiation succeeded', 'negotiation succeeded');
    const whole = await fromBytes('SEND2019110406-1.LOG', bytes.subarray(0, lineEnd + 1));
    const v10 = whole.totals.versions['TLSv1.0'] ?? 0;
    expect(v10).toBeGreaterThan(0);
    for (const end of [at, at + 1, at + 40, lineEnd - 60]) {
      const r = await fromBytes('SEND2019110406-1.LOG', bytes.subarray(0, end));
      expect(r.totals.versions['TLSv1.0'], `cut at ${end}`).toBe(v10);
      const t = r.fileReports[0]?.truncatedLine;
      expect(t, `cut at ${end} of ${lineEnd}`).toMatchObject({ used: true });
      expect(ids(r)).toContain('logs.truncated-line');
      expect(ids(r)).toContain('logs.tls10-peer');
      expect(ids(r)).not.toContain('logs.no-tls-data');
      expect(ids(r)).not.toContain('logs.clean');
    }
    // cut inside the protocol name: nothing is guessed, the line is counted as not understood and the cut reported
    const inToken = bytes.indexOf('SP_PROT_TLS1_0_CLI') + 'SP_PROT_TLS1_0_CLI'.length;
    const r = await fromBytes('SEND2019110406-1.LOG', bytes.subarray(0, inToken));
    expect(r.totals.versions['TLSv1.0']).toBe(v10 - 1 || undefined);
    expect(r.fileReports[0]?.truncatedLine).toMatchObject({ used: false });
    expect(r.malformedSamples.some((s) => s.reason === 'truncated-line')).toBe(true);
    expect(ids(r)).not.toContain('logs.clean');
  });
  it('Postfix: "TLSv1 with ci…" is TLS 1.0; a cut right after "TLSv1" is not (it may be TLSv1.2)', async () => {
    const f = 'test/fixtures/logs/postfix/mail.log';
    const { bytes, at } = cutAt(f, 'scanner.contoso.test[192.168.251.9]: TLSv1 with', 'TLSv1 with ci');
    const r = await fromBytes('mail.log', bytes.subarray(0, at));
    expect(r.peers.find((p) => p.peer === '192.168.251.9')?.versions).toEqual({ 'TLSv1.0': 1 });
    expect(r.fileReports[0]?.truncatedLine).toMatchObject({ used: true });
    const r2 = await fromBytes('mail.log', bytes.subarray(0, at - ' with ci'.length));
    expect(r2.peers.find((p) => p.peer === '192.168.251.9')?.versions ?? {}).toEqual({});
    expect(r2.fileReports[0]?.truncatedLine).toMatchObject({ used: false });
    expect(r2.tlsLinesNotUsed).toBeGreaterThan(0);
  });
  it('a complete last line without a newline is no cut (the real crowdsec Exchange row)', async () => {
    const r = await run(`${R}/crowdsec-exchange-smtp-logs.log`);
    expect(r.fileReports[0]?.truncatedLine).toBeUndefined();
    expect(ids(r)).not.toContain('logs.truncated-line');
  });
});

describe('exit status: 0 only for an all-clear (docs/json.md)', () => {
  // a clean Postfix excerpt: the TLS 1.3 session of the project's Postfix fixture
  const pf = readFileSync('test/fixtures/logs/postfix/mail.log', 'latin1').split('\n');
  const clean = pf.filter((l) => /smtpd\[4001\]/.test(l)).join('\n') + '\n';
  const dir = mkdtempSync(join(tmpdir(), 'mailtls-logs-exit-'));
  const mk = (name: string, files: Record<string, Buffer | string>): string => {
    const d = join(dir, name);
    mkdirSync(d);
    for (const [f, b] of Object.entries(files)) writeFileSync(join(d, f), b);
    return d;
  };
  it('a clean log: 0 with logs.clean', async () => {
    const r = await runCli(['logs', mk('clean', { 'mail.log': clean }), '--year', '2024', '--json']);
    const doc = JSON.parse(r.stdout) as LogReport;
    expect(ids(doc)).toContain('logs.clean');
    expect(r.code).toBe(0);
  });
  it('the same log next to a cut gzip: 2, "no all-clear" on stderr, the document still printed', async () => {
    const gz = gzipSync(Buffer.from(clean.replace(/4001/g, '4011')));
    const r = await runCli(['logs', mk('cutgz', { 'mail.log': clean, 'mail.log.1.gz': gz.subarray(0, gz.length - 12) }), '--year', '2024', '--json']);
    const doc = JSON.parse(r.stdout) as LogReport;
    expect(ids(doc)).toContain('logs.file-unreadable');
    expect(ids(doc)).not.toContain('logs.clean');
    expect(doc.findings.some((f) => f.severity === 'error')).toBe(false);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^mailtls: .*logs\.file-unreadable/m);
  });
  it('TLS lines not used, no sessions, or a version not logged: 2 with the ids on stderr', async () => {
    const r = await runCli([
      'logs',
      mk('unused', { 'mail.log': clean + 'May  2 10:09:00 mx postfix/smtpd[4009]: some new TLS message nobody parses\n' }),
      '--year',
      '2024',
      '--lang',
      'en',
    ]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^mailtls: no all-clear: .*logs\.tls-lines-not-used/m);
    const r2 = await runCli(['logs', `${R}/crowdsec-postfix-logs.log`, '--year', '2024']);
    expect(r2.code).toBe(2);
    expect(r2.stderr).toMatch(/logs\.no-sessions/);
    const r3 = await runCli(['logs', `${R}/dms-663-compose-prefix.log`, '--year', '2024']);
    expect(r3.code).toBe(2);
    expect(r3.stderr).toMatch(/logs\.unknown-version/);
  });
  it('an error finding wins: 1 (the cut Exchange line that still shows TLS 1.0)', async () => {
    const b = readFileSync('test/fixtures/logs/exchange/SEND2019110406-1.LOG');
    const at = b.indexOf('negotiation succeeded') + 30;
    const r = await runCli(['logs', mk('cutline', { 'SEND2019110406-1.LOG': b.subarray(0, at) }), '--json']);
    const doc = JSON.parse(r.stdout) as LogReport;
    expect(ids(doc)).toEqual(expect.arrayContaining(['logs.tls10-peer', 'logs.truncated-line']));
    expect(r.code).toBe(1);
  });
});

describe('--lang nl: the report people read has no English of this tool left', () => {
  it('sample reasons and the reasons a file was not read are Dutch; --json keeps the stable ids', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'mailtls-logs-nl-'));
    writeFileSync(join(dir, 'mail.log'), 'May  2 10:00:01 mx postfix/smtpd[4001]: connect from a.example[192.0.2.9]\nMay  2 10:00:01 mx something odd\n');
    writeFileSync(join(dir, 'core.bin'), Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 7) & 0xff)));
    writeFileSync(join(dir, 'notes.txt'), 'just some notes\nnothing here\n');
    const gz = gzipSync(Buffer.from('May  2 10:00:01 mx postfix/smtpd[4002]: connect from b.example[192.0.2.10]\n'.repeat(50)));
    writeFileSync(join(dir, 'mail.log.1.gz'), gz.subarray(0, gz.length - 12));
    const r = await runCli(['logs', dir, '--year', '2024', '--lang', 'nl']);
    expect(r.code).toBe(2);
    for (const en of [
      '(unrecognised)',
      '(binary)',
      '(unknown-format)',
      'truncated gzip data',
      'binary data, not a text log',
      'no known log format',
      'no all-clear',
    ])
      expect(r.stdout + r.stderr, en).not.toContain(en);
    expect(r.stdout).toContain('(niet herkend)');
    expect(r.stdout).toContain('afgebroken gzip-gegevens');
    expect(r.stdout).toContain('binaire gegevens, geen tekstlogboek');
    expect(r.stderr).toMatch(/^mailtls: geen vrijbrief/m);
    const j = await runCli(['logs', dir, '--year', '2024', '--lang', 'nl', '--json']);
    const doc = JSON.parse(j.stdout) as LogReport;
    expect(doc.malformedSamples.map((s) => s.reason)).toEqual(expect.arrayContaining(['unrecognised', 'binary', 'unknown-format']));
    expect(doc.fileReports.map((f) => f.error)).toEqual(expect.arrayContaining(['truncated gzip data', 'binary data, not a text log', 'no known log format']));
  });
});
