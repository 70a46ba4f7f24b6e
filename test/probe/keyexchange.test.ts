// checkServerKeyExchange() on real OpenSSL servers (node:tls): ECDHE and DHE, RSA and ECDSA certificates, TLS 1.2
// (RSA-PSS / ECDSA schemes) and TLS 1.0 (MD5+SHA-1, SHA-1) all verify; one flipped byte of the signed data does not.
import { X509Certificate } from 'node:crypto';
import { connect } from 'node:net';
import * as tls from 'node:tls';
import { describe, expect, it } from 'vitest';
import { readServerFlight, servedFlight } from '../../src/probe/session.js';
import { candidatesFor } from '../../src/probe/versions.js';
import { generateCertificate } from '../../src/tls/certs.js';
import { buildClientHello } from '../../src/tls/hello.js';
import { checkServerKeyExchange } from '../../src/tls/keyexchange.js';
import { SUITES } from '../../src/tls/suites.js';

async function flightFrom(key: 'rsa2048' | 'ecdsa-p256', version: 'TLSv1.2' | 'TLSv1.0', ciphers: string) {
  const c = await generateCertificate({ commonName: 'ske.test', key });
  const srv = tls.createServer(
    { key: c.keyPem, cert: c.certPem, minVersion: 'TLSv1', maxVersion: 'TLSv1.2', ciphers, dhparam: 'auto' } as tls.TlsOptions,
    (s) => s.on('error', () => undefined),
  );
  srv.on('tlsClientError', () => undefined);
  await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r));
  try {
    const sock = connect((srv.address() as { port: number }).port, '127.0.0.1');
    await new Promise((r) => sock.once('connect', r));
    const hello = buildClientHello({ version, suites: candidatesFor(version).slice(0, 64), scsv: false });
    sock.write(hello);
    return servedFlight(await readServerFlight(sock, 5000, true), hello);
  } finally {
    srv.close();
  }
}

describe('ServerKeyExchange signatures of real servers', () => {
  const cases = [
    ['rsa2048', 'TLSv1.2', 'ECDHE-RSA-AES256-GCM-SHA384'],
    ['rsa2048', 'TLSv1.0', 'ECDHE-RSA-AES128-SHA'],
    ['ecdsa-p256', 'TLSv1.2', 'ECDHE-ECDSA-AES128-GCM-SHA256'],
    ['ecdsa-p256', 'TLSv1.0', 'ECDHE-ECDSA-AES128-SHA'],
    ['rsa2048', 'TLSv1.2', 'DHE-RSA-AES128-GCM-SHA256'],
    ['rsa2048', 'TLSv1.0', 'DHE-RSA-AES128-SHA'],
  ] as const;
  it.each(cases)('%s %s %s: verifies; a flipped byte does not', async (key, version, ciphers) => {
    const f = await flightFrom(key, version, `${ciphers}:@SECLEVEL=0`);
    expect(f?.keyExchange).toBeTruthy();
    const s = SUITES.get(f!.suite)!;
    expect(s.openssl).toBe(ciphers);
    const input = {
      versionCode: f!.versionCode,
      kx: s.kx,
      auth: s.auth,
      clientRandom: f!.clientRandom,
      serverRandom: f!.serverRandom,
      body: f!.keyExchange!,
      key: new X509Certificate(f!.certs[0]!).publicKey,
    };
    expect(checkServerKeyExchange(input)).toEqual({ ok: true });
    const flipped = Buffer.from(input.clientRandom);
    flipped[0] = (flipped[0] as number) ^ 1;
    expect(checkServerKeyExchange({ ...input, clientRandom: flipped })).toMatchObject({ ok: false });
  });

  it('RSA key exchange (no ServerKeyExchange) is not checked here', async () => {
    const f = await flightFrom('rsa2048', 'TLSv1.2', 'AES128-GCM-SHA256:@SECLEVEL=0');
    expect(f?.certs.length).toBe(1);
    expect(f?.keyExchange).toBeNull();
  });
});
