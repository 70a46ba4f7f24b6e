// The TLS-failure classifier: a table over codes and alert numbers, and the errors node:tls really raises against real
// OpenSSL peers on loopback (so the table is true for this Node/OpenSSL, not for one we imagined).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { once } from 'node:events';
import { createServer as createNetServer, connect as netConnect, type AddressInfo, type Server, type Socket } from 'node:net';
import { connect as tlsConnect, createServer as createTlsServer, type ConnectionOptions, type TlsOptions } from 'node:tls';
import { classifyTlsError, failureFromAlert, failureFromClose, type TlsFailure } from '../../src/tls/failure.js';
import { generateCertificate, type GeneratedCert } from '../../src/tls/certs.js';
import { buildAlert, buildClientHello } from '../../src/tls/hello.js';
import { SmtpError, tlsFailureOf } from '../../src/smtp/errors.js';

/** Each wanted field as given; a field wanted `undefined` must be absent. */
function expectFailure(got: TlsFailure, want: Partial<TlsFailure>): void {
  for (const [k, v] of Object.entries(want)) expect(got[k as keyof TlsFailure], k).toBe(v);
}

describe('classifyTlsError: codes and fields, never the message', () => {
  const table: [string, unknown, Partial<TlsFailure>][] = [
    ['alert 70 from the peer', { code: 'ERR_SSL_TLSV1_ALERT_PROTOCOL_VERSION' }, { kind: 'version-refused', alert: 70, alertName: 'protocol_version' }],
    ['OpenSSL refusing the version the server chose', { code: 'ERR_SSL_UNSUPPORTED_PROTOCOL' }, { kind: 'version-refused', alert: undefined }],
    ['no version left to offer', 'ERR_SSL_NO_PROTOCOLS_AVAILABLE', { kind: 'version-refused' }],
    ['alert 40 from the peer', { code: 'ERR_SSL_SSLV3_ALERT_HANDSHAKE_FAILURE' }, { kind: 'no-common-suite', alert: 40 }],
    ['alert 71 from the peer', { code: 'ERR_SSL_TLSV1_ALERT_INSUFFICIENT_SECURITY' }, { kind: 'no-common-suite', alert: 71 }],
    ['no shared cipher (server side)', { code: 'ERR_SSL_NO_SHARED_CIPHER' }, { kind: 'no-common-suite', alert: undefined }],
    ['a suite that was not offered', { code: 'ERR_SSL_WRONG_CIPHER_RETURNED' }, { kind: 'no-common-suite' }],
    ['alert 42', { code: 'ERR_SSL_SSLV3_ALERT_BAD_CERTIFICATE' }, { kind: 'certificate', alert: 42 }],
    ['alert 48', { code: 'ERR_SSL_TLSV1_ALERT_UNKNOWN_CA' }, { kind: 'certificate', alert: 48 }],
    ['alert 51', { code: 'ERR_SSL_TLSV1_ALERT_DECRYPT_ERROR' }, { kind: 'certificate', alert: 51 }],
    ['local verification', { code: 'DEPTH_ZERO_SELF_SIGNED_CERT' }, { kind: 'certificate', alert: undefined }],
    ['alert 80', { code: 'ERR_SSL_TLSV1_ALERT_INTERNAL_ERROR' }, { kind: 'alert', alert: 80, alertName: 'internal_error' }],
    [
      'alert 44 (revoked: not one the receiver reads as "our certificate refused")',
      { code: 'ERR_SSL_SSLV3_ALERT_CERTIFICATE_REVOKED' },
      { kind: 'alert', alert: 44 },
    ],
    ['a plaintext answer', { code: 'ERR_SSL_WRONG_VERSION_NUMBER' }, { kind: 'not-tls' }],
    ['an HTTP answer', { code: 'ERR_SSL_HTTP_REQUEST' }, { kind: 'not-tls' }],
    ['a reset met on a read', { code: 'ECONNRESET', syscall: 'read', errno: -104 }, { kind: 'reset' }],
    ['a close before the handshake finished (node reports ECONNRESET without syscall)', { code: 'ECONNRESET' }, { kind: 'closed' }],
    ['EOF inside the handshake', { code: 'ERR_SSL_UNEXPECTED_EOF_WHILE_READING' }, { kind: 'closed' }],
    ['EPIPE', { code: 'EPIPE', syscall: 'write' }, { kind: 'reset' }],
    ['a timeout', 'ETIMEDOUT', { kind: 'timeout' }],
    [
      'an alert code OpenSSL names but the table does not know',
      { code: 'ERR_SSL_TLSV1_ALERT_SOMETHING_NEW' },
      { kind: 'other', code: 'ERR_SSL_TLSV1_ALERT_SOMETHING_NEW' },
    ],
    ['no code', new Error('sslv3 alert handshake failure'), { kind: 'other', code: undefined }],
    ['nothing', undefined, { kind: 'other' }],
  ];
  it.each(table)('%s', (_what, input, want) => {
    expectFailure(classifyTlsError(input), want);
  });

  it('never reads the message: the same text with a different code classifies by the code', () => {
    const e = Object.assign(new Error('tlsv1 alert protocol version ... SSL alert number 70'), { code: 'ERR_SSL_WRONG_VERSION_NUMBER' });
    expect(classifyTlsError(e).kind).toBe('not-tls');
  });
});

