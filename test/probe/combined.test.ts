// Answers taken from a hello that asked more than one thing, checked against asking every question by its own hello
// (reuseHandshake: false) on node:tls STARTTLS servers: TLS 1.1 and 1.0 in one hello on a TLS 1.3 server (each answer
// that hello can get: both refused, TLS 1.1, TLS 1.0, no common suite), and Exchange Online's TLS 1.2 suites refused
// by the TLS 1.2 hello that already offered them all.
import { X509Certificate, constants } from 'node:crypto';
import type { Socket } from 'node:net';
import { TLSSocket, createSecureContext, type SecureContextOptions } from 'node:tls';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { probeHost, type HostProbeOptions } from '../../src/probe/host.js';
import type { HostResult } from '../../src/probe/types.js';
import { buildClientHello, parseClientHello } from '../../src/tls/hello.js';
import { generateCertificate, type GeneratedCert } from '../../src/tls/certs.js';
import { onLines, rawServer, smtpUpToStarttls, type RawServer } from '../smtp/servers.js';

let cert: GeneratedCert;
const servers: RawServer[] = [];
beforeAll(async () => {
  cert = await generateCertificate({ commonName: 'mx.test' });
});
afterAll(async () => {
  await Promise.all(servers.map((s) => s.close()));
});

/** A STARTTLS server whose TLS is node:tls with `tls` options; EHLO and QUIT answered inside TLS too. */
async function starttlsServer(tls: SecureContextOptions, secureOptions = 0): Promise<number> {
  const secureContext = createSecureContext({ key: cert.keyPem, cert: cert.certPem, ...tls, ...(secureOptions ? { secureOptions } : {}) });
  const server = await rawServer((s) =>
    smtpUpToStarttls(s, {
      afterStarttls: (raw) => {
        const t = new TLSSocket(raw, { isServer: true, secureContext });
        t.on('error', () => raw.destroy());
        onLines(t as unknown as Socket, (line) => {
          const verb = line.slice(0, 4).toUpperCase();
          if (verb === 'QUIT') t.end('221 bye\r\n');
          else t.write(verb === 'EHLO' ? '250 test.invalid\r\n' : '502 5.5.2 no\r\n');
        });
      },
    }),
  );
  servers.push(server);
  return server.port;
}

const shape = (h: HostResult) => ({
  verdict: h.verdict,
  versions: h.tls.versions,
  ciphers: h.tls.ciphers,
  findings: h.findings.map((f) => ({ id: f.id, params: f.params })),
});
const OPTS: HostProbeOptions = { timeoutMs: 5000, depth: 'versions' };
const LEGACY = 'DEFAULT:@SECLEVEL=0';

/** Probes with and without answers taken from combined hellos; the answers must be the same. */
async function both(port: number): Promise<{ quick: HostResult; full: HostResult }> {
  const target = { name: null, ip: '127.0.0.1', port, mxPreference: null };
  const full = await probeHost(target, { ...OPTS, reuseHandshake: false });
  const quick = await probeHost(target, OPTS);
  expect(shape(quick)).toEqual(shape(full));
  return { quick, full };
}

