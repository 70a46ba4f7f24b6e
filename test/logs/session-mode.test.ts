// Session mode (the WebAssembly scanner keeps an Exchange file's open sessions): the same JSON text as the reference
// parser on logs it keeps to the end, logs it gives back midway, tables too small for the log, and random line soups.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { sessionModeStats } from '../../src/logs/exchange.js';
import { BATCH_RECORDS, setFastCounting, setFastLimits } from '../../src/logs/linescan.js';
import type { AnalyzeOptions } from '../../src/logs/types.js';
import { generateExchange } from './gen.js';
import { generateMixed, randomChunks } from './gen-mixed.js';
import { fast, json, reference, type Src } from './reference-run.js';

const dir = mkdtempSync(join(tmpdir(), 'mailtls-logs-session-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('session mode (the scanner keeps the sessions): same JSON as the reference parser', () => {
  /** Runs `f` and returns what session mode did meanwhile. */
  const during = async (f: () => Promise<void>): Promise<typeof sessionModeStats> => {
    const before = { ...sessionModeStats };
    await f();
    return {
      files: sessionModeStats.files - before.files,
      sessions: sessionModeStats.sessions - before.sessions,
      promoted: sessionModeStats.promoted - before.promoted,
      left: sessionModeStats.left - before.left,
      counted: sessionModeStats.counted - before.counted,
      lazyPeers: sessionModeStats.lazyPeers - before.lazyPeers,
      claimReads: sessionModeStats.claimReads - before.claimReads,
    };
  };
  const same = async (src: Src, opts: AnalyzeOptions = {}): Promise<void> => {
    expect(json(await fast([src], opts))).toEqual(json(await reference([src], opts)));
  };

  it('logs it keeps to the end: receive and send, interleaved, replies, failures, quoted connectors, hour-long sessions', async () => {
    for (let seed = 31; seed <= 38; seed++) {
      const send = seed % 2 === 0;
      const buf = generateMixed({ seed, sessions: 1500, send, concurrent: 1 + (seed % 7) * 3, peers: 50 + seed * 9, lower: 0, shortTime: 0, garbage: 0 });
      const name = `${send ? 'SEND' : 'RECV'}-session-mode-${seed}.LOG`;
      const f = join(dir, name);
      writeFileSync(f, buf);
      const st = await during(async () => {
        await same(f);
        await same({ name, stream: () => randomChunks(buf, seed) });
      });
      // both runs stayed in session mode to the end; sessions with a reply, a failure or a quoted connector went to the
      // parser, the others were handed over whole
      expect(st.files).toBe(2);
      expect(st.left).toBe(0);
      expect(st.promoted).toBeGreaterThan(100);
      expect(st.sessions).toBeGreaterThan(send ? 300 : 600);
      // many of those were counted in the scanner's peer slots (a peer whose sessions differ in TLS text or outcome
      // takes one key a slot), their peers added lazily
      expect(st.counted).toBeGreaterThan(st.sessions / 3);
      expect(st.lazyPeers).toBeGreaterThan(0);
    }
  });

  it('counting in peer slots changes nothing: the same JSON with it off, over eleven days, and over two files with the same peers', async () => {
    // eleven days of sessions (a ninth day has no place in the per-day counts: its sessions go as records), the same
    // peers every day, so the second file's sessions find the first file's lazy peers
    const days = Array.from({ length: 11 }, (_, d) =>
      Buffer.concat([...generateExchange({ bytes: 60_000, peers: 40, dense: d % 2 === 0, start: Date.UTC(2024, 4, 2 + d, 23, 50), header: d === 0 })]),
    );
    const a = join(dir, 'RECV-days-a.LOG');
    const b = join(dir, 'RECV-days-b.LOG');
    writeFileSync(a, Buffer.concat(days));
    writeFileSync(b, Buffer.concat(days.slice(3, 7)));
    // and a file of other peers after it: the first file's lazy peers keep their texts when the scanner reads it
    const c = join(dir, 'RECV-days-c.LOG');
    writeFileSync(c, Buffer.concat([...generateExchange({ bytes: 400_000, peers: 300, start: Date.UTC(2024, 4, 20) })]));
    for (const files of [[a], [a, b], [a, c]]) {
      for (const opts of [{}, { since: new Date('2024-05-05T00:00:00Z'), until: new Date('2024-05-09T12:00:00Z') }] as AnalyzeOptions[]) {
        let on = '';
        const st = await during(async () => {
          on = json(await fast(files, opts));
        });
        expect(st.counted).toBeGreaterThan(100);
        // sessions whose TLS negotiation failed (every 50th peer) are counted too: only the first session of each TLS
        // text (three successes, one failure) went to the parser, which read the text
        if (files.length === 1) expect(st.promoted).toBeLessThanOrEqual(4);
        setFastCounting(false);
        try {
          expect(on).toEqual(json(await fast(files, opts)));
        } finally {
          setFastCounting(true);
        }
        expect(on).toEqual(json(await reference(files, opts)));
      }
    }
  });

  it('a file it gives back midway: a lower-case session id, a time stamp without milliseconds, a garbage line', async () => {
    const cases = [{ lower: 0.002 }, { shortTime: 0.002 }, { garbage: 0.002 }];
    for (const [i, c] of cases.entries()) {
      const buf = generateMixed({ seed: 40 + i, sessions: 1200, concurrent: 9, peers: 120, lower: 0, shortTime: 0, garbage: 0, ...c });
      const name = `RECV-given-back-${i}.LOG`;
      const f = join(dir, name);
      writeFileSync(f, buf);
      const st = await during(() => same(f));
      expect(st.left).toBe(1);
      expect(st.sessions).toBeGreaterThan(0);
    }
  });

  it('tables too small for the log: a full session pool, interners and TLS table, with filters and a peer cap', async () => {
    try {
      for (let seed = 51; seed <= 56; seed++) {
        // 5 IPs, 3 names, 1 connector, 2 TLS texts: every way session mode hands a session to the parser; a pool of 256
        // open sessions holds (a tenth of the sessions never end), one of 8 runs full and the file goes back
        const held = seed % 2 === 0;
        setFastLimits([held ? 256 : 8, 5, 64, 3, 64, 1, 64, 2, 1024]);
        const buf = generateMixed({ seed, sessions: 600, send: seed === 53, concurrent: held ? 4 : 12, peers: 30, lower: 0, shortTime: 0, garbage: 0 });
        const name = `RECV-small-tables-${seed}.LOG`;
        const f = join(dir, name);
        writeFileSync(f, buf);
        const st = await during(async () => {
          await same(f);
          await same(f, { maxPeers: 7 });
          await same(f, { since: new Date('2024-05-02T08:20:00Z'), until: new Date('2024-05-02T09:00:00Z') });
        });
        expect(st.files).toBe(3);
        if (held) {
          expect(st.left).toBe(0);
          expect(st.promoted).toBeGreaterThan(20);
          expect(st.sessions).toBeGreaterThan(0);
        } else expect(st.left).toBe(3);
      }
    } finally {
      setFastLimits(null);
    }
  });

  it('a peer cap that leaves room for a few hundred claims: the slots are read midway, the rest goes as records', async () => {
    // (claims stop while the aggregate has room for fewer peers than a batch could make, BATCH_RECORDS: a cap 380 above
    // leaves a few hundred; 2,000 peers then make the parser read the slots in the middle of the file and go on without
    // them)
    const f = join(dir, 'RECV-claims-midway.LOG');
    writeFileSync(f, Buffer.concat([...generateExchange({ bytes: 4e6, peers: 2000, dense: true })]));
    const opts: AnalyzeOptions = { maxPeers: BATCH_RECORDS + 380 };
    let on = '';
    const st = await during(async () => {
      on = json(await fast([f], opts));
    });
    expect(st.counted).toBeGreaterThan(0);
    expect(st.lazyPeers).toBeGreaterThan(0);
    expect(st.lazyPeers).toBeLessThan(1000);
    expect(st.claimReads).toBeGreaterThanOrEqual(2);
    setFastCounting(false);
    try {
      expect(on).toEqual(json(await fast([f], opts)));
    } finally {
      setFastCounting(true);
    }
    expect(on).toEqual(json(await reference([f], opts)));
  });

  it('an IP too long to look up in the scanner, first in a session the parser reads, then in counted ones: one peer', async () => {
    // (an invented log: a 5,000-byte "address", first with a TLS failure (the parser's session, the parser's peer),
    // then in usual sessions the scanner counts: that IP cannot be looked up, so every claim is looked up by its key)
    const long = `198.51.100.${'7'.repeat(5000)}`;
    const lines = ['#Software: Microsoft Exchange Server', '#Log-type: SMTP Receive Protocol Log'];
    const tls =
      '"TLS protocol SP_PROT_TLS1_2_SERVER negotiation succeeded using bulk encryption algorithm CALG_AES_256 with strength 256 bits, MAC hash algorithm CALG_SHA_384 with strength 0 bits and key exchange algorithm CALG_ECDH_EPHEM with strength 384 bits"';
    for (let i = 0; i < 6; i++) {
      const id = `08DC6A000000000${i.toString(16).toUpperCase()}`;
      const at = `2024-05-02T08:0${i}:00.000Z,EX01\\Default Frontend EX01,${id},`;
      const ep = `,10.0.0.5:25,${i % 3 === 2 ? '203.0.113.9' : long}:4${i}000,`;
      lines.push(
        `${at}0${ep}+,,`,
        `${at}1${ep}<,EHLO mx.example.net,`,
        `${at}2${ep}*,,${i === 0 ? 'TLS negotiation failed with error SocketError' : tls}`,
        `${at}3${ep}-,,Local`,
      );
    }
    const f = join(dir, 'RECV-long-ip.LOG');
    writeFileSync(f, `${lines.join('\r\n')}\r\n`);
    const st = await during(() => same(f));
    expect(st.counted).toBeGreaterThan(0);
    // (the report shortens the address; it is the only one that starts so)
    const r = await fast([f]);
    const mine = r.peers.filter((p) => p.peer.startsWith('198.51.100.777'));
    expect(mine).toHaveLength(1);
    expect(mine[0]?.sessions).toBe(4);
    expect(mine[0]?.failures).toBe(1);
  });

  it('a stream that hands over one 6 MB chunk goes through the copy area in pieces of whole lines', async () => {
    const bufs = [...generateExchange({ bytes: 8e6, peers: 700, chunk: 1 << 20 })];
    const all = Buffer.concat(bufs);
    const st = await during(() => same({ name: 'RECV-one-chunk.LOG', stream: () => [all.subarray(0, 6e6), all.subarray(6e6)] }));
    expect(st.files).toBe(1);
    expect(st.left).toBe(0);
    expect(st.sessions).toBeGreaterThan(1000);
  });
});

