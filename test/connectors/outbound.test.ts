// Outbound connector (--tls-settings): the name rules as data, and the verdicts against loopback Postfix receivers with
// a CA-signed certificate for mx1.example.test and a self-signed one for other.invalid.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { matchConnectorDomain, parseConnectorDomain, parseTlsSettings, certificateNames } from '../../src/policy/connectors.js';
import { getTestCerts, type TestCerts } from '../harness/certs.js';
import { postfixUnavailableReason, startReceiver, type RunningReceiver } from '../harness/postfix.js';
import { runCli } from '../helpers/cli.js';
import type { ProbeResult } from '../../src/probe/types.js';

describe('connector name rules (Set-OutboundConnector -TlsDomain, Set-InboundConnector -TlsSenderCertificateName)', () => {
  const d = (s: string) => parseConnectorDomain(s)!;
  it('parses TlsSettings values case-insensitively to the PowerShell spelling', () => {
    expect(parseTlsSettings('domainvalidation')).toBe('DomainValidation');
    expect(parseTlsSettings('ENCRYPTIONONLY')).toBe('EncryptionOnly');
    expect(parseTlsSettings('Certificate')).toBeNull();
  });
  it('refuses an embedded wildcard and accepts *.domain', () => {
    expect(parseConnectorDomain('domain.*.contoso.com')).toBeNull();
    expect(parseConnectorDomain('*.contoso.com')).toEqual({ domain: 'contoso.com', wildcard: true });
    expect(parseConnectorDomain('*')).toBeNull();
    expect(parseConnectorDomain('Mail.Contoso.COM.')).toEqual({ domain: 'mail.contoso.com', wildcard: false });
  });
  it('an exact TlsDomain matches the same name or a certificate wildcard one label up', () => {
    expect(matchConnectorDomain(d('mail.contoso.com'), ['mail.contoso.com'], 'TlsDomain')).toBe('mail.contoso.com');
    expect(matchConnectorDomain(d('mail.contoso.com'), ['*.contoso.com'], 'TlsDomain')).toBe('*.contoso.com');
    expect(matchConnectorDomain(d('a.mail.contoso.com'), ['*.contoso.com'], 'TlsDomain')).toBeNull();
    expect(matchConnectorDomain(d('mail.contoso.com'), ['mail.fabrikam.com'], 'TlsDomain')).toBeNull();
  });
  it('*.contoso.com covers every name under contoso.com; the bare domain only for TlsSenderCertificateName', () => {
    expect(matchConnectorDomain(d('*.contoso.com'), ['a.b.contoso.com'], 'TlsDomain')).toBe('a.b.contoso.com');
    expect(matchConnectorDomain(d('*.contoso.com'), ['*.contoso.com'], 'TlsDomain')).toBe('*.contoso.com');
    expect(matchConnectorDomain(d('*.contoso.com'), ['notcontoso.com'], 'TlsDomain')).toBeNull();
    expect(matchConnectorDomain(d('*.contoso.com'), ['contoso.com'], 'TlsDomain')).toBeNull();
    expect(matchConnectorDomain(d('*.contoso.com'), ['contoso.com'], 'TlsSenderCertificateName')).toBe('contoso.com');
  });
  it('compares the CN as well as the DNS SANs (Exchange, unlike RFC 6125)', () => {
    expect(certificateNames('Mail.Contoso.com', ['autodiscover.contoso.com', 'mail.contoso.com'])).toEqual(['mail.contoso.com', 'autodiscover.contoso.com']);
  });
});

const skip = process.env.MAILTLS_NO_POSTFIX_CONNECTORS === '1' ? 'skipped by env' : postfixUnavailableReason();

