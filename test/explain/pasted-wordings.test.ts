// Wordings QA pasted that were misread or not recognised: .NET TLS alerts and resets, the OpenSSL error family, Exim direction, GnuTLS, curl/Schannel.
// These are typed samples (QA's texts, in the shape the software prints them), not texts from a public source.
import { describe, expect, it } from 'vitest';
import { explain } from '../../src/explain/explain.js';
import { CATALOG } from '../../src/cli/catalog.js';

const first = (text: string) => explain(text).matches[0];

describe('.NET "the remote party sent a TLS alert" is TLS authentication, never SMTP AUTH', () => {
  const dotnet = (name: string) =>
    `System.Security.Authentication.AuthenticationException: Authentication failed because the remote party sent a TLS alert: '${name}'.`;
  it.each([
    ['ProtocolVersion', 'sig.alert-protocol-version', '70 (protocol_version)'],
    ['HandshakeFailure', 'sig.alert-handshake-failure', '40 (handshake_failure)'],
    ['BadCertificate', 'sig.dotnet-tls-alert', '42 (bad_certificate)'],
    ['UnknownCA', 'sig.dotnet-tls-alert', '48 (unknown_ca)'],
    ['CertificateUnknown', 'sig.dotnet-tls-alert', '46 (certificate_unknown)'],
    ['DecodeError', 'sig.dotnet-tls-alert', '50 (decode_error)'],
    ['InsufficientSecurity', 'sig.dotnet-tls-alert', '71 (insufficient_security)'],
    ['InternalError', 'sig.dotnet-tls-alert', '80 (internal_error)'],
  ])("'%s' → %s with alert %s", (name, id, alert) => {
    const r = explain(dotnet(name));
    expect(r.notTls).toBeNull();
    expect(r.matches.map((m) => m.id)).toEqual([id]);
    expect(r.matches[0]!.details.alert).toBe(alert);
  });
  it('inside "A call to SSPI failed" the alert is the reading, with curly quotes too', () => {
    const r = explain(
      'A call to SSPI failed, see inner exception. ---> Authentication failed because the remote party sent a TLS alert: \u2018ProtocolVersion\u2019',
    );
    expect(r.matches.map((m) => m.id)).toEqual(['sig.alert-protocol-version']);
  });
  it('an alert name .NET does not have is kept as the name', () => {
    expect(first(dotnet('SomethingNew'))!.details).toEqual({ alert: 'SomethingNew' });
  });
  it('a real SMTP AUTH failure is still not TLS', () => {
    expect(explain('535 5.7.3 Authentication unsuccessful').notTls?.kind).toBe('auth');
  });
});

describe('.NET SmtpClient: connection forcibly closed while starting TLS', () => {
  it('on its own (a firewall can do it too) the reading is the same, with medium confidence', () => {
    const m = first(
      'System.IO.IOException: Unable to read data from the transport connection: An existing connection was forcibly closed by the remote host.',
    )!;
    expect(m.id).toBe('sig.dotnet-connection-reset');
    expect(m.confidence).toBeLessThan(0.9);
  });
  it('is a TLS entry with the .NET 4.x registry cause, not "no TCP connection"', () => {
    const r = explain(
      'Unable to connect to the remote server ---> System.IO.IOException: Unable to read data from the transport connection: An existing connection was forcibly closed by the remote host.',
    );
    expect(r.notTls).toBeNull();
    expect(r.matches[0]!.id).toBe('sig.dotnet-connection-reset');
    expect(r.matches[0]!.fix).toMatch(/SchUseStrongCrypto/);
    expect(r.matches[0]!.fix).toMatch(/SystemDefaultTlsVersions/);
    expect(r.matches[0]!.cause).toMatch(/\.NET Framework 4\.x/);
  });
  it('a bare "Unable to connect to the remote server" stays a connection error', () => {
    expect(explain('Unable to connect to the remote server').notTls?.kind).toBe('connection');
  });
});

describe('OpenSSL error strings and codes (1.x and 3.x)', () => {
  it.each([
    ['STARTTLS=server: 7561:error:1408A0C1:SSL routines:ssl3_get_client_hello:no shared cipher:s3_srvr.c:1440:', 'sig.no-shared-cipher'],
    ['error:1417A0C1:SSL routines:tls_post_process_client_hello:no shared cipher', 'sig.no-shared-cipher'],
    ['error:0A0000C1:SSL routines::no shared cipher', 'sig.no-shared-cipher'],
    ['error:0A0000C1', 'sig.no-shared-cipher'],
    ['error:14209102:SSL routines:tls_early_post_process_client_hello:unsupported protocol', 'sig.unsupported-protocol'],
    ['error:0A000102', 'sig.unsupported-protocol'],
    ['error:1408F10B:SSL routines:ssl3_get_record:wrong version number', 'sig.wrong-version-number'],
    ['error:0A00010B', 'sig.wrong-version-number'],
    ['error:1409442E:SSL routines:ssl3_read_bytes:tlsv1 alert protocol version', 'sig.alert-protocol-version'],
    ['error:0A00042E:SSL routines::tlsv1 alert protocol version:ssl/record/rec_layer_s3.c:1584:SSL alert number 70', 'sig.alert-protocol-version'],
    ['error:0A00042E', 'sig.alert-protocol-version'],
    ['error:14094410:SSL routines:ssl3_read_bytes:sslv3 alert handshake failure', 'sig.alert-handshake-failure'],
    ['error:0A000410', 'sig.alert-handshake-failure'],
    ['error:1417D18C:SSL routines:tls_process_client_hello:version too low', 'sig.version-too-low'],
    ['error:0A00018C', 'sig.version-too-low'],
    ['error:140A90C4:SSL routines:SSL_CTX_new:null ssl method passed', null],
    ['error:141E70BF:SSL routines:tls_construct_client_hello:no protocols available', 'sig.no-protocols-available'],
    ['error:0A0000BF:SSL routines::no protocols available', 'sig.no-protocols-available'],
    ['error:141A318A:SSL routines:tls_process_ske_dhe:dh key too small', 'sig.dh-key-too-small'],
    ['error:0A00018A:SSL routines::dh key too small', 'sig.dh-key-too-small'],
  ])('%s → %s', (text, id) => {
    expect(first(text)?.id ?? null).toBe(id);
  });
  it('an unrelated hex code that merely ends like one is not matched', () => {
    expect(first('error:0B0000C1:x509 certificate routines::something')).toBeUndefined();
  });
});

