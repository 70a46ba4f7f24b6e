// Pure pieces of the probe: target parsing, address classes, RFC 7817 name matching, signature OIDs, verdict rules.
import { describe, expect, it } from 'vitest';
import { classifyAddress, parseTarget } from '../../src/net/address.js';
import { nameMatches, signatureHash } from '../../src/probe/certificate.js';
import { hostVerdict, overallVerdict, type HostFacts } from '../../src/probe/verdict.js';
import { EO_SMTP_TLS13 } from '../../src/policy/exchange-online.js';
import { candidatesFor, MAX_SUITES_PER_HELLO } from '../../src/probe/versions.js';
import { CATALOG } from '../../src/cli/catalog.js';
import { findings } from '../../src/probe/messages.js';
import { placeholders } from '../../src/i18n/lang.js';

describe('parseTarget', () => {
  it('reads domains, host:port, IPv4, [v6]:port and bare IPv6', () => {
    expect(parseTarget('Example.COM.')).toMatchObject({ kind: 'name', host: 'example.com', port: null });
    expect(parseTarget('mx1.example.com:2525')).toMatchObject({ kind: 'name', host: 'mx1.example.com', port: 2525 });
    expect(parseTarget('192.0.2.1:25')).toMatchObject({ kind: 'ip', host: '192.0.2.1', port: 25 });
    expect(parseTarget('[2001:db8::1]:587')).toMatchObject({ kind: 'ip', host: '2001:db8::1', port: 587 });
    expect(parseTarget('2001:db8::1')).toMatchObject({ kind: 'ip', port: null });
  });
  it('refuses junk with EUSAGE', () => {
    for (const bad of ['', 'a b', 'host:0', 'host:99999', '[::1', '[nothost]:25', 'a:b:c', '-bad.example', 'x'.repeat(400)])
      expect(() => parseTarget(bad), bad).toThrow(expect.objectContaining({ code: 'EUSAGE' }));
  });
});

describe('classifyAddress', () => {
  it.each([
    ['8.8.8.8', 'public'],
    ['127.0.0.1', 'loopback'],
    ['10.1.2.3', 'private'],
    ['172.16.0.1', 'private'],
    ['192.168.1.1', 'private'],
    ['100.64.0.1', 'private'],
    ['169.254.169.254', 'link-local'],
    ['0.0.0.0', 'unspecified'],
    ['224.0.0.1', 'multicast'],
    ['::1', 'loopback'],
    ['fe80::1', 'link-local'],
    ['fd00::1', 'private'],
    ['::ffff:127.0.0.1', 'loopback'],
    ['::', 'unspecified'],
    ['2a00:1450::1', 'public'],
    ['ff02::1', 'multicast'],
  ])('%s is %s', (ip, cls) => expect(classifyAddress(ip)).toBe(cls));
});

describe('nameMatches (RFC 6125 / 7817)', () => {
  it('matches SAN DNS names, wildcards only as the whole left-most label, CN only without SANs', () => {
    expect(nameMatches('mx1.example.com', ['mx1.example.com'], null)).toBe(true);
    expect(nameMatches('MX1.Example.com.', ['mx1.example.com'], null)).toBe(true);
    expect(nameMatches('mx1.example.com', ['*.example.com'], null)).toBe(true);
    expect(nameMatches('a.mx1.example.com', ['*.example.com'], null)).toBe(false);
    expect(nameMatches('example.com', ['*.example.com'], null)).toBe(false);
    expect(nameMatches('mx1.example.com', ['m*.example.com'], null)).toBe(false);
    expect(nameMatches('mx1.com', ['*.com'], null)).toBe(false);
    expect(nameMatches('mx1.example.com', [], 'mx1.example.com')).toBe(true);
    expect(nameMatches('mx1.example.com', ['other.example.com'], 'mx1.example.com')).toBe(false);
  });
  it('extracts the hash of a signature algorithm', () => {
    expect(signatureHash('sha1WithRSAEncryption')).toBe('sha1');
    expect(signatureHash('ecdsa-with-SHA256')).toBe('sha256');
    expect(signatureHash('md5WithRSAEncryption')).toBe('md5');
    expect(signatureHash('Ed25519')).toBeNull();
  });
});