describe('failureFromAlert / failureFromClose: what came off the wire', () => {
  it.each([
    [70, 'version-refused'],
    [40, 'no-common-suite'],
    [71, 'no-common-suite'],
    [42, 'certificate'],
    [43, 'certificate'],
    [45, 'certificate'],
    [46, 'certificate'],
    [48, 'certificate'],
    [51, 'certificate'],
    [80, 'alert'],
    [112, 'alert'],
    [255, 'alert'],
  ] as const)('alert %i → %s', (n, kind) => {
    const f = failureFromAlert(n);
    expect(f.kind).toBe(kind);
    expect(f.alert).toBe(n);
  });
  it('names a known alert and leaves an unknown one unnamed', () => {
    expect(failureFromAlert(80).alertName).toBe('internal_error');
    expect(failureFromAlert(255).alertName).toBeUndefined();
  });
  it.each([
    [undefined, 0, 'closed'],
    [null, 0, 'closed'],
    ['ECONNRESET', 0, 'reset'],
    ['EPIPE', 0, 'reset'],
    ['ECONNRESET', 12, 'malformed'],
    [undefined, 3, 'malformed'],
  ] as const)('close %s after %i bytes → %s', (error, bytes, kind) => {
    expect(failureFromClose(error, bytes).kind).toBe(kind);
  });
});

describe('tlsFailureOf: the SMTP client errors of upgrade()', () => {
  it('reads the classification the client stored, else the code', () => {
    expect(tlsFailureOf(new SmtpError('ETLS', 'x', 'tls', { cause: 'ECONNRESET', tls: { kind: 'reset', code: 'ECONNRESET' } }))).toEqual({
      kind: 'reset',
      code: 'ECONNRESET',
    });
    expect(tlsFailureOf(new SmtpError('ETLS', 'x', 'tls', { cause: 'ERR_SSL_TLSV1_ALERT_PROTOCOL_VERSION' })).kind).toBe('version-refused');
    expect(tlsFailureOf(new SmtpError('ETIMEDOUT', 'x', 'tls')).kind).toBe('timeout');
    expect(tlsFailureOf(new Error('not ours')).kind).toBe('other');
  });
});