describe.skipIf(skip !== null)('probe --tls-settings against loopback Postfix', () => {
  let certs: TestCerts;
  let good: RunningReceiver;
  let selfSigned: RunningReceiver;
  beforeAll(async () => {
    certs = await getTestCerts();
    [good, selfSigned] = await Promise.all([startReceiver('tls10-13', certs), startReceiver('selfsigned-other-name', certs)]);
  });
  afterAll(async () => {
    await Promise.all([good?.instance.stop(), selfSigned?.instance.stop()]);
  });

  const probe = async (r: RunningReceiver, args: string[]) => {
    const res = await runCli(['probe', r.address, '--allow-private', '--json', '--timeout', '5', ...args]);
    return { code: res.code, stderr: res.stderr, json: JSON.parse(res.stdout) as ProbeResult };
  };

  it('EncryptionOnly passes even a self-signed certificate for another name', async () => {
    const { code, json } = await probe(selfSigned, ['--tls-settings', 'encryptiononly']);
    const c = json.hosts[0]!.connector!;
    expect(c.tlsSettings).toBe('EncryptionOnly');
    expect(c.verdict).toBe('pass');
    expect(c.checks).toMatchObject({ tls: 'pass', chain: 'not-required', name: 'not-required' });
    expect(json.verdict).toBe('pass');
    expect(code).toBe(0);
  });

  it('CertificateValidation fails a self-signed certificate, with the 4.7.320 queue text', async () => {
    const { code, json } = await probe(selfSigned, ['--tls-settings', 'CertificateValidation']);
    const h = json.hosts[0]!;
    expect(h.connector!.verdict).toBe('fail');
    expect(h.connector!.failure).toBe('self-signed');
    expect(h.connector!.checks.name).toBe('not-required');
    expect(h.connector!.queue).toMatch(/^450 4\.7\.320 Certificate validation failed \[Message=/);
    expect(h.findings.map((f) => f.id)).toContain('connector.outbound-self-signed');
    expect(h.verdict).toBe('fail');
    expect(code).toBe(1);
  });

  it('CertificateValidation fails the CA-signed certificate without --ca and passes it with --ca (no name check)', async () => {
    const without = await probe(good, ['--tls-settings', 'CertificateValidation']);
    expect(without.json.hosts[0]!.connector!.failure).toBe('untrusted');
    const withCa = await probe(good, ['--tls-settings', 'CertificateValidation', '--ca', certs.ca.certPath]);
    expect(withCa.json.hosts[0]!.connector!.verdict).toBe('pass');
    expect(withCa.code).toBe(0);
  });

  it('DomainValidation passes for the right name and a matching wildcard, and fails for another name', async () => {
    const right = await probe(good, ['--tls-settings', 'DomainValidation', '--tls-domain', 'mx1.example.test', '--ca', certs.ca.certPath]);
    expect(right.json.hosts[0]!.connector).toMatchObject({ verdict: 'pass', matchedName: 'mx1.example.test', tlsDomain: 'mx1.example.test' });
    expect(right.code).toBe(0);
    const wild = await probe(good, ['--tls-settings', 'DomainValidation', '--tls-domain', '*.example.test', '--ca', certs.ca.certPath]);
    expect(wild.json.hosts[0]!.connector).toMatchObject({ verdict: 'pass', matchedName: 'mx1.example.test', tlsDomain: '*.example.test' });
    const other = await probe(good, ['--tls-settings', 'DomainValidation', '--tls-domain', 'mail.contoso.com', '--ca', certs.ca.certPath]);
    const c = other.json.hosts[0]!.connector!;
    expect(c.verdict).toBe('fail');
    expect(c.failure).toBe('name-mismatch');
    expect(c.queue).toBe('450 4.7.320 Certificate validation failed [Message=SubjectMismatch]');
    expect(c.queuePublished).toBe(true);
    expect(other.code).toBe(1);
  });

  it('without --tls-settings the opportunistic verdict stays (the self-signed server passes, no connector field)', async () => {
    const { json } = await probe(selfSigned, []);
    expect(json.hosts[0]!.connector).toBeUndefined();
    expect(json.verdict).toBe('pass');
  });

  it('refuses a bad value or DomainValidation without a domain with exit 2 and one line', async () => {
    const bad = await runCli(['probe', good.address, '--tls-settings', 'Strict']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--tls-settings wants EncryptionOnly, CertificateValidation, DomainValidation/);
    const noDomain = await runCli(['probe', good.address, '--tls-settings', 'DomainValidation']);
    expect(noDomain.code).toBe(2);
    expect(noDomain.stderr.trim().split('\n')).toHaveLength(1);
  });

  it('human output shows the connector rows in Dutch', async () => {
    const res = await runCli([
      'probe',
      good.address,
      '--allow-private',
      '--tls-settings',
      'DomainValidation',
      '--tls-domain',
      'mail.contoso.com',
      '--ca',
      certs.ca.certPath,
      '--lang',
      'nl',
    ]);
    expect(res.stdout).toContain('-TlsSettings DomainValidation -TlsDomain mail.contoso.com');
    expect(res.stdout).toContain('wachtrij: 450 4.7.320 Certificate validation failed [Message=SubjectMismatch]');
  });
});
