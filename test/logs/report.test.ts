// The report step reads the aggregate's numbers (the order from typed arrays by peer id, the first 50 peers of each
// finding id picked without sorting them all, peers built only when read): its report equals, byte for byte, the one
// built the old way (every peer an object, one sort of them, a walk over all of them: test/logs/report-reference.ts),
// on aggregates made to stress it: hostile strings (NUL, control and non-ASCII characters, prefixes of each other, over
// the caps), many peers with equal numbers, more than 50 peers per finding, counts beyond 2^32 and 2^53.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Aggregate, peerColumns, type PeerAcc, type SessionRecord } from '../../src/logs/aggregate.js';
import { rec } from './records.js';
import { renderCsv, renderTable } from '../../src/logs/render.js';
import { buildReport, peerCount } from '../../src/logs/report.js';
import { SIGNATURES } from '../../src/logs/signatures.js';
import type { Direction, LogFormat } from '../../src/logs/types.js';
import { TLS_VERSIONS } from '../../src/policy/exchange-online.js';
import { referenceBuildReport, referenceRenderTable } from './report-reference.js';

const W = { since: undefined, until: undefined };
const TRICKY = [
  '192.0.2.1',
  '192.0.2.10',
  '192.0.2.1\u0000',
  '192.0.2.1\u0000\u0000',
  '1.2',
  '1.2\u0000',
  '',
  '(other)',
  'x(other)y',
  '\u00ff\u00ff\u00ff\u00ff\u00ff\u00ff\u00ff1',
  '\u00ff\u00ff\u00ff\u00ff\u00ff\u00ff\u00ff0',
  '\u0100\u0101',
  '\u0100\u0100',
  '\u01ff',
  '\u{1F600}mail',
  '\ud83dlone',
  'caf\u00e9.example',
  'evil\u001b[31m',
  'tab\there',
  'a'.repeat(310),
  `${'a'.repeat(299)}b`,
  '__proto__',
  'constructor',
];
const text = fc.oneof(fc.constantFrom(...TRICKY), fc.string({ maxLength: 12 }), fc.string({ unit: 'binary', maxLength: 8 }));
/** Many distinct plain IPs (peers with equal numbers, more than 50 per finding) and the tricky strings. */
const ip = fc.oneof({ weight: 3, arbitrary: fc.nat(400).map((n) => `198.51.${n >> 8}.${n & 255}`) }, { weight: 1, arbitrary: text });
const direction = fc.constantFrom<Direction>('inbound', 'outbound');
const format = fc.constantFrom<LogFormat>('postfix', 'exchange-receive', 'exim');
const connector = fc.oneof(fc.constantFrom('', 'EX01\\Default Frontend EX01', 'postfix/smtpd', 'postfix/smtp'), text);
const version = fc.constantFrom(null, 'unknown', ...TLS_VERSIONS);
const sigIds = SIGNATURES.map((s) => s.id);
const times = fc.oneof(
  fc.integer({ min: Date.UTC(2024, 0, 1), max: Date.UTC(2024, 0, 9) }),
  fc.constantFrom(Number.NaN, -86_400_001.5, Date.UTC(1969, 11, 31, 23, 59, 59, 999), Date.UTC(2024, 4, 2, 10, 0, 0, 7), 253402300800000 + 5),
);
const record: fc.Arbitrary<SessionRecord> = fc.record({
  ts: times,
  ip,
  name: fc.oneof(fc.constant(''), fc.constantFrom('mx.example', 'mail.example'), text),
  direction,
  connector,
  format,
  version,
  suite: fc.oneof(fc.constantFrom('', 'AES', 'CHACHA'), text),
  sigs: fc.oneof({ weight: 4, arbitrary: fc.constant<string[]>([]) }, { weight: 1, arbitrary: fc.subarray(sigIds, { maxLength: 2 }) }),
  errors: fc.oneof({ weight: 4, arbitrary: fc.constant<string[]>([]) }, { weight: 1, arbitrary: fc.array(text, { maxLength: 2 }) }),
  session: fc.boolean(),
});
/** Worker data with counts beyond 2^32 (failures are ranked up to 2^32 - 1) and beyond 2^53. */
const big = fc.constantFrom(0, 1, 2, 7, 2 ** 26, 2 ** 30 + 3, 2 ** 33, 2 ** 53 + 2);
const acc: fc.Arbitrary<PeerAcc> = fc.record({
  peer: ip,
  name: fc.oneof(fc.constant(''), text),
  direction,
  connector,
  format,
  sessions: big,
  tlsSessions: big,
  noTls: big,
  unknownVersion: big,
  suites: fc.dictionary(fc.oneof(fc.constantFrom('AES', 'CHACHA'), text), fc.nat(5), { maxKeys: 2 }),
  failures: big,
  signatures: fc.dictionary(fc.constantFrom(...sigIds), fc.nat({ max: 3 }), { maxKeys: 2 }),
  errors: fc.dictionary(text, fc.nat({ max: 3 }), { maxKeys: 2 }),
  first: fc.oneof(times, fc.constant(Infinity)),
  last: fc.oneof(times, fc.constant(-Infinity)),
  vc: fc.array(big, { minLength: 5, maxLength: 5 }),
  vl: fc.array(fc.oneof(times, fc.constant(-Infinity)), { minLength: 5, maxLength: 5 }),
});

