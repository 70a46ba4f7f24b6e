// Inbound connector (listen --tls-sender-certificate-name): real senders — swaks with and without a client
// certificate, Postfix with and without smtp_tls_cert_file — and what the session records and replies say.
import { spawn } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listen, type Listener, type SessionRecord } from '../../src/listen/index.js';
import { parseConnectorDomain } from '../../src/policy/connectors.js';
import { getTestCerts, type TestCerts } from '../harness/certs.js';
import { postfixUnavailableReason, startSender } from '../harness/postfix.js';
import { cliArgv, ROOT, runCli } from '../helpers/cli.js';

const RELAY_DENIED = '550 5.7.64 TenantAttribution; Relay Access Denied';

/** swaks to the listener (STARTTLS required), optionally with a client certificate; resolves with its transcript. */
function swaks(port: number, o: { cert?: string; key?: string; to?: string } = {}): Promise<string> {
  const args = [
    '--server',
    '127.0.0.1',
    '--port',
    String(port),
    '--tls',
    '--tls-cipher',
    'DEFAULT',
    '--ehlo',
    'onprem.example.test',
    '--from',
    'user@example.test',
    '--to',
    o.to ?? 'someone@internet.test',
    '--timeout',
    '10',
  ];
  if (o.cert && o.key) args.push('--tls-cert', o.cert, '--tls-key', o.key);
  return new Promise((resolve) => {
    const p = spawn('swaks', args);
    let out = '';
    p.stdout.on('data', (d: Buffer) => (out += d.toString()));
    p.stderr.on('data', (d: Buffer) => (out += d.toString()));
    p.on('close', () => resolve(out));
  });
}

async function oneSession(l: Listener, run: () => Promise<string>): Promise<{ rec: SessionRecord; transcript: string }> {
  const it = l.sessions();
  const transcript = await run();
  const n = await it.next();
  await it.return?.();
  return { rec: n.value as SessionRecord, transcript };
}

