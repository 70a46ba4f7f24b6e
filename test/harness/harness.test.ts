// Proves the shared harness works: each Postfix receiver accepts exactly its configured TLS versions (sslscan as the
// oracle), senders deliver or fail as configured, the other oracle tools parse, and the test DNS servers answer.
import { describe, expect, inject, it } from 'vitest';
import { TLS_VERSIONS } from '../../src/policy/exchange-online.js';
import { queryDns, startDns, type DnsRecord } from './dns.js';
import { RECEIVER_NAMES, RECEIVERS, smtpConversation, startSender } from './postfix.js';
import { posttlsFinger, posttlsFingerAvailable, sslscan, swaks, testssl } from './tools.js';

const fleet = inject('postfix');
const certs = inject('certs');
/** The `data` of a DNS answer (dns-packet's union type has none on OPT records). */
const data = (a: unknown): unknown => (a as { data?: unknown }).data;
const skipReason = fleet.reason ? ` (skipped: ${fleet.reason})` : '';

describe('test certificates', () => {
  it('provides the CA and every leaf as files and PEM', () => {
    for (const c of [certs.ca, certs.leaf, certs.expired, certs.selfSignedOther, certs.ecdsa, certs.sha1]) {
      expect(c.certPem).toMatch(/^-----BEGIN CERTIFICATE-----/);
      expect(c.keyPem).toMatch(/PRIVATE KEY-----/);
    }
    expect(new Date(certs.expired.notAfter).getTime()).toBeLessThan(Date.now());
    expect(new Date(certs.leaf.notAfter).getTime()).toBeGreaterThan(Date.now());
    expect(certs.selfSignedOther.subjectName).toBe('other.invalid');
  });
});

describe.skipIf(!fleet.available)(`Postfix receiver fleet${skipReason}`, () => {
  const receiver = (name: (typeof RECEIVER_NAMES)[number]) => {
    const r = fleet.receivers[name];
    if (!r) throw new Error(`receiver ${name} not provided`);
    return r;
  };

  it.each(RECEIVER_NAMES)('%s greets and offers STARTTLS as configured', async (name) => {
    const r = receiver(name);
    const replies = await smtpConversation(r.host, r.port, ['EHLO probe.test', 'QUIT']);
    expect(replies[0]).toMatch(/^220 mx1\.example\.test ESMTP/);
    expect(replies[1]).toMatch(/^250-mx1\.example\.test/);
    expect(/^250[- ]STARTTLS$/m.test(replies[1]!)).toBe(r.starttls);
  });

  it.each(RECEIVER_NAMES)('%s: sslscan finds exactly the configured versions', async (name) => {
    const r = receiver(name);
    const scan = await sslscan(r.address);
    expect(scan.starttls).toBe(r.starttls);
    if (!r.starttls) {
      expect(scan.versions).toEqual({ SSLv3: null, 'TLSv1.0': null, 'TLSv1.1': null, 'TLSv1.2': null, 'TLSv1.3': null });
      return;
    }
    expect(scan.versions).toEqual(r.versions);
    for (const v of TLS_VERSIONS) expect(scan.ciphers[v].length > 0).toBe(r.versions[v]);
    if (r.pinnedSuites) {
      for (const v of ['TLSv1.0', 'TLSv1.1', 'TLSv1.2'] as const) expect([...scan.ciphers[v]].sort()).toEqual([...r.pinnedSuites].sort());
    }
    const spec = RECEIVERS[name];
    const cert = certs[spec.cert];
    expect(scan.certificate?.subject).toBe(cert.subjectName);
    expect(scan.certificate?.signatureAlgorithm).toBe(cert.signatureHash === 'sha1' ? 'sha1WithRSAEncryption' : 'sha256WithRSAEncryption');
    expect(scan.certificate?.expired).toBe(cert.name === 'expired');
    expect(scan.certificate?.selfSigned).toBe(cert.selfSigned);
    expect(scan.certificate?.keyType).toBe(cert.keyType === 'ecdsa-p256' ? 'EC' : 'RSA');
  });

  it('a sender with smtp_tls_mandatory_protocols >=TLSv1.2 delivers to tls12-only over TLS 1.2', async () => {
    const sender = await startSender({ name: 'sender-tls12', relayTo: receiver('tls12-only'), mandatoryProtocols: '>=TLSv1.2' });
    try {
      const id = await sender.inject({ to: 'someone@example.test' });
      const d = await sender.waitForDelivery(id);
      expect(d.status).toBe('sent');
      expect(d.tlsLine).toMatch(/TLSv1\.2 with cipher/);
    } finally {
      await sender.stop();
    }
  });

  it("a TLS 1.0/1.1-only sender cannot deliver to tls12-only (the article's failure)", async () => {
    const sender = await startSender({ name: 'sender-tls11', relayTo: receiver('tls12-only'), mandatoryProtocols: '<=TLSv1.1' });
    try {
      const id = await sender.inject();
      const d = await sender.waitForDelivery(id);
      expect(d.status).toBe('deferred');
      expect(d.line).toMatch(/Cannot start TLS/);
    } finally {
      await sender.stop();
    }
  });

  it('swaks negotiates what the receiver allows', async () => {
    const old = receiver('tls10-11-only');
    const ok = await swaks(old.host, old.port, { tlsProtocol: 'tlsv1' });
    expect(ok.tls).toBe(true);
    expect(ok.version).toBe('TLSv1.0');
    const refused = await swaks(old.host, old.port, { tlsProtocol: 'tlsv1_2' });
    expect(refused.tls).toBe(false);
    expect(refused.tlsError).toMatch(/TLS startup failed/);
    const none = receiver('no-starttls');
    const plain = await swaks(none.host, none.port, {});
    expect(plain.tls).toBe(false);
    expect(plain.tlsError).toMatch(/STARTTLS/);
  });

  it.skipIf(!posttlsFingerAvailable())('posttls-finger reports version and cipher', async () => {
    const r = receiver('tls12-only');
    const res = await posttlsFinger(r.host, r.port, { level: 'may' });
    expect(res.version).toBe('TLSv1.2');
    expect(res.cipher).toMatch(/^TLS_ECDHE_RSA_WITH_/);
    expect(res.trust).toBe('Untrusted');
  });

  it('testssl.sh -p agrees with the configuration of tls10-11-only', async () => {
    const r = receiver('tls10-11-only');
    const res = await testssl(r.address);
    expect(res.versions).toEqual(r.versions);
  });
});

