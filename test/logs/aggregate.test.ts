// The per-peer aggregate (struct of arrays, found by IP) keeps the peer identity rules it had as a map keyed by the whole
// peer key: a name with "(other)" in it, an IP with more than eight names, the "(other)" bucket beyond the cap, and a
// merge of worker data gives what one aggregate gives; peers added lazily (keys made when asked for) are the same peers.
import { describe, expect, it } from 'vitest';
import { Aggregate, LAZY_FAILED, LAZY_NONE, type LazyKey, type LazyRows, ROW, rankedKind, type SessionRecord, versionIndex } from '../../src/logs/aggregate.js';
import { rec } from './records.js';
import { buildReport } from '../../src/logs/report.js';

const report = (a: Aggregate) => buildReport(a, 'en', { since: undefined, until: undefined });

describe('Aggregate peer identity', () => {
  it('a name with "(other)" in it is dropped from the peer, whose later sessions by either name still join it', () => {
    const a = new Aggregate();
    a.add(rec('192.0.2.1', 'x(other)'));
    a.add(rec('192.0.2.1', 'x(other)'));
    a.add(rec('192.0.2.1', ''));
    const r = report(a);
    expect(r.peers).toHaveLength(1);
    expect(r.peers[0]).toMatchObject({ peer: '192.0.2.1', name: '', sessions: 3 });
  });

  it('one IP with 20 names: 20 peers, each with its own sessions', () => {
    const a = new Aggregate();
    for (let round = 0; round < 3; round++) for (let i = 0; i < 20; i++) a.add(rec('192.0.2.9', `n${i}`, { version: i % 2 ? 'TLSv1.0' : 'TLSv1.2' }));
    const r = report(a);
    expect(r.peers).toHaveLength(20);
    expect(r.peers.every((p) => p.sessions === 3)).toBe(true);
    expect(r.totals.versions).toEqual({ 'TLSv1.0': 30, 'TLSv1.2': 30 });
  });

  it('beyond maxPeers, new peers go to "(other)" per direction/connector/format and are counted as overflow', () => {
    const a = new Aggregate({ maxPeers: 2 });
    for (const ip of ['192.0.2.1', '192.0.2.2', '192.0.2.3', '192.0.2.4', '192.0.2.3']) a.add(rec(ip, 'n'));
    expect(a.overflow).toBe(3);
    const r = report(a);
    expect(r.peers.map((p) => [p.peer, p.sessions])).toEqual([
      ['(other)', 3],
      ['192.0.2.1', 1],
      ['192.0.2.2', 1],
    ]);
  });

  it('several suites, signatures and errors per peer, and a merge of two halves equals one aggregate', () => {
    const recs = [
      rec('192.0.2.1', 'a', { suite: 'AES' }),
      rec('192.0.2.1', 'a', { suite: 'CHACHA' }),
      rec('192.0.2.1', 'a', { suite: 'AES' }),
      rec('192.0.2.1', 'a', { version: null, suite: '', sigs: ['sig.ssl-accept-error'], errors: ['e1'] }),
      rec('192.0.2.2', 'b', { ts: NaN, version: 'unknown', suite: '' }),
      rec('192.0.2.2', 'b', { ts: Date.UTC(2024, 4, 3), version: 'TLSv1.1', session: false, sigs: ['sig.unsupported-protocol'] }),
    ];
    const one = new Aggregate();
    for (const r of recs) one.add(r);
    const left = new Aggregate();
    const right = new Aggregate();
    recs.forEach((r, i) => (i % 2 ? right : left).add(r));
    const merged = new Aggregate();
    merged.merge(
      JSON.parse(
        JSON.stringify(left.toData(), (_k, v) => (v === Infinity ? 'Inf' : v === -Infinity ? '-Inf' : v)),
        (_k, v) => (v === 'Inf' ? Infinity : v === '-Inf' ? -Infinity : v),
      ),
    );
    merged.merge(right.toData());
    expect(JSON.stringify(report(merged))).toBe(JSON.stringify(report(one)));
    const p = report(one).peers.find((x) => x.peer === '192.0.2.1');
    expect(p).toMatchObject({
      sessions: 4,
      tlsSessions: 3,
      failures: 1,
      suites: { AES: 2, CHACHA: 1 },
      signatures: { 'sig.ssl-accept-error': 1 },
      errors: { e1: 1 },
    });
  });
});