describe('inbound connector with swaks', () => {
  let certs: TestCerts;
  let byName: Listener;
  let wildcard: Listener;
  let other: Listener;
  beforeAll(async () => {
    certs = await getTestCerts();
    const connector = (name: string) => ({
      tlsSenderCertificateName: parseConnectorDomain(name)!,
      restrictDomainsToCertificate: false,
      ca: [certs.ca.certPem],
      acceptedDomains: ['contoso.test'],
    });
    const base = { host: '127.0.0.1', port: 0, policy: 'exchange-online' as const, accept: true, hostname: 'contoso-test.mail.protection.outlook.test' };
    [byName, wildcard, other] = await Promise.all([
      listen({ ...base, connector: connector('mx1.example.test') }),
      listen({ ...base, connector: connector('*.example.test') }),
      listen({ ...base, connector: connector('mail.fabrikam.test') }),
    ]);
  });
  afterAll(async () => {
    await Promise.all([byName?.close(), wildcard?.close(), other?.close()]);
  });

  it('a sender with a CA-signed certificate for the configured name is attributed and may relay', async () => {
    const { rec, transcript } = await oneSession(byName, () => swaks(byName.address.port, { cert: certs.leaf.certPath, key: certs.leaf.keyPath }));
    expect(rec.connector).toMatchObject({ name: 'mx1.example.test', attributed: true, reason: null, matchedName: 'mx1.example.test', relayDenied: 0 });
    expect(rec.connector!.certificate).toMatchObject({ trusted: true, trustError: null, sanNames: ['mx1.example.test'] });
    expect(rec.connector!.certificate!.subject).toContain('CN=mx1.example.test');
    expect(rec.connector!.certificate!.issuer).toContain('CN=mailtls Test CA');
    expect(rec.outcome).toBe('delivered');
    expect(rec.verdict).toBe('pass');
    expect(rec.findings.map((f) => f.id)).toContain('connector.attributed');
    expect(transcript).not.toContain('5.7.64');
  });

  it('a matching -TlsSenderCertificateName wildcard attributes it too', async () => {
    const { rec } = await oneSession(wildcard, () => swaks(wildcard.address.port, { cert: certs.leaf.certPath, key: certs.leaf.keyPath }));
    expect(rec.connector).toMatchObject({ name: '*.example.test', attributed: true, matchedName: 'mx1.example.test' });
  });

  it('a sender without a certificate is not attributed and its relay gets 550 5.7.64', async () => {
    const { rec, transcript } = await oneSession(byName, () => swaks(byName.address.port));
    expect(rec.connector).toMatchObject({ attributed: false, reason: 'no-certificate', certificate: null, relayDenied: 1 });
    expect(transcript).toContain(RELAY_DENIED);
    expect(rec.reply).toBe(RELAY_DENIED);
    expect(rec.verdict).toBe('fail');
    expect(rec.findings.map((f) => f.id)).toEqual(expect.arrayContaining(['connector.not-attributed.no-certificate', 'connector.relay-denied']));
  });

  it('mail to an accepted domain from an unattributed sender is not a relay: accepted', async () => {
    const { rec, transcript } = await oneSession(byName, () => swaks(byName.address.port, { to: 'user@contoso.test' }));
    expect(rec.connector).toMatchObject({ attributed: false, relayDenied: 0 });
    expect(rec.outcome).toBe('delivered');
    expect(transcript).not.toContain('5.7.64');
  });

  it('a certificate with another name or a self-signed one is not attributed, and says why', async () => {
    const mismatch = await oneSession(other, () => swaks(other.address.port, { cert: certs.leaf.certPath, key: certs.leaf.keyPath }));
    expect(mismatch.rec.connector).toMatchObject({ attributed: false, reason: 'name-mismatch', relayDenied: 1 });
    const selfSigned = await oneSession(byName, () => swaks(byName.address.port, { cert: certs.selfSignedOther.certPath, key: certs.selfSignedOther.keyPath }));
    expect(selfSigned.rec.connector).toMatchObject({ attributed: false, reason: 'untrusted' });
    expect(selfSigned.rec.connector!.certificate!.trustError).toMatch(/SELF_SIGNED/);
  });
});

describe('listen --tls-sender-certificate-name --json (the CLI)', () => {
  it('prints one JSON line per session with "connector", attributed or not', async () => {
    const certs = await getTestCerts();
    const child = spawn(
      process.execPath,
      [
        ...cliArgv(),
        'listen',
        '--listen',
        '127.0.0.1:0',
        '--json',
        '--accept',
        '--max-sessions',
        '2',
        '--tls-sender-certificate-name',
        'mx1.example.test',
        '--ca',
        certs.ca.certPath,
        '--lang',
        'nl',
      ],
      { cwd: ROOT, env: { ...process.env, NO_COLOR: '1' } },
    );
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    const port = await new Promise<number>((resolve, reject) => {
      child.stderr.on('data', (d: Buffer) => {
        err += d.toString();
        const m = /127\.0\.0\.1:(\d+)/.exec(err);
        if (m) resolve(Number(m[1]));
      });
      child.on('close', () => reject(new Error(`listen ended: ${err}`)));
    });
    await swaks(port, { cert: certs.leaf.certPath, key: certs.leaf.keyPath });
    await swaks(port);
    const code = await new Promise<number | null>((r) => child.on('close', r));
    const lines = out
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as SessionRecord);
    expect(lines.map((l) => l.connector?.attributed)).toEqual([true, false]);
    expect(lines[1]!.connector!.reason).toBe('no-certificate');
    expect(lines[1]!.findings.find((f) => f.id === 'connector.not-attributed.no-certificate')!.message).toContain('toonde geen clientcertificaat');
    expect(code).toBe(1);
  });
});

const noPostfix = postfixUnavailableReason();

