// The fast Exchange path gives the same JSON as the pre-optimisation parser (kept in reference-exchange.ts) on fixtures
// and generated logs, and the same JSON text as the pre-optimisation code captured in test/logs/expected/.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { AnalyzeOptions } from '../../src/logs/types.js';
import { generateExchange } from './gen.js';
import { generateMixed, randomChunks } from './gen-mixed.js';
import { EXPECTED, GOLDEN, goldenJson } from './golden-cases.js';
import { fast, json, reference, type Src } from './reference-run.js';

const FX = 'test/fixtures/logs';
const dir = mkdtempSync(join(tmpdir(), 'mailtls-logs-eq-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('JSON text captured from the pre-optimisation code', () => {
  for (const c of GOLDEN) {
    it(c.name, async () => {
      expect(await goldenJson(c)).toBe(readFileSync(join(EXPECTED, `${c.name}.json`), 'utf8'));
    });
  }
});

describe('fast Exchange path vs reference parser', () => {
  it('fixtures: receive, send, localized, header-less', async () => {
    const files = [`${FX}/exchange/RECV2024050210-1.LOG`, `${FX}/exchange/SEND20240502-1.LOG`, `${FX}/exchange/SEND2019110406-1.LOG`];
    for (const f of files) expect(json(await fast([f]))).toEqual(json(await reference([f])));
    expect(json(await fast(files))).toEqual(json(await reference(files)));
  });

  it('the mixed fixture directory (Exchange, Postfix, Exim, Sendmail, gzip, binary)', async () => {
    const all = [`${FX}/mixed/SEND20240502-1.LOG`, `${FX}/mixed/RECV-truncated.LOG.gz`, `${FX}/mixed/maillog`, `${FX}/mixed/core.bin`];
    expect(json(await fast(all, { year: 2024 }))).toEqual(json(await reference(all, { year: 2024 })));
  });

  it('generated mixed receive and send logs, whole files and random chunk sizes', async () => {
    for (let seed = 1; seed <= 12; seed++) {
      const send = seed % 3 === 0;
      const buf = generateMixed({ seed, sessions: 400, send, header: seed % 4 !== 1, concurrent: 1 + (seed % 9), peers: 10 + seed * 7 });
      const f = join(dir, `${send ? 'SEND' : 'RECV'}20240502${String(seed).padStart(2, '0')}-1.LOG`);
      writeFileSync(f, buf);
      const a = json(await fast([f]));
      expect(a).toEqual(json(await reference([f])));
      const s: Src = { name: `${send ? 'SEND' : 'RECV'}-gen-${seed}`, stream: () => randomChunks(buf, seed) };
      expect(json(await fast([s]))).toEqual(json(await reference([s])));
    }
  });

  it('generated logs with filters, a peer cap, --since/--until and a small --max-line', async () => {
    const buf = generateMixed({ seed: 99, sessions: 1500, concurrent: 12, peers: 300 });
    const f = join(dir, 'RECV2024050299-1.LOG');
    writeFileSync(f, buf);
    const variants: AnalyzeOptions[] = [
      { maxPeers: 25 },
      { peer: ['192.0.0', 'mail1'] },
      { since: new Date('2024-05-02T08:30:00Z'), until: new Date('2024-05-02T09:30:00Z') },
      { maxLineBytes: 180 },
    ];
    for (const v of variants) expect(json(await fast([f], v))).toEqual(json(await reference([f], v)));
  });

  it('the benchmark generator (several MB): as a stream, as one 6 MB chunk, as a file read into the classifier', async () => {
    const bufs = [...generateExchange({ bytes: 8e6, peers: 700, chunk: 1 << 20 })];
    const s: Src = { name: 'bench-gen', stream: () => bufs };
    const want = json(await reference([s]));
    expect(json(await fast([s]))).toEqual(want);
    const all = Buffer.concat(bufs);
    const big: Src = { name: 'bench-gen', stream: () => [all.subarray(0, 6e6), all.subarray(6e6)] };
    expect(json(await fast([big]))).toEqual(want);
    const f = join(dir, 'bench-gen');
    writeFileSync(f, all);
    expect(json(await fast([f])).replaceAll(JSON.stringify(f).slice(1, -1), 'bench-gen')).toEqual(want);
  });

  it('session ids that share their low 30 bits, or differ only in case, stay apart', async () => {
    // the receive fixture's sessions 08DC6A00000000xx with their ids rewritten: the same low bits under other high bits,
    // low halves that differ only in their top two bits, and lower-case copies (which are other sessions)
    const text = readFileSync(`${FX}/exchange/RECV2024050210-1.LOG`, 'latin1');
    const ids = [...new Set(text.match(/08DC6A00000000[0-9A-F]{2}/g))];
    const variants = (id: string): string[] => {
      const low = id.slice(14);
      return [`00000001400000${low}`, `7FFFFFFF000000${low}`, `80000000C00000${low}`, id.toLowerCase()];
    };
    const copies = [text, ...[0, 1, 2, 3].map((k) => text.replace(/08DC6A00000000[0-9A-F]{2}/g, (m) => variants(m)[k] as string))];
    // interleave the copies line by line so that sessions with colliding slots are open at the same time
    const lines = copies.map((c) => c.split('\n'));
    const out: string[] = [];
    for (let i = 0; i < (lines[0] as string[]).length; i++) for (const l of lines) out.push(l[i] as string);
    const buf = Buffer.from(out.join('\n'), 'latin1');
    const s: Src = { name: 'RECV-collide.LOG', stream: () => [buf] };
    const r = await fast([s]);
    expect(json(r)).toEqual(json(await reference([s])));
    expect(ids.length).toBeGreaterThan(5);
    expect(r.totals.sessions).toBeGreaterThanOrEqual(5 * ids.length);
  });

  it('a log made to collide: 3000 open sessions on one slot, and one IP with 3000 names, stay correct (and linear)', async () => {
    // every id has the same low 32 bits (what aimed them at one slot of the former table); all open at once
    const n = 3000;
    const id = (i: number): string => (0x10000000 + i).toString(16).toUpperCase().padStart(8, '0') + '00000001';
    const at = (i: number, ev: string, data: string, ctx = ''): string =>
      `2024-05-02T10:00:00.000Z,EX01\\Default Frontend EX01,${id(i)},0,10.0.0.5:25,192.0.2.1:${40000 + (i % 20000)},${ev},${data},${ctx}`;
    const lines = ['#Software: Microsoft Exchange Server', '#Log-type: SMTP Receive Protocol Log'];
    for (let i = 0; i < n; i++) lines.push(at(i, '+', ''));
    for (let i = n - 1; i >= 0; i--) {
      lines.push(at(i, '<', `EHLO host${i}.example`));
      if (i % 3 === 0)
        lines.push(
          at(
            i,
            '*',
            '',
            `"TLS protocol SP_PROT_TLS1_${i % 2 ? 0 : 2}_SERVER negotiation succeeded using bulk encryption algorithm CALG_AES_256 with strength 256 bits, MAC hash algorithm CALG_SHA_384 with strength 0 bits and key exchange algorithm CALG_ECDH_EPHEM with strength 384 bits"`,
          ),
        );
      lines.push(at(i, '-', '', 'Local'));
    }
    const buf = Buffer.from(lines.join('\r\n') + '\r\n', 'latin1');
    const s: Src = { name: 'RECV-spill.LOG', stream: () => [buf] };
    const r = await fast([s]);
    expect(json(r)).toEqual(json(await reference([s])));
    // one IP, a name per session: 3000 peers behind one address
    expect(r.totals.sessions).toBe(n);
    expect(r.peers.filter((p) => p.peer === '192.0.2.1').length).toBe(n);
    expect(r.totals.versions['TLSv1.0']).toBe(500);
  });

  it('peers found by interned ids: names that change per IP, no name, other connectors, a send log, a peer cap, --peer', async () => {
    // sessions whose key repeats its IP's last one (ipInfo), alternates among an IP's names (PeerIds), has no EHLO
    // (name ''), an empty EHLO, a quoted connector (not interned), a name that is only in a banner, and both directions
    const conns = ['EX01\\Default Frontend EX01', 'EX01\\Client Proxy EX01', '"EX01\\Default, Frontend"'];
    const tls = (v: number, who: string): string =>
      `"TLS protocol SP_PROT_TLS1_${v}_${who} negotiation succeeded using bulk encryption algorithm CALG_AES_256 with strength 256 bits, MAC hash algorithm CALG_SHA_384 with strength 0 bits and key exchange algorithm CALG_ECDH_EPHEM with strength 384 bits"`;
    const make = (send: boolean): Buffer => {
      const lines = [`#Software: Microsoft Exchange Server`, `#Log-type: SMTP ${send ? 'Send' : 'Receive'} Protocol Log`];
      for (let i = 0; i < 600; i++) {
        const sid = `08DC6A01${i.toString(16).toUpperCase().padStart(8, '0')}`;
        const ip = `192.0.2.${i % 7}`;
        const conn = conns[i % 11 === 0 ? 2 : i % 5 === 0 ? 1 : 0] as string;
        const ts = new Date(Date.UTC(2024, 4, 2, 10) + i * 1000).toISOString();
        const l = (n: number, ev: string, data: string, ctx = ''): string => `${ts},${conn},${sid},${n},10.0.0.5:25,${ip}:${40000 + i},${ev},${data},${ctx}`;
        lines.push(l(0, '+', ''));
        const name = i % 13 === 0 ? null : i % 17 === 0 ? '' : `h${(i * 3) % (i % 3 === 0 ? 5 : 2)}.example`;
        if (send) lines.push(l(1, '<', `220 ${name ?? 'banner-only'}.example Microsoft ESMTP MAIL Service ready`));
        else if (name !== null) lines.push(l(1, '<', `EHLO ${name}`));
        if (i % 4 !== 3) lines.push(l(2, '*', '', tls(i % 9 === 0 ? 0 : 2, send ? 'CLIENT' : 'SERVER')));
        else lines.push(l(2, '*', '', 'TLS negotiation failed with error SocketError'));
        if (!send && name !== null && i % 2 === 0) lines.push(l(3, '<', `EHLO ${name}`));
        lines.push(l(4, '-', '', 'Local'));
      }
      return Buffer.from(lines.join('\r\n') + '\r\n', 'latin1');
    };
    const inputs: Src[] = [
      { name: 'RECV-peers.LOG', stream: () => [make(false)] },
      { name: 'SEND-peers.LOG', stream: () => [make(true)] },
    ];
    const optsList: AnalyzeOptions[] = [{}, { maxPeers: 6 }, { peer: ['192.0.2.3'] }, { peer: ['h1.'] }, { peer: ['banner'] }];
    for (const opts of optsList) {
      const r = await fast(inputs, opts);
      expect(json(r)).toEqual(json(await reference(inputs, opts)));
      expect(r.totals.sessions).toBeGreaterThan(0);
    }
    const all = await fast(inputs);
    // several names per IP, and the quoted connector's peers apart from the others
    expect(all.peers.filter((p) => p.peer === '192.0.2.1').length).toBeGreaterThan(3);
    expect(all.peers.some((p) => p.connector === 'EX01\\Default, Frontend')).toBe(true);
    expect(all.totals.sessions).toBe(1200);
  });

  it('more open sessions than the cap: the oldest are handed over early, as the reference parser does', async () => {
    // 60,000 connects none of which ends (the cap is 50,000 open sessions), then lines of the first and last thousand
    // and of those around the 10,000th: the first 10,000 were evicted (their later lines start a session again), the
    // others are still open
    const n = 60_000;
    const id = (i: number): string => `08DC6A02${i.toString(16).toUpperCase().padStart(8, '0')}`;
    const at = (i: number, ev: string, data: string, ctx = ''): string =>
      `2024-05-02T10:00:00.000Z,EX01\\Default Frontend EX01,${id(i)},0,10.0.0.5:25,198.51.${(i >> 8) & 255}.${i & 255}:${40000 + (i % 20000)},${ev},${data},${ctx}`;
    const lines = ['#Software: Microsoft Exchange Server', '#Log-type: SMTP Receive Protocol Log'];
    for (let i = 0; i < n; i++) lines.push(at(i, '+', ''));
    // (and the hundred around the 10,000th, the last one evicted: the cap is exact)
    const later = [
      ...Array.from({ length: 1000 }, (_, k) => k),
      ...Array.from({ length: 100 }, (_, k) => 9950 + k),
      ...Array.from({ length: 1000 }, (_, k) => n - 1000 + k),
    ];
    for (const i of later) {
      lines.push(at(i, '<', `EHLO h${i % 300}.example`));
      lines.push(at(i, '-', '', 'Local'));
    }
    const buf = Buffer.from(lines.join('\r\n') + '\r\n', 'latin1');
    const s: Src = { name: 'RECV-cap.LOG', stream: () => [buf] };
    const r = await fast([s]);
    expect(json(r)).toEqual(json(await reference([s])));
    // every connect is a session; the later lines of the first 10,000 are sessions of their own (their connect was evicted)
    expect(r.totals.sessions).toBe(n + 1050);
  });
});
