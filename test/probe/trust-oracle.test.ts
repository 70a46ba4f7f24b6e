// The probe's certificate verdict (chain read from the plaintext answer, validated by chain.ts) against OpenSSL's own,
// from a complete node:tls handshake with the same trust (system store + the harness CA), on every Postfix config.
import * as tls from 'node:tls';
import { describe, expect, inject, it } from 'vitest';
import { peerChain } from '../../src/probe/certificate.js';
import { probeHost } from '../../src/probe/host.js';
import { systemCa } from '../../src/probe/trust.js';
import { dialog, type HostContext } from '../../src/probe/session.js';
import { DEFAULT_TIMEOUTS } from '../../src/smtp/client.js';
import { RECEIVER_NAMES, RECEIVERS } from '../harness/postfix.js';

const fleet = inject('postfix');
const certs = inject('certs');
const skip = fleet.reason ? ` (skipped: ${fleet.reason})` : '';

/** OpenSSL's verdict on what the server sends in a complete handshake. */
async function openssl(host: string, port: number): Promise<{ error: string | null; fingerprint: string; chainLength: number }> {
  const ctx: HostContext = {
    ip: host,
    port,
    name: 'mx1.example.test',
    ehlo: 'oracle.test',
    timeouts: DEFAULT_TIMEOUTS,
    hostEnd: Date.now() + 20_000,
    connections: 0,
    flight: null,
  };
  const d = await dialog(ctx);
  if (d.kind !== 'ok') throw new Error(`dialog failed: ${d.kind}`);
  const secureContext = tls.createSecureContext({ ca: [...systemCa(), certs.ca.certPem], minVersion: 'TLSv1', ciphers: 'DEFAULT:@SECLEVEL=0' });
  const sock = await d.client.upgrade({ servername: 'mx1.example.test', rejectUnauthorized: false, checkServerIdentity: () => undefined, secureContext });
  const chain = peerChain(sock);
  const out = {
    error: sock.authorized ? null : String(sock.authorizationError),
    fingerprint: new (await import('node:crypto')).X509Certificate(chain[0]!).fingerprint256,
    chainLength: chain.length,
  };
  await d.client.quit();
  return out;
}

describe.skipIf(!fleet.available)(`certificate verdict vs OpenSSL on the Postfix fleet${skip}`, () => {
  it.each(RECEIVER_NAMES.filter((n) => RECEIVERS[n].starttls))('%s: same certificate, trust error and chain length', async (name) => {
    const r = fleet.receivers[name]!;
    const res = await probeHost(
      { name: 'mx1.example.test', ip: r.host, port: r.port, mxPreference: null },
      { depth: 'versions', extraCa: [certs.ca.certPem], timeoutMs: 10_000 },
    );
    const cert = res.tls.certificate!;
    const o = await openssl(r.host, r.port);
    expect({ error: cert.trustError, fingerprint: cert.fingerprintSha256, chainLength: cert.chainLength }).toEqual(o);
    expect(cert.trusted).toBe(o.error === null);
  });
});