describe('test DNS', () => {
  const zone: Record<string, DnsRecord[]> = {
    'example.test': [
      { type: 'MX', preference: 10, exchange: 'mx1.example.test' },
      { type: 'MX', preference: 20, exchange: 'mx2.example.test' },
      { type: 'TXT', text: 'v=spf1 -all' },
      { name: 'mx1', type: 'A', address: '127.0.1.1' },
      { name: 'mx1', type: 'AAAA', address: '::1' },
      { name: 'mx2', type: 'A', address: '127.0.1.2' },
    ],
  };

  it.each(['dnsmasq', 'responder'] as const)('%s answers MX and A for a test zone', async (engine) => {
    const dns = await startDns({ zones: zone, engine });
    try {
      expect(dns.engine).toBe(engine);
      const mx = await queryDns(dns.address, 'example.test', 'MX');
      expect(mx.rcode).toBe(0);
      expect(mx.answers.map(data)).toEqual(
        expect.arrayContaining([
          { preference: 10, exchange: 'mx1.example.test' },
          { preference: 20, exchange: 'mx2.example.test' },
        ]),
      );
      const a = await queryDns(dns.address, 'mx1.example.test', 'A');
      expect(a.answers.map(data)).toEqual(['127.0.1.1']);
      const aaaa = await queryDns(dns.address, 'mx1.example.test', 'AAAA');
      expect(aaaa.answers.map(data)).toEqual(['::1']);
      expect((await queryDns(dns.address, 'nope.example.test', 'A')).rcode).toBe(3);
    } finally {
      await dns.stop();
    }
  });

  it('the responder does what dnsmasq cannot: AD bit, null MX, TLSA, 500 MX with truncation to TCP, CNAME', async () => {
    const dns = await startDns({
      authenticated: true,
      zones: {
        'big.test': [
          ...Array.from({ length: 500 }, (_, i): DnsRecord => ({ type: 'MX', preference: i, exchange: `mx${i}.big.test` })),
          { name: 'null', type: 'MX', preference: 0, exchange: '.' },
          { name: '_25._tcp.mx1', type: 'TLSA', usage: 3, selector: 1, matchingType: 1, data: 'ab'.repeat(32) },
          { name: 'www', type: 'CNAME', target: 'mx1.big.test' },
          { name: 'mx1', type: 'A', address: '127.0.0.9' },
        ],
      },
    });
    try {
      expect(dns.engine).toBe('responder');
      const udp = await queryDns(dns.address, 'big.test', 'MX');
      expect(udp.flags).toMatchObject({ tc: true, ad: true });
      expect(udp.answers).toHaveLength(0);
      const tcp = await queryDns(dns.address, 'big.test', 'MX', { tcp: true });
      expect(tcp.flags.tc).toBe(false);
      expect(tcp.answers).toHaveLength(500);
      const nullMx = await queryDns(dns.address, 'null.big.test', 'MX');
      expect(nullMx.answers.map(data)).toEqual([{ preference: 0, exchange: '.' }]);
      const tlsa = await queryDns(dns.address, '_25._tcp.mx1.big.test', 'TLSA');
      expect(tlsa.answers[0]?.type).toBe('TLSA');
      const www = await queryDns(dns.address, 'www.big.test', 'A');
      expect(www.answers.map((a) => a.type)).toEqual(['CNAME', 'A']);
      const { Resolver } = await import('node:dns/promises');
      const resolver = new Resolver();
      resolver.setServers([dns.address]);
      expect(await resolver.resolveMx('big.test')).toHaveLength(500);
    } finally {
      await dns.stop();
    }
    const plain = await startDns({ zones: { 'x.test': [{ type: 'A', address: '127.0.0.1' }] }, engine: 'responder' });
    try {
      expect((await queryDns(plain.address, 'x.test', 'A')).flags.ad).toBe(false);
    } finally {
      await plain.stop();
    }
  });
});