function aggregate(recs: SessionRecord[], accs: PeerAcc[] = []): Aggregate {
  const a = new Aggregate();
  for (const r of recs) a.add(r);
  if (accs.length) {
    const b = new Aggregate();
    b.merge({ ...new Aggregate().toData(), peers: peerColumns(accs) });
    a.merge(b.toData());
  }
  return a;
}

/** Every way the fast report is read equals the reference report. */
function same(a: Aggregate, lang: 'en' | 'nl', top: number): void {
  const want = referenceBuildReport(a, lang, W);
  const json = JSON.stringify(want);
  expect(JSON.stringify(buildReport(a, lang, W))).toBe(json);
  // built when read: JSON, a spread, structuredClone, the human table (only the first rows) and the CSV
  expect(JSON.stringify(buildReport(a, lang, W, true))).toBe(json);
  expect(JSON.stringify({ ...buildReport(a, lang, W, true) })).toBe(json);
  expect(JSON.stringify(structuredClone(buildReport(a, lang, W, true)))).toBe(json);
  const lazy = buildReport(a, lang, W, true);
  expect(peerCount(lazy)).toBe(want.peers.length);
  expect(renderTable(lazy, lang, top)).toBe(referenceRenderTable(want, lang, top));
  expect(renderCsv(lazy)).toBe(renderCsv(want));
  expect(peerCount(lazy)).toBe(lazy.peers.length);
  expect(JSON.stringify(lazy)).toBe(json);
}

describe('the report step equals the reference report', () => {
  it('on sessions with hostile strings, equal numbers and many peers per finding', () => {
    fc.assert(
      fc.property(fc.array(record, { maxLength: 600 }), fc.constantFrom<'en' | 'nl'>('en', 'nl'), fc.constantFrom(1, 3, 50, 10_000), (recs, lang, top) =>
        same(aggregate(recs), lang, top),
      ),
      { numRuns: 120 },
    );
  });

  it('on merged worker data with counts beyond 2^32 and 2^53', () => {
    fc.assert(
      fc.property(fc.array(record, { maxLength: 200 }), fc.array(acc, { maxLength: 80 }), fc.constantFrom(1, 50), (recs, accs, top) =>
        same(aggregate(recs, accs), 'en', top),
      ),
      { numRuns: 120 },
    );
  });

  it('peers with equal numbers in the order of their IPs, whatever code units the IPs have (NUL, 0xff, above 0xff, surrogates)', () => {
    const units = ['\u0000', '\u0001', '.', '1', '9', 'a', '\u00fe', '\u00ff', '\u0100', '\u01ff', '\u0200', '\ud83d', '\ude00', '\uffff'];
    const ipOf = fc.array(fc.constantFrom(...units), { maxLength: 16 }).map((a) => a.join(''));
    const peer = fc.record({
      ip: fc.oneof(
        ipOf,
        ipOf.map((s) => `198.51.100.${s}`),
      ),
      name: fc.constantFrom('', 'a', 'b'),
      out: fc.boolean(),
    });
    fc.assert(
      fc.property(fc.array(peer, { minLength: 20, maxLength: 400, size: 'max' }), (peers) => {
        const a = aggregate(peers.map(({ ip, name, out }) => rec(ip, name, { direction: out ? 'outbound' : 'inbound' })));
        expect(buildReport(a, 'en', W).peers.map((p) => [p.peer, p.name, p.direction])).toEqual(
          referenceBuildReport(a, 'en', W).peers.map((p) => [p.peer, p.name, p.direction]),
        );
      }),
      { numRuns: 200 },
    );
  });

  it('with more than 50 peers for every finding id, the first 50 of each in order and the rest summarised', () => {
    const recs: SessionRecord[] = [];
    const base = { ts: Date.UTC(2024, 4, 2, 10), name: '', direction: 'inbound' as const, connector: 'c', format: 'postfix' as const, suite: 'AES' };
    for (let i = 0; i < 130; i++) {
      const ip = `203.0.113.${(i * 37) % 256}`;
      const one = { ...base, ip, errors: [], sigs: [], session: true };
      for (let j = 0; j <= i % 4; j++)
        recs.push({ ...one, version: (['SSLv3', 'TLSv1.0', 'TLSv1.1', null] as const)[(i + j) % 4] as SessionRecord['version'] });
      if (i % 3 === 0) recs.push({ ...one, version: null, errors: ['SocketError'], session: false });
      recs.push({ ...one, version: 'TLSv1.2' });
    }
    const a = aggregate(recs);
    const r = buildReport(a, 'en', W, true);
    const more = r.findings.filter((f) => f.id === 'logs.more-peers');
    expect(more.length).toBeGreaterThanOrEqual(4);
    same(a, 'en', 50);
  });

  it('an empty aggregate, and a report whose peers are replaced before they are read', () => {
    same(new Aggregate(), 'en', 50);
    const r = buildReport(aggregate([]), 'en', W, true);
    r.peers = [];
    expect(peerCount(r)).toBe(0);
    expect(JSON.parse(JSON.stringify(r)).peers).toEqual([]);
  });
});