describe('Aggregate.addLazy(): peers whose keys are made only when asked for', () => {
  /** Peer i's row as ROW lays it out: m sessions between first and last, on version index v (-1: none), with a suite or not. */
  const writeRow = (rows: Float64Array, i: number, m: number, first: number, last: number, v: number, suite: boolean): void => {
    const o = i * ROW.stride;
    rows.fill(0, o, o + ROW.stride);
    rows[o + ROW.sess] = m;
    if (v >= 0) {
      rows[o + ROW.tls] = m;
      rows[o + ROW.vc + v] = m;
    } else rows[o + ROW.noTls] = m;
    rows[o + ROW.first] = first;
    rows[o + ROW.last] = last;
    for (let k = 0; k < ROW.versions; k++) rows[o + ROW.vl + k] = k === v ? last : Number.NEGATIVE_INFINITY;
    if (suite && v >= 0) rows[o + ROW.suite] = m;
  };
  /** The sessions of `recs` (whole, one version and suite a peer) as addLazy() takes them. */
  const lazyOf = (groups: SessionRecord[][]): { keys: LazyKey[]; s: LazyRows } => {
    const suites = [''];
    const cls = Int32Array.from(groups, (g) => (g[0]?.suite && g[0].version ? suites.push(g[0].suite) - 1 : 0));
    const fill = (rows: Float64Array): void =>
      groups.forEach((g, i) => {
        const v = g[0]?.version;
        const ts = g.map((r) => r.ts);
        writeRow(rows, i, g.length, Math.min(...ts), Math.max(...ts), v && v !== 'unknown' ? versionIndex(v) : -1, Boolean(g[0]?.suite));
      });
    return {
      keys: groups.map((g) => [g[0]?.ip ?? '', g[0]?.name ?? '', g[0]?.connector ?? '', g[0]?.direction ?? 'inbound', g[0]?.format ?? 'postfix']),
      s: { fill, cls, suites, fails: suites.map(() => null) },
    };
  };
  const t = (h: number) => Date.UTC(2024, 4, 2, h);
  // (three peers: one plain, one TLS 1.0 over two days, one whose name has "(other)" in it)
  const groups: SessionRecord[][] = [
    [rec('192.0.2.1', 'a', { version: null, suite: '', ts: t(1) }), rec('192.0.2.1', 'a', { version: null, suite: '', ts: t(3) })],
    [rec('192.0.2.2', 'b', { version: 'TLSv1.0', suite: 'RC4', ts: t(2) }), rec('192.0.2.2', 'b', { version: 'TLSv1.0', suite: 'RC4', ts: t(30) })],
    [rec('192.0.2.3', 'x(other)', { ts: t(5) })],
  ];
  const later = [rec('192.0.2.2', 'b', { version: 'TLSv1.2', ts: t(40) }), rec('192.0.2.3', 'x(other)', { ts: t(41) }), rec('192.0.2.4', 'd')];

  it('report, look-ups after them, toData() and merge() as for the same sessions added one by one', () => {
    const eager = new Aggregate();
    for (const g of groups) for (const r of g) eager.add(r);
    for (const r of later) eager.add(r);
    const lazy = new Aggregate();
    const { keys, s } = lazyOf(groups);
    let made = 0;
    const first = lazy.addLazy(keys.length, (i) => (made++, keys[i] as LazyKey), s);
    expect(first).toBe(0);
    expect(made).toBe(0);
    // (the per-day series is the caller's: added as the parser adds it)
    for (const g of groups) for (const r of g) lazy.addSeries(r.ts, r.version ?? 'none', 1);
    expect(lazy.peerIp(1)).toBe('192.0.2.2');
    // a look-up puts every lazy peer in the index first: the later sessions join them
    for (const r of later) lazy.add(r);
    expect(made).toBeGreaterThanOrEqual(3);
    expect(lazy.peerCount).toBe(4);
    expect(JSON.stringify(report(lazy))).toBe(JSON.stringify(report(eager)));
    const merged = new Aggregate();
    merged.merge(lazy.toData());
    expect(JSON.stringify(report(merged))).toBe(JSON.stringify(report(eager)));
    expect(report(lazy).peers.find((p) => p.peer === '192.0.2.3')).toMatchObject({ name: '', sessions: 2 });
  });

  it('a report alone makes the keys of the peers it shows and of ties only', () => {
    const a = new Aggregate();
    const n = 2000;
    const made = new Set<number>();
    // every 100th peer on TLS 1.0 (a finding each), with more sessions than the others: no ties with them
    const s: LazyRows = {
      fill: (rows) => {
        for (let i = 0; i < n; i++) writeRow(rows, i, i % 100 === 0 ? 5 : 1, t(1), t(1), i % 100 === 0 ? 1 : 3, false);
      },
      cls: new Int32Array(n),
      suites: [''],
      fails: [null],
    };
    a.addLazy(n, (i) => (made.add(i), [`198.51.100.${i}`, `h${i}`, 'c', 'inbound', 'postfix']), s);
    // (as analyzeLogs() builds it: the peers list made when first read)
    const r = buildReport(a, 'en', { since: undefined, until: undefined }, true);
    expect(r.totals).toMatchObject({ sessions: n + 20 * 4, tlsSessions: n + 80, versions: { 'TLSv1.0': 100, 'TLSv1.2': 1980 } });
    // the 20 TLS 1.0 peers have a finding each, with their names
    const tls10 = r.findings.filter((f) => f.id === 'logs.tls10-peer');
    expect(tls10).toHaveLength(20);
    expect(tls10[0]?.message).toContain('h0 [198.51.100.0]');
    expect(made.size).toBeLessThan(100);
    expect(r.peers).toHaveLength(n);
    expect(made.size).toBe(n);
  });

  it("a producer's summary of its rows gives the report the rows give, and is dropped once one of those rows changes", () => {
    // 300 peers in three classes: TLS 1.2 (healthy), TLS 1.0 with a suite, failed; one session each, the TLS 1.0 ones two
    const n = 300;
    const kinds = Int8Array.of(versionIndex('TLSv1.2'), versionIndex('TLSv1.0'), LAZY_FAILED, LAZY_NONE);
    const cls = Int32Array.from({ length: n }, (_, i) => i % 3);
    const m = (i: number): number => (cls[i] === 1 ? 2 : 1);
    const fill = (rows: Float64Array): void => {
      for (let i = 0; i < n; i++) {
        const o = i * ROW.stride;
        const k = kinds[cls[i] as number] as number;
        rows.fill(0, o, o + ROW.stride);
        rows[o + ROW.sess] = m(i);
        if (k >= 0) {
          rows[o + ROW.tls] = m(i);
          rows[o + ROW.vc + k] = m(i);
        } else if (k === LAZY_FAILED) rows[o + ROW.fail] = m(i);
        else rows[o + ROW.noTls] = m(i);
        rows[o + ROW.first] = t(1);
        rows[o + ROW.last] = t(2);
        for (let v = 0; v < ROW.versions; v++) rows[o + ROW.vl + v] = v === k ? t(2) : Number.NEGATIVE_INFINITY;
        if (cls[i] === 1) rows[o + ROW.suite] = m(i);
      }
    };
    const fails = [null, null, { sigs: ['sig.ssl-accept-error'], errors: ['e1'] }, null];
    const sessions = Float64Array.of(100, 200, 100, 0);
    const listed = Int32Array.from({ length: n }, (_, i) => i).filter((i) => rankedKind(kinds[cls[i] as number] as number));
    const key = (i: number): LazyKey => [`198.51.${100 + Math.floor(i / 250)}.${i % 250}`, `h${i}`, 'c', 'inbound', 'postfix'];
    const plain = new Aggregate();
    plain.addLazy(n, key, { fill, cls, suites: ['', 'RC4', '', ''], fails });
    const summed = new Aggregate();
    let asked = 0;
    summed.addLazy(n, key, { fill, cls, suites: ['', 'RC4', '', ''], fails, summary: () => (asked++, { kinds, sessions, listed }) });
    expect(asked).toBe(1);
    const text = (a: Aggregate): string => JSON.stringify(buildReport(a, 'en', { since: undefined, until: undefined }, true));
    expect(text(summed)).toBe(text(plain));
    expect(summed.totals()).toMatchObject({ sessions: 400, failures: 100, versions: { 'TLSv1.0': 200, 'TLSv1.2': 100 } });
    // sums that are not what the rows hold show (the report reads the producer's word while it holds) ...
    const wrong = new Aggregate();
    wrong.addLazy(n, key, {
      fill,
      cls,
      suites: ['', 'RC4', '', ''],
      fails,
      summary: () => ({ kinds, sessions: Float64Array.of(1, 0, 0, 0), listed }),
    });
    expect(wrong.totals().sessions).toBe(1);
    // ... until a row of its range changes: then the rows are read again
    wrong.addSessions(7, 1, t(3), t(3), 'TLSv1.2', '');
    plain.addSessions(7, 1, t(3), t(3), 'TLSv1.2', '');
    expect(text(wrong)).toBe(text(plain));
    expect(wrong.totals().sessions).toBe(401);
  });
});
