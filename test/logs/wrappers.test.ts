// Logs inside wrappers and damaged logs: Docker json-file entries, UTF-16 (PowerShell 5.1 Out-File), a cut last line.
import { describe, expect, it } from 'vitest';
import { Readable } from 'node:stream';
import { readFileSync } from 'node:fs';
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