/** Real errors: node:tls clients against real OpenSSL (node:tls) servers and raw servers on loopback. */
describe('the errors node:tls raises on this machine', () => {
  let cert: GeneratedCert;
  const servers: Server[] = [];
  beforeAll(async () => {
    cert = await generateCertificate({ commonName: 'localhost' });
  });
  afterAll(() => {
    for (const s of servers) s.close();
  });

  async function listening(s: Server): Promise<number> {
    servers.push(s);
    s.listen(0, '127.0.0.1');
    await once(s, 'listening');
    return (s.address() as AddressInfo).port;
  }
  /** The error a node:tls client gets (or a failure of the test when the handshake works). */
  function clientError(port: number, opts: ConnectionOptions = {}): Promise<NodeJS.ErrnoException> {
    return new Promise((resolve, reject) => {
      const s = tlsConnect({ host: '127.0.0.1', port, rejectUnauthorized: false, ...opts });
      s.once('secureConnect', () => {
        s.destroy();
        reject(new Error(`handshake unexpectedly made: ${s.getProtocol()}`));
      });
      s.once('error', resolve);
    });
  }
  const tlsServer = (o: TlsOptions): Server => {
    const s = createTlsServer({ cert: cert.certPem, key: cert.keyPem, ...o }, (c) => c.end());
    s.on('tlsClientError', () => undefined);
    return s;
  };
  const rawServer = (onHello: (s: Socket) => void): Server =>
    createNetServer((s) => {
      s.on('error', () => undefined);
      s.once('data', () => onHello(s));
    });

  it('a TLS 1.2+ client against a TLS 1.0-only server: the server says protocol_version (70) → version-refused', async () => {
    const port = await listening(tlsServer({ minVersion: 'TLSv1', maxVersion: 'TLSv1', ciphers: 'DEFAULT:@SECLEVEL=0' }));
    const e = await clientError(port, { minVersion: 'TLSv1.2' });
    expect(e.code).toBe('ERR_SSL_TLSV1_ALERT_PROTOCOL_VERSION');
    expectFailure(classifyTlsError(e), { kind: 'version-refused', alert: 70 });
  });

  it('a TLS 1.2-only client against a TLS 1.0-only server: the server answers TLS 1.0, OpenSSL refuses it → version-refused', async () => {
    const port = await listening(tlsServer({ minVersion: 'TLSv1', maxVersion: 'TLSv1', ciphers: 'DEFAULT:@SECLEVEL=0' }));
    const e = await clientError(port, { minVersion: 'TLSv1.2', maxVersion: 'TLSv1.2' });
    expect(e.code).toBe('ERR_SSL_UNSUPPORTED_PROTOCOL');
    expectFailure(classifyTlsError(e), { kind: 'version-refused', alert: undefined });
  });

  it('a TLS 1.0 client against a TLS 1.2+ server: both ends classify as version-refused', async () => {
    const s = tlsServer({ minVersion: 'TLSv1.2' });
    const serverSide = new Promise<NodeJS.ErrnoException>((r) => s.once('tlsClientError', r));
    const port = await listening(s);
    const e = await clientError(port, { minVersion: 'TLSv1', maxVersion: 'TLSv1', ciphers: 'DEFAULT:@SECLEVEL=0' });
    expectFailure(classifyTlsError(e), { kind: 'version-refused', alert: 70 });
    const se = await serverSide;
    expect(se.code).toBe('ERR_SSL_UNSUPPORTED_PROTOCOL');
    expect(classifyTlsError(se).kind).toBe('version-refused');
  });

  it('no common suite: the client gets handshake_failure (40), the server no shared cipher → no-common-suite', async () => {
    const s = tlsServer({ maxVersion: 'TLSv1.2', ciphers: 'AES128-SHA' });
    const serverSide = new Promise<NodeJS.ErrnoException>((r) => s.once('tlsClientError', r));
    const port = await listening(s);
    const e = await clientError(port, { maxVersion: 'TLSv1.2', ciphers: 'ECDHE-RSA-AES256-GCM-SHA384' });
    expect(e.code).toBe('ERR_SSL_SSLV3_ALERT_HANDSHAKE_FAILURE');
    expectFailure(classifyTlsError(e), { kind: 'no-common-suite', alert: 40 });
    const se = await serverSide;
    expect(se.code).toBe('ERR_SSL_NO_SHARED_CIPHER');
    expectFailure(classifyTlsError(se), { kind: 'no-common-suite', alert: undefined });
  });

  // A raw server's answer to the ClientHello → node:tls's error code (and syscall: node reports a reset and a clean
  // close both as ECONNRESET, only the reset with the syscall that met it) → the kind.
  const answers: [string, (s: Socket) => void, string, string | undefined, TlsFailure['kind'], number | undefined][] = [
    [
      'a plaintext port (an SMTP greeting where a ServerHello should be)',
      (s) => s.write('220 mx.example ESMTP\r\n'),
      'ERR_SSL_WRONG_VERSION_NUMBER',
      undefined,
      'not-tls',
      undefined,
    ],
    ['a reset', (s) => s.resetAndDestroy(), 'ECONNRESET', 'read', 'reset', undefined],
    ['a clean close', (s) => s.end(), 'ECONNRESET', undefined, 'closed', undefined],
    ['alert 80', (s) => s.end(buildAlert(80)), 'ERR_SSL_TLSV1_ALERT_INTERNAL_ERROR', undefined, 'alert', 80],
    ['alert 70', (s) => s.end(buildAlert(70)), 'ERR_SSL_TLSV1_ALERT_PROTOCOL_VERSION', undefined, 'version-refused', 70],
    ['alert 71', (s) => s.end(buildAlert(71)), 'ERR_SSL_TLSV1_ALERT_INSUFFICIENT_SECURITY', undefined, 'no-common-suite', 71],
    ['alert 48', (s) => s.end(buildAlert(48)), 'ERR_SSL_TLSV1_ALERT_UNKNOWN_CA', undefined, 'certificate', 48],
  ];
  it.each(answers)('a server answering with %s', async (_what, answer, code, syscall, kind, alert) => {
    const port = await listening(rawServer(answer));
    const e = await clientError(port);
    expect(e.code).toBe(code);
    expect(e.syscall).toBe(syscall);
    expectFailure(classifyTlsError(e), { kind, alert });
  });

  it('a client that verifies and rejects a self-signed certificate → certificate, from the local code (no alert)', async () => {
    const port = await listening(tlsServer({}));
    const e = await clientError(port, { rejectUnauthorized: true });
    expect(e.code).toBe('DEPTH_ZERO_SELF_SIGNED_CERT');
    expectFailure(classifyTlsError(e), { kind: 'certificate', alert: undefined });
  });

  it.each([
    [42, 'ERR_SSL_SSLV3_ALERT_BAD_CERTIFICATE'],
    [46, 'ERR_SSL_SSLV3_ALERT_CERTIFICATE_UNKNOWN'],
    [48, 'ERR_SSL_TLSV1_ALERT_UNKNOWN_CA'],
    [51, 'ERR_SSL_TLSV1_ALERT_DECRYPT_ERROR'],
  ] as const)('a server whose client refuses its certificate with alert %i gets %s → certificate', async (n, code) => {
    const s = tlsServer({});
    const serverSide = new Promise<NodeJS.ErrnoException>((r) => s.once('tlsClientError', r));
    const port = await listening(s);
    const c = netConnect(port, '127.0.0.1');
    c.on('error', () => undefined);
    await once(c, 'connect');
    c.write(buildClientHello({ version: 'TLSv1.2', suites: [0xc02f, 0xc030, 0x009c], scsv: false }));
    await once(c, 'data'); // the server's flight, certificate included
    c.write(buildAlert(n));
    const se = await serverSide;
    c.destroy();
    expect(se.code).toBe(code);
    expectFailure(classifyTlsError(se), { kind: 'certificate', alert: n });
  });
});
