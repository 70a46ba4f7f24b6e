// Inputs and hostile data: mixed directory (recursive, .gz, truncated gzip, binary, overlong line), stdin, filters, outputs.
import { Readable } from 'node:stream';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { analyzeLogs } from '../../src/logs/analyze.js';
import { renderCsv, renderTable } from '../../src/logs/render.js';
import { CATALOG, UI } from '../../src/cli/catalog.js';
import { findings as logFindings, ui as logUi } from '../../src/logs/messages.js';
import { placeholders } from '../../src/i18n/lang.js';

const FX = 'test/fixtures/logs';

describe('mixed directory', async () => {
  const r = await analyzeLogs([`${FX}/mixed`], { lang: 'en', year: 2024 });
  const file = (suffix: string) => r.fileReports.find((f) => f.file.endsWith(suffix));
  it('walks it recursively and detects the format per file, .gz included', () => {
    expect(r.files).toBe(7);
    expect(file('SEND20240502-1.LOG')?.format).toBe('exchange-send');
    expect(file('mail.log.1.gz')).toMatchObject({ format: 'postfix', lines: 42 });
    expect(file('exim-mainlog')?.format).toBe('exim');
    expect(file('maillog')?.format).toBe('sendmail');
    expect(r.peers.some((p) => p.format === 'postfix' && p.versions['TLSv1.0'])).toBe(true);
  });
  it('reports truncated gzip, binary data and an overlong line without failing', () => {
    expect(file('RECV-truncated.LOG.gz')?.error).toBe('truncated gzip data');
    expect(file('RECV-truncated.LOG.gz')?.lines).toBeGreaterThan(0); // what came before the cut is read
    expect(file('core.bin')?.error).toMatch(/binary/);
    expect(file('overlong.log')).toMatchObject({ malformed: 1 });
    expect(r.malformedSamples.some((s) => s.reason === 'line-too-long' && s.file.endsWith('overlong.log') && s.line === 2)).toBe(true);
    const ids = r.findings.map((f) => f.id);
    expect(ids).toContain('logs.file-unreadable');
    expect(ids).toContain('logs.file-unrecognized');
  });
  it('gives the same result with worker threads', async () => {
    const w = await analyzeLogs([`${FX}/mixed`], { lang: 'en', year: 2024, workers: 2 });
    // the whole report, peer order and key order included (the report's order does not depend on reading order)
    expect(JSON.stringify(w, null, 1)).toBe(JSON.stringify(r, null, 1));
  });
});

describe('inputs', () => {
  it('reads stdin and streams, plain and gzip', async () => {
    const text =
      'May  2 10:00:04 mx postfix/smtpd[1]: connect from a.example[192.0.2.1]\n' +
      'May  2 10:00:04 mx postfix/smtpd[1]: Anonymous TLS connection established from a.example[192.0.2.1]: TLSv1 with cipher AES256-SHA (256/256 bits)\n' +
      'May  2 10:00:05 mx postfix/smtpd[1]: disconnect from a.example[192.0.2.1]';
    const stdin = Readable.from([Buffer.from(text.slice(0, 50)), Buffer.from(text.slice(50))]);
    const a = await analyzeLogs(['-'], { stdin, lang: 'en', year: 2024 });
    expect(a.peers[0]).toMatchObject({ peer: '192.0.2.1', versions: { 'TLSv1.0': 1 }, sessions: 1 });
    const gz = gzipSync(Buffer.from(text));
    const b = await analyzeLogs([{ name: 'x.gz', stream: Readable.from([gz.subarray(0, 10), gz.subarray(10)]) }], { lang: 'en', year: 2024 });
    expect(b.peers[0]?.versions).toEqual({ 'TLSv1.0': 1 });
  });
  it('reports a missing file and an empty input instead of throwing', async () => {
    const r = await analyzeLogs(['/nonexistent/RECV1.LOG'], { lang: 'en' });
    expect(r.fileReports[0]?.error).toMatch(/ENOENT/);
    const e = await analyzeLogs([{ name: 'empty', stream: Readable.from([]) }], { lang: 'en' });
    expect(e.lines).toBe(0);
  });
  it('survives binary garbage inside a log and a line with no end', async () => {
    const junk = Buffer.alloc(100_000);
    for (let i = 0; i < junk.length; i++) junk[i] = (i * 7919) & 255;
    const head = Buffer.from('#Software: Microsoft Exchange Server\r\n#Log-type: SMTP Receive Protocol Log\r\n');
    const r = await analyzeLogs([{ name: 'junk', stream: Readable.from([head, junk, Buffer.alloc(200_000, 0x41)]) }], { lang: 'en', maxLineBytes: 50_000 });
    expect(r.malformed).toBeGreaterThan(0);
    expect(r.peers).toEqual([]);
  });
});