describe('Exim: the direction comes from "connection to" / "connection from"', () => {
  it.each([
    [
      '2024-01-15 10:22:31 1rPabc-000123-AB TLS error on connection to mx.example.org [192.0.2.1] (gnutls_handshake): A TLS fatal alert has been received.',
      'outbound',
    ],
    [
      '2024-01-15 10:22:31 TLS error on connection to mx.example.org [192.0.2.1] (SSL_connect): error:0A000410:SSL routines::sslv3 alert handshake failure',
      'outbound',
    ],
    ['2024-01-15 10:22:31 TLS error on connection from mout.example.net [212.227.15.15] (gnutls_handshake): A TLS fatal alert has been received.', 'inbound'],
    ['2012-07-11 13:12:25 TLS error on connection from [203.0.113.9] (SSL_accept): timed out', 'inbound'],
    // Real (jetmore/swaks#30, also a corpus.jsonl row): Exim with GnuTLS receiving.
    ['LOG: TLS error on connection from (SERVERNAME) [SERVERIP] (gnutls_handshake): A TLS packet with unexpected length was received.', 'inbound'],
  ])('%s → %s', (text, direction) => {
    const m = explain(text).matches.find((x) => x.id === 'sig.exim-tls-error');
    expect(m?.direction).toBe(direction);
  });
});

describe('texts that were not recognised', () => {
  it.each([
    ['TLS 1.0 and 1.1 are not supported', 'sig.4-7-66'],
    ['550 5.7.1 TLS 1.2 or higher is required', 'sig.tls12-required'],
    ['554 5.7.0 This server requires TLS 1.2 or higher', 'sig.tls12-required'],
    ['gnutls_handshake: Error in the push function. TLS session unexpectedly closed', 'sig.gnutls-handshake'],
    ['msmtp: TLS handshake failed: the operation timed out\nmsmtp: gnutls_handshake failed: Error in the pull function.', 'sig.gnutls-handshake'],
    ['schannel: failed to receive handshake, SSL/TLS connection failed', 'sig.curl-schannel-handshake'],
    ['curl: (35) schannel: failed to receive handshake, SSL/TLS connection failed', 'sig.curl-schannel-handshake'],
  ])('%s → %s', (text, id) => {
    const r = explain(text);
    expect(r.matches[0]?.id).toBe(id);
  });
  it('the GnuTLS reason is kept as a detail', () => {
    expect(first('gnutls_handshake: Error in the push function. TLS session unexpectedly closed')!.details.reason).toBe(
      'Error in the push function. TLS session unexpectedly closed',
    );
  });
});

describe('explaining a finding id fills every placeholder with generic words', () => {
  // `${tls_version}` is Sendmail's macro, quoted on purpose in logs.unknown-version; only `{name}` is a placeholder.
  const raw = /(?<!\$)\{[a-zA-Z0-9_]+\}/;
  it.each(['en', 'nl'] as const)('no raw {placeholder} in any entry (%s)', (lang) => {
    const bad: string[] = [];
    for (const id of Object.keys(CATALOG)) {
      const m = explain(id, { lang }).matches[0];
      if (!m) {
        bad.push(`${id}: not explained`);
        continue;
      }
      for (const [k, v] of Object.entries({ title: m.title, message: m.message, cause: m.cause, fix: m.fix, check: m.check ?? '' })) {
        if (raw.test(v)) bad.push(`${id} ${k}: ${v}`);
      }
    }
    expect(Object.keys(CATALOG).length).toBeGreaterThan(200);
    expect(bad).toEqual([]);
  });
  it('tls.no-common-suite reads "the server … its suites" / "de server … zijn suites"', () => {
    expect(explain('tls.no-common-suite').matches[0]!.message).toMatch(/^The server accepts TLS 1\.2 .*\(it chose its suites\)/);
    expect(explain('tls.no-common-suite', { lang: 'nl' }).matches[0]!.message).toMatch(/^De server accepteert TLS 1\.2 .*\(koos zijn suites\)/);
  });
  it('a recognised text still shows its measured values, not the generic words', () => {
    expect(explain('A fatal alert was received from the remote endpoint. The TLS protocol defined fatal alert code is 48.').matches[0]!.details.alert).toBe(
      '48 (unknown_ca)',
    );
  });
});
