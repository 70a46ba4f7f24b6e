// Fewer connections, same answers: the first hello answers TLS 1.3 (and the versions above the one it negotiates), a TLS 1.3 server is asked TLS 1.1 and 1.0 in one hello, and depth 'versions' skips the weak-suite
// hellos — checked against the full path (every question by its own hello) on every Postfix config.
import { describe, expect, inject, it } from 'vitest';
import { TLS_VERSIONS } from '../../src/policy/exchange-online.js';
import { probeHost, type HostProbeOptions } from '../../src/probe/host.js';
import type { HostResult } from '../../src/probe/types.js';
import { FIRST_HELLO_SUITES, TLS13_HANDSHAKE_SUITES, candidatesFor, knownFromFirstHello } from '../../src/probe/versions.js';
import { RECEIVER_NAMES } from '../harness/postfix.js';

const fleet = inject('postfix');
const certs = inject('certs');
const skip = fleet.reason ? ` (skipped: ${fleet.reason})` : '';

/** Everything a probe reports about a host except timings, connection counts and the certificate handshake's suite. */
function answers(h: HostResult, dropWeak = false) {
  const cert = h.tls.certificate;
  return {
    verdict: h.verdict,
    starttls: h.smtp.starttls,
    versions: h.tls.versions,
    ciphers: h.tls.ciphers,
    negotiatedVersion: h.tls.negotiated?.version ?? null,
    certificate: cert ? { ...cert, daysLeft: undefined } : null,
    findings: h.findings.filter((f) => !dropWeak || f.id !== 'tls.weak-suite').map((f) => ({ id: f.id, severity: f.severity, params: f.params })),
  };
}

describe('knownFromFirstHello', () => {
  it('the version answered is accepted with its suite; every version above it is refused', () => {
    expect(knownFromFirstHello(0x0304, 0x1302)).toEqual({ 'TLSv1.3': { accepted: true, suite: 0x1302 } });
    expect(knownFromFirstHello(0x0303, 0xc030)).toEqual({
      'TLSv1.2': { accepted: true, suite: 0xc030 },
      'TLSv1.3': { accepted: false, why: { kind: 'other-version', version: 'TLSv1.2' } },
    });
    expect(knownFromFirstHello(0x0301, 0xc014)).toEqual({
      'TLSv1.0': { accepted: true, suite: 0xc014 },
      'TLSv1.1': { accepted: false, why: { kind: 'other-version', version: 'TLSv1.0' } },
      'TLSv1.2': { accepted: false, why: { kind: 'other-version', version: 'TLSv1.0' } },
      'TLSv1.3': { accepted: false, why: { kind: 'other-version', version: 'TLSv1.0' } },
    });
    expect(knownFromFirstHello(0x7f1c, 0x1301)).toEqual({});
    // a suite the first hello did not offer, or a legacy suite with TLS 1.3: no answer taken from it
    expect(knownFromFirstHello(0x0304, 0x1399)).toEqual({});
    expect(knownFromFirstHello(0x0304, 0xc030)).toEqual({});
    expect(knownFromFirstHello(0x0303, 0x000a)).toEqual({});
    // a TLS 1.2-only suite in a TLS 1.0 answer: TLS 1.0 is left to its own hello, the versions above are still refused
    expect(knownFromFirstHello(0x0301, 0xc030)['TLSv1.0']).toBeUndefined();
    expect(knownFromFirstHello(0x0301, 0xc030)['TLSv1.1']).toEqual({ accepted: false, why: { kind: 'other-version', version: 'TLSv1.0' } });
  });

  it('the first hello offers our TLS 1.3 hello suites first, in the same order, and at most 64 suites', () => {
    expect(FIRST_HELLO_SUITES.slice(0, candidatesFor('TLSv1.3').length)).toEqual(candidatesFor('TLSv1.3'));
    expect(FIRST_HELLO_SUITES.length).toBeLessThanOrEqual(64);
    expect(TLS13_HANDSHAKE_SUITES.split(':')).toHaveLength(candidatesFor('TLSv1.3').length);
  });
});

describe.skipIf(!fleet.available)(`fewer connections on the Postfix fleet${skip}`, () => {
  it.each(RECEIVER_NAMES)('%s: same versions, suites, verdict and findings with fewer connections', async (name) => {
    const r = fleet.receivers[name]!;
    const target = { name: 'mx1.example.test', ip: r.host, port: r.port, mxPreference: null };
    const base: HostProbeOptions = { extraCa: [certs.ca.certPem], timeoutMs: 10_000 };
    const full = await probeHost(target, { ...base, reuseHandshake: false });
    const standard = await probeHost(target, base);
    const versions = await probeHost(target, { ...base, depth: 'versions' });
    expect(answers(standard)).toEqual(answers(full));
    expect(answers(versions, true)).toEqual(answers(full, true));
    // no harness config accepts a weak suite, so the versions depth loses nothing here either
    expect(answers(versions)).toEqual(answers(full));
    if (!r.starttls) {
      expect([full.connections, standard.connections, versions.connections]).toEqual([1, 1, 1]);
      return;
    }
    // the first hello answers its version and every version above it: no hello of their own (on a TLS 1.3 server
    // just the TLS 1.3 hello; on a TLS 1.2 server the TLS 1.3 and 1.2 hellos; on a TLS 1.0/1.1 server 1.3, 1.2 and
    // the best of them); a TLS 1.3 server that refuses TLS 1.1 and 1.0 refuses both in one hello
    const pair = r.versions['TLSv1.3'] && !r.versions['TLSv1.1'] && !r.versions['TLSv1.0'] ? 1 : 0;
    const best = [...TLS_VERSIONS].reverse().find((v) => r.versions[v]);
    const saved = (best ? TLS_VERSIONS.length - TLS_VERSIONS.indexOf(best) : 0) + pair;
    expect(standard.connections).toBe(full.connections! - saved);
    // depth 'versions': no weak-suite hello per accepted SSLv3 … TLS 1.2
    const legacyAccepted = TLS_VERSIONS.filter((v) => v !== 'TLSv1.3' && r.versions[v]).length;
    expect(versions.connections).toBe(standard.connections! - legacyAccepted);
  });

  it.each(['tls10-13', 'tls10-11-only', 'cbc-only'] as const)('%s --ciphers: every suite as before, with fewer connections', async (name) => {
    const r = fleet.receivers[name]!;
    const target = { name: 'mx1.example.test', ip: r.host, port: r.port, mxPreference: null };
    const base: HostProbeOptions = { extraCa: [certs.ca.certPem], timeoutMs: 10_000, ciphers: true };
    const full = await probeHost(target, { ...base, reuseHandshake: false });
    const now = await probeHost(target, base);
    expect(answers(now)).toEqual(answers(full));
    expect(now.connections).toBeLessThan(full.connections!);
  });
});