describe.skipIf(noPostfix !== null)('inbound connector with Postfix as the on-premises sender', () => {
  it('smtp_tls_cert_file for the configured name is attributed; without it the relay is refused with 550 5.7.64', async () => {
    const certs = await getTestCerts();
    const l = await listen({
      host: '127.0.0.1',
      port: 0,
      policy: 'exchange-online',
      accept: true,
      hostname: 'contoso-test.mail.protection.outlook.test',
      connector: {
        tlsSenderCertificateName: parseConnectorDomain('mx1.example.test')!,
        restrictDomainsToCertificate: false,
        ca: [certs.ca.certPem],
        acceptedDomains: [],
      },
    });
    const withCert = await startSender({
      name: 'cbc-with-cert',
      relayTo: { host: '127.0.0.1', port: l.address.port },
      main: { smtp_tls_cert_file: certs.leaf.chainPath, smtp_tls_key_file: certs.leaf.keyPath },
    });
    const without = await startSender({ name: 'cbc-without-cert', relayTo: { host: '127.0.0.1', port: l.address.port } });
    try {
      const it = l.sessions();
      const d1 = await withCert.waitForDelivery(await withCert.inject({ to: 'someone@internet.test' }));
      const r1 = (await it.next()).value as SessionRecord;
      const d2 = await without.waitForDelivery(await without.inject({ to: 'someone@internet.test' }));
      const r2 = (await it.next()).value as SessionRecord;
      await it.return?.();
      expect(d1.status).toBe('sent');
      expect(r1.connector).toMatchObject({ attributed: true, matchedName: 'mx1.example.test' });
      expect(d2.status).toBe('bounced');
      expect(d2.line).toContain('550 5.7.64 TenantAttribution; Relay Access Denied');
      expect(r2.connector).toMatchObject({ attributed: false, reason: 'no-certificate', relayDenied: 1 });
    } finally {
      await Promise.all([withCert.stop(), without.stop(), l.close()]);
    }
  });
});

describe('send --tls-certificate/--tls-key (an on-premises send connector with TlsCertificateName)', () => {
  it('presents the certificate: the inbound connector attributes mailtls send; a mismatched pair is refused with exit 2', async () => {
    const certs = await getTestCerts();
    const l = await listen({
      host: '127.0.0.1',
      port: 0,
      policy: 'exchange-online',
      accept: true,
      connector: {
        tlsSenderCertificateName: parseConnectorDomain('mx1.example.test')!,
        restrictDomainsToCertificate: false,
        ca: [certs.ca.certPem],
        acceptedDomains: [],
      },
    });
    try {
      const it = l.sessions();
      const res = await runCli([
        'send',
        `127.0.0.1:${l.address.port}`,
        '--from',
        'a@example.test',
        '--to',
        'b@internet.test',
        '--json',
        '--allow-private',
        '--tls-certificate',
        certs.leaf.chainPath,
        '--tls-key',
        certs.leaf.keyPath,
      ]);
      const rec = (await it.next()).value as SessionRecord;
      expect(JSON.parse(res.stdout).delivered).toBe(true);
      expect(res.code).toBe(0);
      expect(rec.connector).toMatchObject({ attributed: true, matchedName: 'mx1.example.test' });
      const plain = await runCli(['send', `127.0.0.1:${l.address.port}`, '--from', 'a@example.test', '--to', 'b@internet.test', '--json', '--allow-private']);
      const rec2 = (await it.next()).value as SessionRecord;
      await it.return?.();
      expect(JSON.parse(plain.stdout).reason).toBe(RELAY_DENIED);
      expect(plain.code).toBe(1);
      expect(rec2.connector).toMatchObject({ attributed: false, reason: 'no-certificate' });
      const bad = await runCli([
        'send',
        `127.0.0.1:${l.address.port}`,
        '--from',
        'a@example.test',
        '--to',
        'b@internet.test',
        '--allow-private',
        '--tls-certificate',
        certs.leaf.certPath,
        '--tls-key',
        certs.expired.keyPath,
      ]);
      expect(bad.code).toBe(2);
      expect(bad.stderr).toMatch(/not a usable pair/);
    } finally {
      await l.close();
    }
  });
});
