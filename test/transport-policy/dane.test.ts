// DANE: TLSA matching (usage 2/3 × selector 0/1 × matching type 0/1/2) on the test certificates, and TLSA/AD lookups
// against the loopback DNS responder (with and without the AD bit, TCP after truncation, failures).
import { readFileSync } from 'node:fs';
import { X509Certificate } from 'node:crypto';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { isUsable, judgeDane, lookupTlsa, matchRecord, type TlsaLookup } from '../../src/probe/transport-policy/dane.js';
import { query } from '../../src/probe/transport-policy/query.js';
import { startDns, type TestDns } from '../harness/dns.js';
import { tlsaData } from './helpers.js';

const certs = inject('certs');
const der = (pem: string): Buffer => Buffer.from(new X509Certificate(pem).raw);
const leafChain = [der(certs.leaf.certPem), der(certs.ca.certPem)];
const MX = 'mx1.example.test';

describe('TLSA matching against a served chain', () => {
  for (const selector of [0, 1] as const) {
    for (const matchingType of [0, 1, 2] as const) {
      it(`3 ${selector} ${matchingType} matches the leaf, not another certificate`, async () => {
        const rec = { usage: 3, selector, matchingType, data: await tlsaData(certs.leaf, selector, matchingType) };
        expect(matchRecord(rec, leafChain, MX)).toEqual({ matches: true, depth: 0 });
        expect(matchRecord(rec, [der(certs.ecdsa.certPem), der(certs.ca.certPem)], MX).matches).toBe(false);
      });
      it(`2 ${selector} ${matchingType} matches the CA the leaf chains to`, async () => {
        const rec = { usage: 2, selector, matchingType, data: await tlsaData(certs.ca, selector, matchingType) };
        expect(matchRecord(rec, leafChain, MX)).toEqual({ matches: true, depth: 1 });
      });
    }
  }
  it('DANE-EE ignores name and dates (RFC 7672 §3.1.1): an expired leaf or another host name still matches', async () => {
    const rec = { usage: 3, selector: 1 as const, matchingType: 1 as const, data: await tlsaData(certs.expired, 1, 1) };
    expect(matchRecord(rec, [der(certs.expired.certPem)], MX).matches).toBe(true);
    expect(matchRecord(rec, [der(certs.expired.certPem)], 'other.example.test').matches).toBe(true);
  });
  it('DANE-TA needs the leaf name to match the MX host and the leaf to chain to the anchor', async () => {
    const rec = { usage: 2, selector: 1, matchingType: 1, data: await tlsaData(certs.ca, 1, 1) };
    expect(matchRecord(rec, leafChain, 'mx2.example.test').matches).toBe(false);
    // The CA's data on the leaf itself (depth 0) is not a trust-anchor match.
    expect(matchRecord(rec, [der(certs.ca.certPem)], MX).matches).toBe(false);
    // A self-signed leaf followed by the CA does not chain to it.
    expect(matchRecord(rec, [der(certs.selfSignedOther.certPem), der(certs.ca.certPem)], 'other.invalid').matches).toBe(false);
  });
  it('usages 0/1 and unknown selectors or matching types are unusable and never match', async () => {
    const data = await tlsaData(certs.leaf, 1, 1);
    for (const r of [
      { usage: 0, selector: 1, matchingType: 1, data },
      { usage: 1, selector: 1, matchingType: 1, data },
      { usage: 3, selector: 2, matchingType: 1, data },
      { usage: 3, selector: 1, matchingType: 3, data },
    ]) {
      expect(isUsable(r)).toBe(false);
      expect(matchRecord(r, leafChain, MX).matches).toBe(false);
    }
  });
  it('judgeDane: enforced only with TLSA and MX both authenticated; statuses', async () => {
    const good = { usage: 3, selector: 1, matchingType: 1, data: await tlsaData(certs.leaf, 1, 1) };
    const look = (records: TlsaLookup['records'], authenticated = true): TlsaLookup => ({
      name: `_25._tcp.${MX}`,
      status: records.length ? 'found' : 'none',
      authenticated,
      records,
      error: null,
    });
    expect(judgeDane(MX, look([good]), leafChain, true)).toMatchObject({ status: 'valid', enforced: true });
    expect(judgeDane(MX, look([good]), leafChain, false)).toMatchObject({ status: 'valid', enforced: false });
    expect(judgeDane(MX, look([good], false), leafChain, true)).toMatchObject({ status: 'valid', enforced: false });
    expect(judgeDane(MX, look([{ ...good, data: '00'.repeat(32) }]), leafChain, true)).toMatchObject({ status: 'mismatch', enforced: true });
    expect(judgeDane(MX, look([{ ...good, usage: 1 }]), leafChain, true).status).toBe('unusable');
    expect(judgeDane(MX, look([good]), null, true).status).toBe('unchecked');
    expect(judgeDane(MX, look([]), leafChain, true).status).toBe('none');
  });
});