describe('session mode on real files', () => {
  it('every log fixture (the real corpus and the format fixtures, read together) gives the same JSON with and without it', async () => {
    // (directories: analyzeLogs() reads them recursively, sorted)
    const files = ['test/fixtures/real/logs', 'test/fixtures/logs'];
    const before = sessionModeStats.files;
    const on = json(await fast(files, { year: 2024 }));
    // (the Exchange receive and send logs with a header: session mode ran on them)
    expect(sessionModeStats.files - before).toBeGreaterThanOrEqual(4);
    setFastLimits([0, 1, 1, 1, 1, 1, 1, 1, 1]);
    try {
      expect(on).toEqual(json(await fast(files, { year: 2024 })));
    } finally {
      setFastLimits(null);
    }
  });
});

describe('session mode: random line soups against the reference parser', () => {
  /** Exchange rows of a few sessions that share ids, IPs and names, with every kind of line session mode tells apart. */
  const row = fc
    .record({
      kind: fc.constantFrom('+', '+', '-', 'ehlo', 'ehlo', 'tls', 'tls', 'tlsq', 'fail', 'failconn', 'reply', 'banner', 'star', 'other', 'raw'),
      sid: fc.nat(11),
      lower: fc.nat(60),
      ip: fc.nat(9),
      name: fc.nat(5),
      conn: fc.nat(3),
      sec: fc.nat(120),
      jump: fc.nat(200),
      proto: fc.constantFrom('SP_PROT_TLS1_2_SERVER', 'SP_PROT_TLS1_0_SERVER', 'SP_PROT_TLS1_2_CLIENT', '4096', '999', 'SP_PROT_TLS1_1_SERVER'),
      suite: fc.constantFrom('CALG_AES_256', 'CALG_AES_128', 'CALG_3DES'),
      cut: fc.nat(40),
      raw: fc.constantFrom('#Log-type: SMTP Send Protocol Log', '#Fields: date-time,connector-id', 'garbage', '', ',,,,,,,,'),
    })
    .map((r) => r);
  type Row = typeof row extends fc.Arbitrary<infer T> ? T : never;

  /** Banners as servers write them, and the shapes bannerName() has to get right. */
  const BANNERS = [
    '220 NAME Microsoft ESMTP MAIL Service ready',
    '"220 NAME ESMTP, ready"',
    '220 2.0.0 SMTP server ready',
    '"220 2.0.0 Ready to start TLS"',
    '220 NAME,',
    '220 NAME",',
    '220  NAME double space',
    '220',
    '220 ',
    `220 ${'x'.repeat(300)}.example ESMTP`,
    '220 NAME',
    '"220 NAME"',
  ];

  const text = (rows: Row[], send: boolean): Buffer => {
    let t = Date.UTC(2024, 4, 2, 8);
    const out = [
      '#Software: Microsoft Exchange Server',
      `#Log-type: SMTP ${send ? 'Send' : 'Receive'} Protocol Log`,
      '#Fields: date-time,connector-id,session-id,sequence-number,local-endpoint,remote-endpoint,event,data,context',
    ];
    for (const r of rows) {
      // (now and then more than the hour after which open sessions are closed)
      t += r.sec * 1000 + (r.jump === 0 ? 3_700_000 : 0);
      if (r.kind === 'raw') {
        out.push(r.raw);
        continue;
      }
      const hex = `08DC6A00000000${(0xa0 + r.sid).toString(16).toUpperCase()}`;
      const sid = r.lower === 0 ? hex.toLowerCase() : hex;
      const ip = r.ip === 9 ? `[2001:db8::${r.ip}]` : `192.0.2.${r.ip}`;
      const conn = ['EX01\\Default Frontend EX01', 'EX01\\Client Frontend EX01', '"EX01\\Relay, internal"', 'Outbound to Office 365'][r.conn];
      const ctx = `"TLS protocol ${r.proto} negotiation succeeded using bulk encryption algorithm ${r.suite} with strength 256 bits, MAC hash algorithm CALG_SHA_384 with strength 0 bits and key exchange algorithm CALG_ECDH_EPHEM with strength 384 bits"`;
      const [ev, data, c] = (
        {
          '+': ['+', '', ''],
          '-': ['-', '', 'Local'],
          ehlo: ['<', `EHLO host${r.name}.example.net`, ''],
          tls: ['*', '', ctx],
          tlsq: ['*', '', ctx.slice(1, -1).replace(' using', ',using')],
          fail: ['*', '', 'TLS negotiation failed with error SocketError'],
          failconn: ['*', '', 'Failed to connect. Winsock error code: 10061'],
          reply: [send ? '<' : '>', '421 4.4.2 Connection dropped due to SocketError', ''],
          banner: ['<', BANNERS[r.cut % BANNERS.length]?.replace('NAME', `mx${r.name}.example.net`) ?? '', ''],
          star: ['*', '', "TlsDomainCapabilities='None'; Status='NoRemoteCertificate'"],
          other: ['>', '250 2.1.0 Sender OK', ''],
        } as Record<string, [string, string, string]>
      )[r.kind] as [string, string, string];
      const line = `${new Date(t).toISOString()},${conn},${sid},0,10.0.0.5:25,${ip}:${40000 + r.sid},${ev},${data},${c}`;
      out.push(r.cut === 0 ? line.slice(0, 60) : line);
    }
    return Buffer.from(`${out.join('\r\n')}\r\n`, 'latin1');
  };

  /** Options that change which sessions count and where: none, a peer cap, --peer, a time window. */
  const OPTIONS: AnalyzeOptions[] = [
    {},
    {},
    { maxPeers: 3 },
    { peer: ['192.0.2.1', 'host2'] },
    { since: new Date('2024-05-02T08:30:00Z'), until: new Date('2024-05-02T12:00:00Z') },
  ];

  /** analyzeLogs() with session mode off (a pool of 0 sessions). */
  const without = async (src: Src, opts: AnalyzeOptions): Promise<string> => {
    setFastLimits([0, 1, 1, 1, 1, 1, 1, 1, 1]);
    try {
      return json(await fast([src], opts));
    } finally {
      setFastLimits(null);
    }
  };

  it('the same JSON as without session mode (and as the reference parser where it knows the lines), whole and in random chunks, with default and tiny tables', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(row, { minLength: 1, maxLength: 160 }),
        fc.boolean(),
        fc.nat(3),
        fc.constantFrom(...OPTIONS),
        async (rows, send, tiny, opts) => {
          const buf = text(rows, send);
          const name = `${send ? 'SEND' : 'RECV'}-soup.LOG`;
          const src: Src = { name, stream: () => [buf] };
          const want = await without(src, opts);
          // (the reference parser predates "Failed to connect" rows: it is the oracle for the other lines)
          if (!rows.some((r) => r.kind === 'failconn')) expect(want).toEqual(json(await reference([src], opts)));
          if (tiny === 0) setFastLimits([6, 3, 64, 2, 64, 1, 64, 2, 1024]);
          try {
            expect(json(await fast([src], opts))).toEqual(want);
            expect(json(await fast([{ name, stream: () => randomChunks(buf, rows.length, 4096) }], opts))).toEqual(want);
            // and session mode without counting in peer slots (every usual session a record)
            setFastCounting(false);
            expect(json(await fast([src], opts))).toEqual(want);
          } finally {
            setFastCounting(true);
            if (tiny === 0) setFastLimits(null);
          }
        },
      ),
      { numRuns: Math.max(150, Math.round(Number(process.env.FUZZ_RUNS ?? 0) / 10)) },
    );
  });
});