describe('hello that offers TLS 1.1 and 1.0 together (supported_versions)', () => {
  it('lists the versions after the other extensions, client_version unchanged; TLS 1.3 first in a TLS 1.3 hello; never in SSLv3', () => {
    const h = parseClientHello(buildClientHello({ version: 'TLSv1.1', suites: [0x002f], offerVersions: ['TLSv1.1', 'TLSv1.0'] }));
    expect(h.kind).toBe('client-hello');
    if (h.kind !== 'client-hello') return;
    expect(h.hello.legacyVersion).toBe(0x0302);
    expect(h.hello.supportedVersions).toEqual([0x0302, 0x0301]);
    expect(h.hello.extensions.at(-1)).toBe(43);
    for (const version of ['SSLv3', 'TLSv1.3'] as const) {
      const other = parseClientHello(buildClientHello({ version, suites: [0x1301], offerVersions: ['TLSv1.1', 'TLSv1.0'] }));
      expect(other.kind === 'client-hello' && other.hello.supportedVersions).toEqual(version === 'SSLv3' ? [] : [0x0304, 0x0302, 0x0301]);
    }
    // the first hello of a host: TLS 1.3 and older suites, one supported_versions and one psk_key_exchange_modes
    const first = parseClientHello(buildClientHello({ version: 'TLSv1.3', suites: [0x1301, 0xc030], offerVersions: ['TLSv1.2', 'TLSv1.1', 'TLSv1.0'] }));
    expect(first.kind).toBe('client-hello');
    if (first.kind !== 'client-hello') return;
    expect(first.hello.legacyVersion).toBe(0x0303);
    expect(first.hello.supportedVersions).toEqual([0x0304, 0x0303, 0x0302, 0x0301]);
    expect(first.hello.suites).toEqual([0x1301, 0xc030]);
    expect(first.hello.extensions.filter((e) => e === 43 || e === 45)).toEqual([43, 45]);
    expect(first.hello.signatureAlgorithms.length).toBeGreaterThan(0);
  });

  it('TLS 1.3 server that refuses TLS 1.1 and 1.0: one protocol_version alert answers both', async () => {
    const { quick, full } = await both(await starttlsServer({ minVersion: 'TLSv1.2', maxVersion: 'TLSv1.3' }));
    expect(quick.tls.versions).toEqual({ SSLv3: false, 'TLSv1.0': false, 'TLSv1.1': false, 'TLSv1.2': true, 'TLSv1.3': true });
    // full: handshake, 1.3, 1.2, 1.1, 1.0, SSLv3; quick: handshake, 1.2, 1.1+1.0, SSLv3; both: the complete handshake
    // made as Exchange Online makes it, which a pass needs
    expect([full.connections, quick.connections]).toEqual([7, 5]);
  });

  it("TLS 1.3 server that accepts TLS 1.1: the answer is TLS 1.1's own; TLS 1.0 asked on its own", async () => {
    const { quick, full } = await both(await starttlsServer({ minVersion: 'TLSv1', maxVersion: 'TLSv1.3', ciphers: LEGACY }));
    expect(quick.tls.versions).toEqual({ SSLv3: false, 'TLSv1.0': true, 'TLSv1.1': true, 'TLSv1.2': true, 'TLSv1.3': true });
    expect([full.connections, quick.connections]).toEqual([7, 6]);
  });

  it('TLS 1.3 server with TLS 1.0 but not 1.1: TLS 1.1 refused, TLS 1.0 accepted with the suite of its own hello', async () => {
    const port = await starttlsServer({ minVersion: 'TLSv1', maxVersion: 'TLSv1.3', ciphers: LEGACY }, constants.SSL_OP_NO_TLSv1_1);
    const { quick, full } = await both(port);
    expect(quick.tls.versions).toEqual({ SSLv3: false, 'TLSv1.0': true, 'TLSv1.1': false, 'TLSv1.2': true, 'TLSv1.3': true });
    expect([full.connections, quick.connections]).toEqual([7, 5]);
  });

  it('TLS 1.3 server with TLS 1.1/1.0 but no suite for them: handshake_failure decides nothing, both asked on their own', async () => {
    const port = await starttlsServer({ minVersion: 'TLSv1', maxVersion: 'TLSv1.3', ciphers: `ECDHE-RSA-AES128-GCM-SHA256:@SECLEVEL=0` });
    const { quick, full } = await both(port);
    expect(quick.tls.versions).toEqual({ SSLv3: false, 'TLSv1.0': false, 'TLSv1.1': false, 'TLSv1.2': true, 'TLSv1.3': true });
    // the combined hello costs one connection here: handshake, 1.2, 1.1+1.0, 1.1, 1.0, SSLv3, complete handshake
    expect([full.connections, quick.connections]).toEqual([7, 7]);
  });

  it('a server that never answered TLS 1.3 is asked every version on its own', async () => {
    const { quick } = await both(await starttlsServer({ minVersion: 'TLSv1.2', maxVersion: 'TLSv1.2' }));
    expect(quick.tls.versions).toEqual({ SSLv3: false, 'TLSv1.0': false, 'TLSv1.1': false, 'TLSv1.2': true, 'TLSv1.3': false });
    // handshake (answers 1.3, and 1.2 with its suite), 1.1, 1.0, SSLv3, complete handshake
    expect(quick.connections).toBe(5);
  });
});