describe('verdict', () => {
  const base: HostFacts = {
    starttls: 'offered',
    reached: true,
    starttlsRefused: false,
    tls12: true,
    tls13: true,
    eoTls12: true,
    eoTls13: true,
    handshakeOk: true,
    session: true,
    tls13NoSuites: false,
  };
  it('passes TLS 1.2 or 1.3 with an Exchange Online suite, fails the rest, leaves unknowns inconclusive', () => {
    expect(hostVerdict(base)).toBe('pass');
    expect(hostVerdict({ ...base, tls13: false, eoTls13: false })).toBe('pass');
    expect(hostVerdict({ ...base, tls12: false, eoTls12: false })).toBe('pass');
    expect(hostVerdict({ ...base, tls12: false, tls13: false, eoTls12: false, eoTls13: false })).toBe('fail');
    expect(hostVerdict({ ...base, tls13: false, eoTls12: false, eoTls13: false })).toBe('fail');
    expect(hostVerdict({ ...base, handshakeOk: false })).toBe('fail');
    // a ServerHello is not a session: no pass without the complete handshake, a fail when it breaks
    expect(hostVerdict({ ...base, session: false })).toBe('fail');
    expect(hostVerdict({ ...base, session: null })).toBe('inconclusive');
    // TLS 1.3 on without its suites: Exchange Online offers TLS 1.3 (EO_SMTP_TLS13), so it is refused
    expect(hostVerdict({ ...base, tls13: false, eoTls13: false, tls13NoSuites: true })).toBe(EO_SMTP_TLS13.offersTls13 ? 'fail' : 'pass');
    expect(hostVerdict({ ...base, starttls: 'not-offered', reached: false })).toBe('fail');
    expect(hostVerdict({ ...base, starttls: 'failed', reached: false })).toBe('inconclusive');
    expect(hostVerdict({ ...base, starttls: 'failed', reached: false, starttlsRefused: true })).toBe('fail');
    expect(hostVerdict({ ...base, tls12: null, tls13: false })).toBe('inconclusive');
    expect(overallVerdict(['pass', 'fail'])).toBe('fail');
    expect(overallVerdict(['pass', 'inconclusive'])).toBe('inconclusive');
    expect(overallVerdict([])).toBe('inconclusive');
  });
});

describe('hello sizes and catalogue', () => {
  it('never offers more than 64 suites per hello and keeps TLS 1.2-only suites out of older hellos', () => {
    expect(MAX_SUITES_PER_HELLO).toBe(64);
    expect(candidatesFor('TLSv1.0').some((c) => c === 0xc030)).toBe(false);
    expect(candidatesFor('TLSv1.2')[0]).toBe(0xc030);
  });
  it('every probe finding has English and Dutch texts with the same placeholders', () => {
    for (const [id, e] of Object.entries(findings)) {
      expect(CATALOG[id]).toBeDefined();
      expect(id).toMatch(/^[a-z0-9]+(\.[a-z0-9-]+)+$/);
      expect(placeholders(e.message.nl), id).toEqual(placeholders(e.message.en));
      expect(e.message.nl, id).not.toBe('');
    }
  });
});

describe('probe --ca', () => {
  it('a file without a PEM certificate is refused before probing: exit 2, one line on what to do', async () => {
    const { mkdtempSync, writeFileSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const { join } = await import('node:path');
    const { runCli } = await import('../helpers/cli.js');
    const dir = mkdtempSync(join(tmpdir(), 'mailtls-ca-'));
    const der = join(dir, 'ca.der');
    writeFileSync(der, Buffer.from([0x30, 0x82, 0x01, 0x00, 0xff, 0xfe]));
    const r = await runCli(['probe', '127.0.0.1:1', '--allow-private', '--ca', der]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--ca .*ca\.der holds no PEM certificate.*openssl x509 -inform der/);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });
});
