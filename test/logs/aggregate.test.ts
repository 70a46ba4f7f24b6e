// The per-peer aggregate (struct of arrays, found by IP) keeps the peer identity rules it had as a map keyed by the whole
// peer key: a name with "(other)" in it, an IP with more than eight names, the "(other)" bucket beyond the cap, and a
// merge of worker data gives what one aggregate gives.
import { describe, expect, it } from 'vitest';
import { Aggregate } from '../../src/logs/aggregate.js';
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
