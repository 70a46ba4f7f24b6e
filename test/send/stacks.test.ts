// send against other TLS stacks: the same cause as probe for Exim/GnuTLS with TLS 1.3 on and no TLS 1.3 suite, and
// OpenSMTPD's alert 80 after its Certificate is a failed handshake, never a delivery.
import { describe, expect, inject, it } from 'vitest';
import '../harness/provided.d.ts';
import { send } from '../../src/send/index.js';
import { probeHost } from '../../src/probe/host.js';
import { EO_SMTP_TLS13 } from '../../src/policy/exchange-online.js';
import { eximUnavailableReason, startExim } from '../harness/exim.js';
import { opensmtpdUnavailableReason, startOpensmtpd } from '../harness/opensmtpd.js';

const certs = inject('certs');
const base = { from: 'sender@send.test', to: 'rcpt@example.test', ehlo: 'send.test', allowPrivate: true };
const eximReason = eximUnavailableReason();
const smtpdReason = opensmtpdUnavailableReason();

describe.skipIf(eximReason !== null)(`send vs Exim/GnuTLS${eximReason ? ` (skipped: ${eximReason})` : ''}`, () => {
  it.skipIf(!EO_SMTP_TLS13.offersTls13)(
    'TLS 1.3 on without TLS 1.3 suites: tls.tls13-no-suites, the same finding as probe (not "accepts none of them")',
    async () => {
      const d = await startExim({ priority: 'NORMAL:-CIPHER-ALL:+AES-256-CBC:+AES-128-CBC', cert: certs.leaf });
      try {
        const r = await send({ host: d.host, port: d.port, ...base });
        const p = await probeHost({ name: null, ip: d.host, port: d.port, mxPreference: null }, { timeoutMs: 10_000 });
        expect(r).toMatchObject({ verdict: 'fail', delivered: false, failedAt: 'tls' });
        expect(r.findings.map((f) => f.id)).toEqual(['tls.tls13-no-suites']);
        expect(p.findings.map((f) => f.id)).toContain('tls.tls13-no-suites');
        expect(String(r.findings[0]?.params?.suites)).toMatch(/CBC/);
      } finally {
        await d.stop();
      }
    },
  );

  it('a hardened server (GnuTLS refusing TLS 1.0/1.1 with 0xFEFD-stamped alerts) takes the message over TLS 1.3', async () => {
    const d = await startExim({ priority: 'NORMAL:-VERS-TLS-ALL:+VERS-TLS1.2:+VERS-TLS1.3', cert: certs.leaf });
    try {
      const r = await send({ host: d.host, port: d.port, ...base, to: 'postmaster' });
      expect(r.tls?.version).toBe(EO_SMTP_TLS13.offersTls13 ? 'TLSv1.3' : 'TLSv1.2');
      expect(r.findings.map((f) => f.id)).toContain('send.tls-ok');
    } finally {
      await d.stop();
    }
  });
});

describe.skipIf(smtpdReason !== null)(`send vs OpenSMTPD${smtpdReason ? ` (skipped: ${smtpdReason})` : ''}`, () => {
  it('alert 80 after the Certificate: the handshake fails with the alert named, nothing is sent', async () => {
    const d = await startOpensmtpd({ cert: certs.leaf });
    try {
      const r = await send({ host: d.host, port: d.port, ...base });
      expect(r).toMatchObject({ verdict: 'fail', delivered: false, failedAt: 'tls', starttls: 'failed' });
      expect(r.findings.map((f) => f.id)).toEqual(['tls.handshake-failed']);
      expect(r.reason).toMatch(/alert 80/);
      expect(r.transcript.some((l) => l.dir === 'C' && /^MAIL/.test(l.text))).toBe(false);
    } finally {
      await d.stop();
    }
  });
});