describe("Exchange Online's TLS 1.2 suites", () => {
  it('refused by the TLS 1.2 hello that offered them all: no hello of their own', async () => {
    // AES128-SHA is not among the first 64 TLS 1.2 candidates: the first hello (which holds every EO suite) is refused
    const { quick, full } = await both(await starttlsServer({ minVersion: 'TLSv1.2', maxVersion: 'TLSv1.2', ciphers: 'AES128-SHA:@SECLEVEL=0' }));
    expect(quick.tls.ciphers['TLSv1.2']).toEqual(['TLS_RSA_WITH_AES_128_CBC_SHA']);
    expect(quick.findings.map((f) => f.id)).toContain('tls.no-common-suite');
    // full: handshake, 1.3, 1.2 ×2, EO, 1.1, 1.0, SSLv3; quick: the same without the 1.3, the first 1.2 hello (the
    // first hello answered TLS 1.2 with AES128-SHA) and the EO hello
    expect([full.connections, quick.connections]).toEqual([8, 5]);
  });
});

describe('the complete handshake a pass needs', () => {
  it('a 421 on its connection (and only there) is inconclusive with the reason, never a fail', async () => {
    const secureContext = createSecureContext({ key: cert.keyPem, cert: cert.certPem, minVersion: 'TLSv1.2', maxVersion: 'TLSv1.2' });
    // TLS 1.2-only: first hello (answers TLS 1.2), 1.1, 1.0, SSLv3 (connections 0–3), then the complete handshake (4)
    const server = await rawServer((s, i) => {
      if (i === 4) {
        s.end('421 4.7.0 too many connections\r\n');
        return;
      }
      smtpUpToStarttls(s, {
        afterStarttls: (raw) => {
          const t = new TLSSocket(raw, { isServer: true, secureContext });
          t.on('error', () => raw.destroy());
        },
      });
    });
    servers.push(server);
    const r = await probeHost({ name: 'mx.test', ip: '127.0.0.1', port: server.port, mxPreference: null }, OPTS);
    expect(r.tls.versions['TLSv1.2']).toBe(true);
    expect(r.connections).toBe(5);
    expect(r.tls.session).toBeNull();
    expect(r.findings.map((f) => f.id)).toContain('smtp.throttled');
    expect(r.throttled).toBe(true); // what scan retries on
    expect(r.findings.map((f) => f.id)).not.toContain('tls.session-failed');
    expect(r.verdict).toBe('inconclusive');
  });
});

describe('where the certificate comes from', () => {
  it('a TLS 1.2 server: from the plaintext answer to the first hello, no connection for the chain', async () => {
    const port = await starttlsServer({ minVersion: 'TLSv1.2', maxVersion: 'TLSv1.2' });
    const r = await probeHost({ name: 'mx.test', ip: '127.0.0.1', port, mxPreference: null }, OPTS);
    expect(r.tls.negotiated?.version).toBe('TLSv1.2');
    expect(r.tls.certificate?.subject).toBe('CN=mx.test');
    // first hello (TLS 1.2 with its suite + certificate), 1.1, 1.0, SSLv3, and the complete handshake a pass needs
    expect(r.connections).toBe(5);
    expect(r.tls.session).toEqual({ version: 'TLSv1.2', cipher: 'TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384' });
  });

  it('a TLS 1.3-only server (certificate always encrypted): the complete handshake a pass needs gives it, same certificate', async () => {
    const port = await starttlsServer({ minVersion: 'TLSv1.3', maxVersion: 'TLSv1.3' });
    const r = await probeHost({ name: 'mx.test', ip: '127.0.0.1', port, mxPreference: null }, OPTS);
    expect(r.tls.versions).toEqual({ SSLv3: false, 'TLSv1.0': false, 'TLSv1.1': false, 'TLSv1.2': false, 'TLSv1.3': true });
    expect(r.tls.certificate?.subject).toBe('CN=mx.test');
    expect(r.tls.certificate?.fingerprintSha256).toBe(new X509Certificate(cert.certPem).fingerprint256);
    expect(r.findings.map((f) => f.id)).not.toContain('cert.unavailable');
    // first hello (TLS 1.3), TLS 1.2, TLS 1.1 + 1.0 together, SSLv3, then the complete handshake (proof and chain)
    expect(r.connections).toBe(5);
  });
});