describe('TLSA and AD-bit lookups against the loopback responder', () => {
  const servers: TestDns[] = [];
  afterAll(async () => {
    await Promise.all(servers.map((s) => s.stop()));
  });
  const zone = async (opts: { authenticated?: boolean; truncateUdp?: boolean }) => {
    const dns = await startDns({
      ...opts,
      zones: {
        'example.test': [
          { type: 'MX', preference: 10, exchange: MX },
          { name: 'mx1', type: 'A', address: '127.0.0.1' },
          { name: '_25._tcp.mx1', type: 'TLSA', usage: 3, selector: 1, matchingType: 1, data: await tlsaData(certs.leaf, 1, 1) },
          { name: '_25._tcp.mx1', type: 'TLSA', usage: 2, selector: 0, matchingType: 2, data: await tlsaData(certs.ca, 0, 2) },
        ],
      },
    });
    servers.push(dns);
    return dns;
  };

  it('reads both records and the AD bit when the resolver sets it', async () => {
    const dns = await zone({ authenticated: true });
    const l = await lookupTlsa(MX, { resolver: dns.address });
    expect(l).toMatchObject({ name: '_25._tcp.mx1.example.test', status: 'found', authenticated: true });
    expect(l.records.map((r) => `${r.usage} ${r.selector} ${r.matchingType}`).sort()).toEqual(['2 0 2', '3 1 1']);
    expect((await query('example.test', 'MX', { resolver: dns.address })).authenticated).toBe(true);
  });
  it('authenticated is false without the AD bit', async () => {
    const dns = await zone({});
    expect(await lookupTlsa(MX, { resolver: dns.address })).toMatchObject({ status: 'found', authenticated: false });
  });
  it('retries over TCP when the UDP answer is truncated', async () => {
    const dns = await zone({ authenticated: true, truncateUdp: true });
    const a = await query('_25._tcp.mx1.example.test', 'TLSA', { resolver: dns.address });
    expect(a.transport).toBe('tcp');
    expect(a.answers.filter((r) => r.type === 'TLSA')).toHaveLength(2);
    expect(dns.stats.tcp).toBeGreaterThan(0);
  });
  it('none for a host without TLSA (NXDOMAIN or no data), failed for a refused query', async () => {
    const dns = await zone({ authenticated: true });
    expect((await lookupTlsa('mx9.example.test', { resolver: dns.address })).status).toBe('none');
    const refused = await lookupTlsa('mx.elsewhere.invalid', { resolver: dns.address });
    expect(refused).toMatchObject({ status: 'failed', error: expect.stringMatching(/REFUSED/) });
  });
});

// The harness CA file is read here only to be sure the fixture set is the one the Postfix fleet serves.
it('the test CA on disk is the one inject() describes', () => {
  expect(readFileSync(certs.ca.certPath, 'utf8')).toBe(certs.ca.certPem);
});