describe('filters', async () => {
  it('--since/--until keep only the window', async () => {
    const r = await analyzeLogs([`${FX}/exchange/RECV2024050210-1.LOG`], {
      lang: 'en',
      since: new Date('2024-05-03T00:00:00Z'),
      until: new Date('2024-05-04T00:00:00Z'),
    });
    expect(Object.keys(r.series)).toEqual(['2024-05-03']);
    expect(r.totals.sessions).toBe(3);
    expect(r.window.since).toBe('2024-05-03T00:00:00.000Z');
  });
  it('--peer matches IP or name', async () => {
    const r = await analyzeLogs([`${FX}/exchange/RECV2024050210-1.LOG`], { lang: 'en', peer: ['SCANNER01'] });
    expect(r.peers.map((p) => p.peer)).toEqual(['198.51.100.7']);
  });
});

describe('outputs', async () => {
  const r = await analyzeLogs([`${FX}/exchange/RECV2024050210-1.LOG`], { lang: 'nl' });
  it('keeps the JSON contract keys', () => {
    const j = JSON.parse(JSON.stringify(r)) as Record<string, unknown>;
    for (const k of ['files', 'lines', 'peers', 'findings']) expect(j).toHaveProperty(k);
    const p = (j.peers as Record<string, unknown>[])[0] as Record<string, unknown>;
    for (const k of ['peer', 'direction', 'versions', 'failures', 'signatures', 'firstSeen', 'lastSeen']) expect(p).toHaveProperty(k);
    for (const v of r.peers.flatMap((x) => Object.keys(x.versions))) expect(['SSLv3', 'TLSv1.0', 'TLSv1.1', 'TLSv1.2', 'TLSv1.3']).toContain(v);
  });
  it('renders Dutch findings', () => {
    expect(r.findings.find((f) => f.id === 'logs.tls10-peer')?.message).toMatch(/gebruikte TLS 1\.0 in 1 van 1 sessies/);
  });
  it('CSV has a header and one row per peer', () => {
    const lines = renderCsv(r).trimEnd().split('\r\n');
    expect(lines[0]).toMatch(/^peer,name,direction,connector,/);
    expect(lines.length).toBe(r.peers.length + 1);
    expect(lines.find((l) => l.startsWith('2001:db8::25'))).toContain('"EX01\\Client Frontend, port 587"');
  });
});

describe('hostile names', () => {
  it('sanitises escape sequences from EHLO names and neutralises CSV formulas', async () => {
    const line = (seq: number, ev: string, data: string) =>
      `2024-05-02T10:00:00.000Z,EX01\\Default Frontend EX01,08DC6A00000000AA,${seq},10.0.0.5:25,192.0.2.99:5000,${ev},${data},`;
    const text = [
      '#Log-type: SMTP Receive Protocol Log',
      line(0, '+', ''),
      line(1, '<', 'EHLO \x1b[31mevil\x1b]0;owned\x07'),
      line(2, '<', 'EHLO =HYPERLINK("x")'),
      line(3, '-', ''),
    ].join('\r\n');
    const r = await analyzeLogs([{ name: 'evil', stream: Readable.from([Buffer.from(text)]) }], { lang: 'en' });
    const table = renderTable(r, 'en');
    expect(table).not.toMatch(/\x1b/);
    expect(table).toContain('\\x1b[31mevil');
    const r2 = await analyzeLogs([{ name: 'evil2', stream: Readable.from([Buffer.from(text.replace('EHLO \x1b[31mevil\x1b]0;owned\x07', 'EHLO =cmd|x'))]) }], {
      lang: 'en',
    });
    expect(renderCsv(r2)).toContain(",'=cmd|x,");
  });
});

describe('catalogue', () => {
  it('every logs finding and UI string exists in English and Dutch with the same placeholders', () => {
    for (const [id, e] of Object.entries(logFindings)) {
      expect(CATALOG[id]).toBeDefined();
      expect(placeholders(e.message.nl)).toEqual(placeholders(e.message.en));
      expect(e.message.nl).not.toBe('');
    }
    for (const [k, t] of Object.entries(logUi)) {
      expect(k.startsWith('logs.')).toBe(true);
      expect(UI[k]).toBeDefined();
      expect(placeholders(t.nl)).toEqual(placeholders(t.en));
    }
  });
});
