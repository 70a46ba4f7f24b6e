// probe against hostile and broken servers (scripted raw `net` servers on loopback): each ends within its deadline with a
// clear finding, bounded memory, sanitised text, and nothing thrown. Also a hand-written SSLv3/RC4 responder, checked
// against sslscan, because no TLS library on this machine can serve those.
import { createPrivateKey, sign as cryptoSign } from 'node:crypto';
import type { Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { probe, probeHost } from '../../src/probe/probe.js';
import type { HostResult, ProbeOptions } from '../../src/probe/types.js';
import { parseClientHello } from '../../src/tls/hello.js';
import { onLines, rawServer, smtpUpToStarttls, type RawServer } from '../smtp/servers.js';
import { sslscan } from '../harness/tools.js';
import { generateCertificate } from '../../src/tls/certs.js';

let server: RawServer | null = null;
afterEach(async () => {
  await server?.close();
  server = null;
});

const OPTS: ProbeOptions = { timeoutMs: 1500, hostDeadlineMs: 20_000 };
const ids = (h: HostResult): string[] => h.findings.map((f) => f.id);

async function run(script: (s: Socket, i: number) => void, opts: ProbeOptions = OPTS): Promise<HostResult> {
  server = await rawServer(script);
  return probeHost({ name: 'mx.test', ip: '127.0.0.1', port: server.port, mxPreference: null }, opts);
}

describe('probe vs hostile servers', () => {
  it('closed port: connect failure, inconclusive', async () => {
    server = await rawServer(() => undefined);
    const port = server.port;
    await server.close();
    server = null;
    const r = await probeHost({ name: null, ip: '127.0.0.1', port, mxPreference: null }, OPTS);
    expect(ids(r)).toEqual(['smtp.connect-failed']);
    expect(r.verdict).toBe('inconclusive');
  });

  it('silent server: timeout in the greeting, inconclusive', async () => {
    const r = await run(() => undefined);
    expect(ids(r)).toEqual(['smtp.timeout']);
    expect(r.findings[0]!.message).toMatch(/greeting/);
    expect(r.verdict).toBe('inconclusive');
  });

  it('one byte at a time: ends at the step deadline', async () => {
    const start = Date.now();
    const r = await run((s) => {
      const t = setInterval(() => (s.destroyed ? clearInterval(t) : s.write('2')), 100);
    });
    expect(ids(r)).toEqual(['smtp.timeout']);
    expect(Date.now() - start).toBeLessThan(6000);
  });

  it('endless line, 10 MB banner, binary garbage: limit or protocol findings', async () => {
    const endless = await run((s) => s.write(Buffer.alloc(64 * 1024, 0x41)));
    expect(ids(endless)).toEqual(['smtp.limit-exceeded']);
    await server!.close();
    const big = await run((s) => {
      const chunk = Buffer.from('220-spam spam spam spam spam spam\r\n'.repeat(4000));
      let sent = 0;
      const pump = (): void => {
        while (sent < 10 * 1024 * 1024 && !s.destroyed) {
          sent += chunk.length;
          if (!s.write(chunk)) return void s.once('drain', pump);
        }
      };
      pump();
    });
    expect(ids(big)).toEqual(['smtp.limit-exceeded']);
    await server!.close();
    const garbage = await run((s) => s.write(Buffer.from([0x00, 0xff, 0x13, 0x37, 0x0a])));
    expect(ids(garbage)).toEqual(['smtp.protocol-error']);
    for (const r of [endless, big, garbage]) expect(r.verdict).toBe('inconclusive');
    for (const r of [endless, big, garbage]) expect(r.throttled).toBeUndefined();
  });

  it('421 too many connections: throttled and inconclusive, not "no TLS"', async () => {
    const r = await run((s) => s.end('421 4.7.0 mx.test Too many connections from your host\r\n'));
    expect(ids(r)).toEqual(['smtp.throttled']);
    expect(r.verdict).toBe('inconclusive');
    expect(r.throttled).toBe(true);
  });

  it('sanitises server text: escape sequences and fake log lines never reach the result raw', async () => {
    const r2 = await run((s) => {
      s.write('220 mx.test \x1b[31mred\x1b[0m \u202Eevil\r\n');
      onLines(s, (l) => {
        if (l.startsWith('EHLO')) s.write('250-mx.test\r\n250 SIZE 1\r\n');
        else if (l === 'QUIT') s.end('221 bye\r\n');
      });
    });
    expect(r2.smtp.banner).not.toMatch(/[\x1b\u202e]/);
    expect(r2.smtp.banner).toContain('\\x1b[31mred');
    expect(ids(r2)).toEqual(['starttls.not-offered']);
    expect(r2.verdict).toBe('fail');
  });

  it('a server that refuses EHLO and only speaks HELO: smtp.helo-only, no STARTTLS, fail', async () => {
    const r = await run((s) => {
      s.write('220 old.invalid SMTP\r\n');
      onLines(s, (line) => {
        const verb = line.slice(0, 4).toUpperCase();
        if (verb === 'HELO') s.write('250 old.invalid\r\n');
        else if (verb === 'QUIT') s.end('221 bye\r\n');
        else s.write('500 5.5.1 command unrecognized\r\n');
      });
    });
    expect(ids(r)).toEqual(['smtp.helo-only']);
    expect(r.smtp.starttls).toBe('not-offered');
    expect(r.verdict).toBe('fail');
  });

  it('STARTTLS refused (454) fails; a masked STARTTLS (XXXXXXXA) is named', async () => {
    const refused = await run((s) => smtpUpToStarttls(s, { starttlsReply: '454 4.7.0 TLS not available\r\n' }));
    expect(ids(refused)).toEqual(['starttls.refused']);
    expect(refused.verdict).toBe('fail');
    await server!.close();
    const masked = await run((s) => smtpUpToStarttls(s, { ehlo: ['XXXXXXXA', '8BITMIME'] }));
    expect(ids(masked)).toEqual(['starttls.masked']);
  });

  it('close in the middle of the handshake, half a ServerHello, garbage instead of TLS: clear findings, no hang', async () => {
    const closing = await run((s) => smtpUpToStarttls(s, { afterStarttls: (raw) => raw.once('data', () => raw.destroy()) }));
    expect(ids(closing)).toContain('tls.handshake-failed');
    expect(closing.tls.versions['TLSv1.2']).toBeNull(); // closed without a byte: no refusal seen (test/probe/no-answer.test.ts)
    expect(closing.verdict).toBe('fail');
    await server!.close();
    const half = await run((s) =>
      smtpUpToStarttls(s, { afterStarttls: (raw) => raw.once('data', () => raw.end(Buffer.from([0x16, 0x03, 0x03, 0x00, 0x40, 0x02, 0x00]))) }),
    );
    expect(ids(half)).toContain('tls.bad-server-hello');
    expect(half.tls.versions['TLSv1.2']).toBeNull();
    expect(half.verdict).toBe('inconclusive');
    await server!.close();
    const junk = await run((s) => smtpUpToStarttls(s, { afterStarttls: (raw) => raw.once('data', () => raw.write('500 what is this\r\n')) }));
    expect(ids(junk)).toContain('tls.bad-server-hello');
  });

  it('response injection after the 220 to STARTTLS is discarded and reported', async () => {
    const r = await run((s) =>
      smtpUpToStarttls(s, { starttlsReply: '220 go\r\n250-evil\r\n250 AUTH', afterStarttls: (raw) => raw.once('data', () => raw.destroy()) }),
    );
    const f = r.findings.find((x) => x.id === 'smtp.response-injection');
    expect(f?.params?.bytes).toBe('250-evil\r\n250 AUTH'.length);
    expect(r.smtp.bytesAfterStarttls).toBe(18);
  });

  it('the host deadline bounds a server that stalls every ClientHello', async () => {
    const start = Date.now();
    const r = await run((s) => smtpUpToStarttls(s), { timeoutMs: 1000, hostDeadlineMs: 3000 });
    expect(Date.now() - start).toBeLessThan(7000);
    expect(r.verdict).toBe('inconclusive');
    expect(ids(r)).toContain('probe.host-deadline');
  });

  it('refuses a private literal without --allow-private (exit 2 material), probes it with', async () => {
    const res = await probe('127.0.0.1:1');
    expect(res.hosts).toHaveLength(0);
    expect(res.findings.map((f) => f.id)).toEqual(['dns.address-refused', 'probe.nothing-tested']);
  });
});

/**
 * Answers every ClientHello that offers `version` (wire code) and suite 0xc030 with a ServerHello message for them
 * (server random: 32 × 9), then `after` sends the flight (the record with that message and what follows); refuses
 * anything else with a protocol_version alert.
 */
function flightResponder(version: number, after: (raw: Socket, hello: Buffer, clientRandom: Buffer, serverRandom: Buffer) => void) {
  return (raw: Socket): void =>
    onClientHello(raw, (p, buf) => {
      const offers =
        p.kind === 'client-hello' && (p.hello.supportedVersions.length > 0 ? p.hello.supportedVersions.includes(version) : p.hello.legacyVersion === version);
      if (p.kind !== 'client-hello' || !offers || !p.hello.suites.includes(0xc030)) return void raw.end(Buffer.from([21, 3, 1, 0, 2, 2, 70]));
      const serverRandom = Buffer.alloc(32, 9);
      const body = Buffer.concat([Buffer.from([version >> 8, version & 0xff]), serverRandom, Buffer.from([0, 0xc0, 0x30, 0])]);
      after(raw, Buffer.concat([Buffer.from([2, 0, 0, body.length]), body]), Buffer.from(buf.subarray(11, 43)), serverRandom);
    });
}

/** Gathers the client's first bytes after STARTTLS until they parse as a ClientHello (or cannot), then calls `fn` once. */
function onClientHello(raw: Socket, fn: (p: Exclude<ReturnType<typeof parseClientHello>, { kind: 'incomplete' }>, buf: Buffer) => void): void {
  let buf = Buffer.alloc(0);
  raw.on('data', (d: Buffer) => {
    buf = Buffer.concat([buf, d]);
    const p = parseClientHello(buf);
    if (p.kind === 'incomplete') return;
    raw.removeAllListeners('data');
    fn(p, buf);
  });
}
const tls12Responder = (after: (raw: Socket, hello: Buffer) => void) => flightResponder(0x0303, after);

describe('certificate chain read from the plaintext TLS 1.2 answer', () => {
  it('a flight sent one byte at a time is read whole and the certificate described', async () => {
    const cert = await generateCertificate({ commonName: 'mx.dribble.test', key: 'ecdsa-p256' });
    const der = Buffer.from(cert.certPem.replace(/-----[A-Z ]+-----|\s/g, ''), 'base64');
    const respond = tls12Responder((raw, hello) => {
      const entry = Buffer.concat([Buffer.from([der.length >> 16, (der.length >> 8) & 0xff, der.length & 0xff]), der]);
      const list = Buffer.concat([Buffer.from([entry.length >> 16, (entry.length >> 8) & 0xff, entry.length & 0xff]), entry]);
      const hs = Buffer.concat([hello, Buffer.from([11, list.length >> 16, (list.length >> 8) & 0xff, list.length & 0xff]), list]);
      const rec = Buffer.concat([Buffer.from([22, 3, 3, hs.length >> 8, hs.length & 0xff]), hs]);
      let i = 0;
      const drip = (): void => {
        if (raw.destroyed || i >= rec.length) return;
        raw.write(rec.subarray(i, i + 1));
        i++;
        setImmediate(drip);
      };
      drip();
    });
    server = await rawServer((s) => smtpUpToStarttls(s, { afterStarttls: respond }));
    const r = await probeHost({ name: 'mx.dribble.test', ip: '127.0.0.1', port: server.port, mxPreference: null }, { ...OPTS, depth: 'versions' });
    expect(r.tls.versions['TLSv1.2']).toBe(true);
    expect(r.tls.negotiated).toEqual({ version: 'TLSv1.2', cipher: 'TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384' });
    expect(r.tls.certificate?.subject).toBe('CN=mx.dribble.test');
    expect(r.tls.certificate?.nameMatches).toBe(true);
    expect(ids(r)).toContain('cert.self-signed');
  });

  it('a Certificate message that claims 16 MB: the answer still counts, no chain, no hang', async () => {
    const respond = tls12Responder((raw, hello) => {
      const hs = Buffer.concat([hello, Buffer.from([11, 0xff, 0xff, 0xff])]);
      raw.write(Buffer.concat([Buffer.from([22, 3, 3, hs.length >> 8, hs.length & 0xff]), hs]));
      const junk = Buffer.concat([Buffer.from([22, 3, 3, 0x40, 0x00]), Buffer.alloc(0x4000, 0x30)]);
      const more = (): void => {
        if (!raw.destroyed && raw.write(junk)) setImmediate(more);
        else if (!raw.destroyed) raw.once('drain', more);
      };
      more();
    });
    server = await rawServer((s) => smtpUpToStarttls(s, { afterStarttls: respond }));
    const start = Date.now();
    const r = await probeHost({ name: 'mx.test', ip: '127.0.0.1', port: server.port, mxPreference: null }, { ...OPTS, depth: 'versions' });
    expect(Date.now() - start).toBeLessThan(15_000);
    expect(r.tls.versions['TLSv1.2']).toBe(true);
    expect(r.tls.certificate).toBeNull();
    expect(ids(r)).toContain('cert.unavailable');
  });
});

/**
 * A TLS ≤ 1.2 first flight with an ECDHE ServerKeyExchange signed by `sign` (or not at all): ServerHello for `version`
 * and suite 0xc030, Certificate, ServerKeyExchange (x25519), ServerHelloDone. The signed data is built from the client's
 * own random, as a real server does.
 */
function skeResponder(version: number, der: Buffer, sign: (data: Buffer) => Buffer) {
  return flightResponder(version, (raw, hello, clientRandom, serverRandom) => {
    const msg = (type: number, body: Buffer): Buffer =>
      Buffer.concat([Buffer.from([type, body.length >> 16, (body.length >> 8) & 0xff, body.length & 0xff]), body]);
    const u24 = (n: number): Buffer => Buffer.from([n >> 16, (n >> 8) & 0xff, n & 0xff]);
    const cert = msg(11, Buffer.concat([u24(der.length + 3), u24(der.length), der]));
    const params = Buffer.concat([Buffer.from([3, 0x00, 0x1d, 32]), Buffer.alloc(32, 5)]);
    const sig = sign(Buffer.concat([clientRandom, serverRandom, params]));
    const sigAlg = version >= 0x0303 ? Buffer.from([0x04, 0x01]) : Buffer.alloc(0);
    const ske = msg(12, Buffer.concat([params, sigAlg, Buffer.from([sig.length >> 8, sig.length & 0xff]), sig]));
    const hs = Buffer.concat([hello, cert, ske, msg(14, Buffer.alloc(0))]);
    raw.write(Buffer.concat([Buffer.from([22, 3, version & 0xff, hs.length >> 8, hs.length & 0xff]), hs]));
  });
}

describe('ServerKeyExchange signature (the proof a complete handshake gives that the server holds the key)', () => {
  it("a signature by the certificate's key passes (TLS 1.2 RSA-SHA256, TLS 1.0 RSA MD5+SHA-1); any other fails the host", async () => {
    const c = await generateCertificate({ commonName: 'mx.ske.test' });
    const der = Buffer.from(c.certPem.replace(/-----[A-Z ]+-----|\s/g, ''), 'base64');
    const key = createPrivateKey(c.keyPem);
    const other = createPrivateKey((await generateCertificate({ commonName: 'other.test' })).keyPem);
    const target = { name: 'mx.ske.test', ip: '127.0.0.1', port: 0, mxPreference: null };
    const cases: [string, number, (d: Buffer) => Buffer, boolean][] = [
      ['TLS 1.2, own key', 0x0303, (d) => cryptoSign('sha256', d, key), true],
      ['TLS 1.0, own key', 0x0301, (d) => cryptoSign('md5-sha1', d, key), true],
      ['TLS 1.2, another key', 0x0303, (d) => cryptoSign('sha256', d, other), false],
      ['TLS 1.2, garbage', 0x0303, () => Buffer.alloc(256, 1), false],
    ];
    for (const [name, version, sign, good] of cases) {
      server = await rawServer((s) => smtpUpToStarttls(s, { afterStarttls: skeResponder(version, der, sign) }));
      const r = await probeHost({ ...target, port: server.port }, { ...OPTS, depth: 'versions' });
      expect(r.tls.certificate?.subject, name).toBe('CN=mx.ske.test');
      const failed = r.findings.find((f) => f.id === 'tls.handshake-failed');
      if (good) expect(failed, name).toBeUndefined();
      else expect(String(failed?.params?.reason), name).toMatch(/ServerKeyExchange signature/);
      if (!good) expect(r.verdict, name).toBe('fail');
      await server.close();
      server = null;
    }
  });
});

/** A hand-written TLS responder: accepts `versions` (wire codes) with the first offered suite from `suites`. */
function legacyResponder(versions: number[], suites: number[]) {
  return (raw: Socket): void =>
    onClientHello(raw, (p) => {
      if (p.kind === 'malformed') return void raw.destroy();
      const v = p.hello.supportedVersions.length > 0 ? 0x0304 : p.hello.legacyVersion;
      const suite = p.hello.suites.find((s) => suites.includes(s));
      if (!versions.includes(v)) return void raw.end(Buffer.from([21, 3, 1, 0, 2, 2, 70]));
      if (suite === undefined) return void raw.end(Buffer.from([21, v >> 8, v & 0xff, 0, 2, 2, 40]));
      const body = Buffer.concat([Buffer.from([v >> 8, v & 0xff]), Buffer.alloc(32, 7), Buffer.from([0, suite >> 8, suite & 0xff, 0])]);
      const hs = Buffer.concat([Buffer.from([2, 0, 0, body.length]), body]);
      // An old stack would send its certificate next; this one closes (so sslscan does not wait for more either).
      raw.end(Buffer.concat([Buffer.from([22, v >> 8, v & 0xff, hs.length >> 8, hs.length & 0xff]), hs]));
    });
}

describe('legacy server (hand-written ServerHello): SSLv3 and RC4/3DES, which no local TLS library can serve', () => {
  it('detects SSLv3 and TLS 1.0 with RC4/3DES, fails the verdict, and agrees with sslscan on versions', async () => {
    const respond = legacyResponder([0x0300, 0x0301], [0x0005, 0x000a]);
    server = await rawServer((s) => smtpUpToStarttls(s, { afterStarttls: respond }));
    const r = await probeHost({ name: 'mx.test', ip: '127.0.0.1', port: server.port, mxPreference: null }, { ...OPTS, ciphers: true });
    expect(r.tls.versions).toEqual({ SSLv3: true, 'TLSv1.0': true, 'TLSv1.1': false, 'TLSv1.2': false, 'TLSv1.3': false });
    expect([...r.tls.ciphers['TLSv1.0']!].sort()).toEqual(['TLS_RSA_WITH_3DES_EDE_CBC_SHA', 'TLS_RSA_WITH_RC4_128_SHA']);
    expect(ids(r)).toEqual(
      expect.arrayContaining(['tls.tls12-not-offered', 'tls.sslv3-accepted', 'tls.tls10-accepted', 'tls.weak-suite', 'tls.handshake-failed']),
    );
    expect(r.verdict).toBe('fail');
    const ss = await sslscan(`127.0.0.1:${server.port}`);
    for (const v of ['SSLv3', 'TLSv1.0', 'TLSv1.1', 'TLSv1.2', 'TLSv1.3'] as const)
      if (ss.versions[v] !== null) expect(r.tls.versions[v], v).toBe(ss.versions[v]);
  }, 180_000);

  it('without --ciphers still finds the weak suite with one extra hello per accepted version', async () => {
    const respond = legacyResponder([0x0301, 0x0302, 0x0303], [0xc030, 0x0005]);
    server = await rawServer((s) => smtpUpToStarttls(s, { afterStarttls: respond }));
    const r = await probeHost({ name: 'mx.test', ip: '127.0.0.1', port: server.port, mxPreference: null }, OPTS);
    expect(r.tls.versions['TLSv1.2']).toBe(true);
    // one finding for the host, listing the weak suite of every version (was one finding per suite per version)
    const weak = r.findings.filter((f) => f.id === 'tls.weak-suite');
    expect(weak).toHaveLength(1);
    expect(weak[0]?.params).toMatchObject({
      count: 3,
      classes: 'RC4',
      versions: 'TLSv1.0, TLSv1.1, TLSv1.2',
      suites: 'TLSv1.0: TLS_RSA_WITH_RC4_128_SHA; TLSv1.1: TLS_RSA_WITH_RC4_128_SHA; TLSv1.2: TLS_RSA_WITH_RC4_128_SHA',
    });
    // a hand-written ServerHello is not a session: the complete handshake fails, so no pass whatever the hellos said
    expect(r.tls.session).toBeNull();
    expect(r.verdict).toBe('fail');
  });
});
