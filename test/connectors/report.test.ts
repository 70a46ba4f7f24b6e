// The HTML report's connector parts, from real probe and listen output (a loopback listener as the server, mailtls
// send as the on-premises sender), in English and Dutch; a malformed "connector" is refused, not dropped.
import { describe, expect, it } from 'vitest';
import { listen, type SessionRecord } from '../../src/listen/index.js';
import { probe } from '../../src/probe/probe.js';
import { send } from '../../src/send/index.js';
import { parseConnectorDomain } from '../../src/policy/connectors.js';
import { renderReport } from '../../src/report/render.js';
import { generateCertificate } from '../../src/tls/certs.js';

describe('report: connector sections', () => {
  it('shows the outbound connector per host and the inbound attribution per session', async () => {
    const cert = await generateCertificate({ commonName: 'onprem.contoso.test', key: 'rsa2048' });
    const server = await listen({ host: '127.0.0.1', port: 0, policy: 'opportunistic', cert: cert.certPem, key: cert.keyPem, hostname: 'onprem.contoso.test' });
    const eo = await listen({
      host: '127.0.0.1',
      port: 0,
      policy: 'exchange-online',
      accept: true,
      connector: { tlsSenderCertificateName: parseConnectorDomain('onprem.contoso.test')!, restrictDomainsToCertificate: false, ca: [], acceptedDomains: [] },
    });
    try {
      const p = await probe(`127.0.0.1:${server.address.port}`, {
        allowPrivate: true,
        timeoutMs: 5000,
        connector: { tlsSettings: 'DomainValidation', tlsDomain: parseConnectorDomain('mail.contoso.test') },
      });
      expect(p.hosts[0]!.connector!.failure).toBe('self-signed');
      const it = eo.sessions();
      await send({ host: '127.0.0.1', port: eo.address.port, from: 'a@contoso.test', to: 'b@internet.test', policy: 'exchange-online', allowPrivate: true });
      const rec = (await it.next()).value as SessionRecord;
      await it.return?.();
      const probeJson = JSON.parse(JSON.stringify(p)) as unknown;
      const listenJson = JSON.parse(JSON.stringify(rec)) as unknown;
      const en = renderReport([probeJson], { lang: 'en' });
      expect(en).toContain('Exchange Online outbound connector');
      expect(en).toContain('DomainValidation');
      expect(en).toContain('450 4.7.320 Certificate validation failed [Message=self-signed certificate]');
      expect(en).toContain('mailtls&#39;s wording');
      const nl = renderReport([listenJson], { lang: 'nl' });
      expect(nl).toContain('Inbound connector van Exchange Online (certificaat)');
      expect(nl).toContain('0 van 1 sessies toegewezen');
      expect(nl).toContain('geen clientcertificaat');
    } finally {
      await Promise.all([server.close(), eo.close()]);
    }
  });

  it('refuses a connector field of the wrong shape with EINPUT naming where', () => {
    const doc = {
      remote: '127.0.0.1:1',
      outcome: 'tls-ok',
      verdict: 'fail',
      findings: [],
      clientHello: null,
      negotiated: null,
      connector: { name: 'x', attributed: 'yes' },
    };
    expect(() => renderReport([doc], { lang: 'en' })).toThrow(/connector\.attributed must be true or false/);
  });
});
