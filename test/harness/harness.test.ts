// Proves the shared harness works: every Postfix receiver answers as configured, and the test DNS servers answer.
import { describe, expect, inject, it } from 'vitest';
import { RECEIVER_NAMES, smtpConversation } from './postfix.js';

const fleet = inject('postfix');
const certs = inject('certs');

describe('test certificates', () => {
  it('provides the CA and every leaf as files and PEM', () => {
    for (const c of [certs.ca, certs.leaf, certs.expired, certs.selfSignedOther, certs.ecdsa, certs.sha1]) {
      expect(c.certPem).toMatch(/^-----BEGIN CERTIFICATE-----/);
      expect(c.keyPem).toMatch(/PRIVATE KEY-----/);
    }
    expect(new Date(certs.expired.notAfter).getTime()).toBeLessThan(Date.now());
  });
});

describe.skipIf(!fleet.available)(`Postfix receiver fleet${fleet.reason ? ` (skipped: ${fleet.reason})` : ''}`, () => {
  it.each(RECEIVER_NAMES)('%s greets and offers STARTTLS as configured', async (name) => {
    const r = fleet.receivers[name]!;
    const replies = await smtpConversation(r.host, r.port, ['EHLO probe.test', 'QUIT']);
    expect(replies[0]).toMatch(/^220 mx1\.example\.test ESMTP/);
    const ehlo = replies[1]!;
    expect(ehlo).toMatch(/^250-mx1\.example\.test/);
    expect(/^250[- ]STARTTLS$/m.test(ehlo)).toBe(r.starttls);
  });
});
