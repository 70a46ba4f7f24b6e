// A self-signed leaf without keyCertSign (as New-ExchangeCertificate makes) must read as self-signed, not just untrusted.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateCertificate } from '../../src/tls/certs.js';
import { listen, type Listener } from '../../src/listen/index.js';
import { probeHost } from '../../src/probe/host.js';

describe('self-signed leaf certificate without keyCertSign', () => {
  let l: Listener;
  beforeAll(async () => {
    const c = await generateCertificate({ commonName: 'mail.contoso.test' }); // CA:FALSE, digitalSignature|keyEncipherment
    l = await listen({ host: '127.0.0.1', port: 0, policy: 'opportunistic', cert: c.certPem, key: c.keyPem, hostname: 'mail.contoso.test' });
  });
  afterAll(async () => {
    await l.close();
  });

  it('is reported as cert.self-signed with the certificate details', async () => {
    const r = await probeHost({ name: 'mail.contoso.test', ip: '127.0.0.1', port: l.address.port, mxPreference: null }, { timeoutMs: 5000 });
    expect(r.tls.certificate?.selfSigned).toBe(true);
    expect(r.tls.certificate?.nameMatches).toBe(true);
    expect(r.findings.map((f) => f.id)).toContain('cert.self-signed');
  });
});
