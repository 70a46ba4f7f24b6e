// Logs inside wrappers and damaged logs: Docker json-file entries, UTF-16 (PowerShell 5.1 Out-File), a cut last line.
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { Readable } from 'node:stream';
import { gzipSync } from 'node:zlib';
import { analyzeLogs } from '../../src/logs/analyze.js';
import type { LogReport } from '../../src/logs/types.js';
import * as S from '../../src/logs/signatures.js';

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
const peersOf = (r: LogReport) => r.peers.map((p) => ({ peer: p.peer, name: p.name, dir: p.direction, s: p.sessions, tls: p.tlsSessions, v: p.versions, f: p.failures, sig: p.signatures }));

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
    const text = [
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
    const row = (ev: string, ctx: string): string => `2024-01-15T10:00:00.000Z,EX01\\Empfangsconnector für Geräte,08DC1A2B3C4D0001,0,10.0.0.5:25,192.0.2.60:50000,${ev},,${ctx}\r\n`;
    const text = '#Software: Microsoft Exchange Server\r\n#Log-type: SMTP Receive Protocol Log\r\n' + row('+', '') + row('*', '"TLS protocol SP_PROT_TLS1_0_SERVER negotiation succeeded using bulk encryption algorithm CALG_AES_256 with strength 256 bits, MAC hash algorithm CALG_SHA1 with strength 160 bits and key exchange algorithm CALG_ECDHE with strength 384 bits"') + row('-', '');
    const u8 = await fromBytes('RECV.LOG', Buffer.from(text, 'utf8'));
    const u16 = await fromBytes('RECV.LOG', Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]));
    expect(u16.peers).toEqual(u8.peers);
    expect(u16.peers[0]).toMatchObject({ connector: 'EX01\\Empfangsconnector für Geräte', versions: { 'TLSv1.0': 1 } });
  });
});
