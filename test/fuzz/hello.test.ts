// Fuzzing the TLS hello codec (src/tls/hello.ts): parseClientHello/parseServerResponse never throw on arbitrary or
// mutated bytes, every prefix of a valid hello is "incomplete", and buildClientHello → parseClientHello gives back the
// version, suites and SNI; a hand-built ServerHello round-trips too.
import { afterAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { TLS_VERSIONS, VERSION_CODE, type TlsVersion } from '../../src/policy/exchange-online.js';
import {
  buildAlert,
  buildClientHello,
  parseClientHello,
  parseServerCertificates,
  parseServerKeyExchange,
  parseServerResponse,
  MAX_CHAIN_CERTS,
  MAX_HELLO_BYTES,
  MAX_HELLO_RECORDS,
} from '../../src/tls/hello.js';
import { X509Certificate, generateKeyPairSync } from 'node:crypto';
import { trustStoreFrom, verifyChain } from '../../src/probe/chain.js';
import { generateCertificate } from '../../src/tls/certs.js';
import { tbsFacts } from '../../src/tls/der.js';
import { checkServerKeyExchange } from '../../src/tls/keyexchange.js';
import { SCSV, TLS13_CODES } from '../../src/tls/suites.js';
import { FUZZ_TIMEOUT_MS, RUNS, saveFuzz, timed } from './budget.js';

afterAll(() => saveFuzz('hello'));

const KINDS_CH = ['client-hello', 'incomplete', 'malformed'];
const KINDS_SH = ['server-hello', 'alert', 'incomplete', 'malformed'];

function checkClient(b: Buffer): void {
  const r = parseClientHello(b);
  expect(KINDS_CH).toContain(r.kind);
  if (r.kind === 'client-hello') {
    expect(r.length).toBeLessThanOrEqual(b.length);
    expect(r.hello.suites.length).toBeLessThanOrEqual(MAX_HELLO_BYTES / 2);
    JSON.stringify(r);
  }
}
function checkServer(b: Buffer): void {
  const r = parseServerResponse(b);
  expect(KINDS_SH).toContain(r.kind);
  JSON.stringify(r);
  const c = parseServerCertificates(b);
  expect(['chain', 'incomplete', 'none']).toContain(c.kind);
  if (c.kind === 'chain') expect(c.certs.length).toBeLessThanOrEqual(MAX_CHAIN_CERTS);
  expect(['found', 'incomplete', 'none']).toContain(parseServerKeyExchange(b).kind);
}

/** A first flight: ServerHello then a Certificate message with `certs`, re-framed into TLS records of `size` bytes. */
function flight(hello: Buffer, certs: Uint8Array[], size: number): Buffer {
  const entries = Buffer.concat(certs.map((c) => Buffer.concat([Buffer.from([c.length >> 16, (c.length >> 8) & 0xff, c.length & 0xff]), Buffer.from(c)])));
  const list = Buffer.concat([Buffer.from([entries.length >> 16, (entries.length >> 8) & 0xff, entries.length & 0xff]), entries]);
  const msg = Buffer.concat([Buffer.from([11, list.length >> 16, (list.length >> 8) & 0xff, list.length & 0xff]), list]);
  const hs = Buffer.concat([hello.subarray(5), msg]);
  const recs: Buffer[] = [];
  for (let i = 0; i < hs.length; i += size) {
    const part = hs.subarray(i, i + size);
    recs.push(Buffer.from([22, 3, 3, part.length >> 8, part.length & 0xff]), part);
  }
  return Buffer.concat(recs);
}

const version = fc.constantFrom<TlsVersion>(...TLS_VERSIONS);
const suiteList = fc.array(
  fc.integer({ min: 0, max: 0xffff }).filter((s) => s !== SCSV.EMPTY_RENEGOTIATION_INFO && (s & 0x0f0f) !== 0x0a0a),
  { minLength: 1, maxLength: 300 },
);
const hostname = fc.domain().filter((d) => d.length < 200);

/** A ServerHello record with the given fields (TLS 1.3: legacy 1.2 + supported_versions). */
function serverHello(v: TlsVersion, suite: number, sessionId: Uint8Array, exts: [number, Uint8Array][]): Buffer {
  const code = VERSION_CODE[v];
  const extList = [...exts, ...(v === 'TLSv1.3' ? [[43, Uint8Array.from([0x03, 0x04])] as [number, Uint8Array]] : [])];
  const extBytes = Buffer.concat(extList.map(([t, d]) => Buffer.concat([Buffer.from([t >> 8, t & 0xff, d.length >> 8, d.length & 0xff]), Buffer.from(d)])));
  const legacy = v === 'TLSv1.3' ? 0x0303 : code;
  const body = Buffer.concat([
    Buffer.from([legacy >> 8, legacy & 0xff]),
    Buffer.alloc(32, 1),
    Buffer.from([sessionId.length]),
    Buffer.from(sessionId),
    Buffer.from([suite >> 8, suite & 0xff, 0]),
    Buffer.from([extBytes.length >> 8, extBytes.length & 0xff]),
    extBytes,
  ]);
  const hs = Buffer.concat([Buffer.from([2, 0, body.length >> 8, body.length & 0xff]), body]);
  return Buffer.concat([Buffer.from([22, 3, 3, hs.length >> 8, hs.length & 0xff]), hs]);
}

describe('fuzz: TLS hello codec', () => {
  it(
    'arbitrary bytes (and with a handshake/alert/SSLv2 first byte): no throw, a known kind',
    () => {
      const { fn } = timed('tls/hello.ts', 'arbitrary bytes, both parsers', (first: number, b: Uint8Array) => {
        const buf = Buffer.concat([Buffer.from([first]), b]);
        checkClient(buf);
        checkServer(buf);
      });
      fc.assert(fc.property(fc.constantFrom(22, 21, 0x80, 0x16, 0xff, 0), fc.uint8Array({ maxLength: 3000 }), fn), { numRuns: RUNS * 2 });
    },
    FUZZ_TIMEOUT_MS,
  );

  it(
    'build → parse round trip: versions, suites (SCSV added below 1.3) and SNI come back',
    () => {
      const { fn } = timed('tls/hello.ts', 'ClientHello round trip', (v: TlsVersion, suites: number[], sni: string) => {
        const h = buildClientHello({ version: v, suites: v === 'TLSv1.3' ? TLS13_CODES.slice(0, 3) : suites, sni });
        const r = parseClientHello(h);
        expect(r.kind).toBe('client-hello');
        if (r.kind !== 'client-hello') return;
        expect(r.length).toBe(h.length);
        expect(r.hello.maxVersion).toBe(v);
        const want = v === 'TLSv1.3' ? TLS13_CODES.slice(0, 3) : [...suites, SCSV.EMPTY_RENEGOTIATION_INFO];
        expect(r.hello.suites).toEqual(want);
        expect(r.hello.sni).toBe(v === 'SSLv3' ? null : sni);
      });
      fc.assert(fc.property(version, suiteList, hostname, fn), { numRuns: RUNS });
    },
    FUZZ_TIMEOUT_MS,
  );

  it(
    'mutated valid ClientHellos (flips, cuts, splits into records, duplication): no throw; prefixes are incomplete',
    () => {
      const { fn } = timed('tls/hello.ts', 'mutated ClientHellos', (v: TlsVersion, suites: number[], flips: [number, number][], cut: number) => {
        const h = buildClientHello({ version: v, suites, sni: 'mx.fuzz.test' });
        const prefix = h.subarray(0, Math.max(5, cut % h.length));
        expect(parseClientHello(prefix).kind).toBe('incomplete');
        const m = Buffer.from(h);
        for (const [at, val] of flips) m[at % m.length] = val;
        checkClient(m);
        checkClient(m.subarray(0, cut % (m.length + 1)));
        checkClient(Buffer.concat([m, m]));
        // The same handshake re-framed into records of a random size.
        const body = h.subarray(5);
        const size = Math.max(Math.ceil(body.length / MAX_HELLO_RECORDS), 1 + (cut % 300));
        const recs: Buffer[] = [];
        for (let i = 0; i < body.length; i += size) {
          const part = body.subarray(i, i + size);
          recs.push(Buffer.from([22, 3, 1, part.length >> 8, part.length & 0xff]), part);
        }
        const r = parseClientHello(Buffer.concat(recs));
        expect(r.kind).toBe('client-hello');
        if (r.kind === 'client-hello') expect(r.hello.maxVersion).toBe(v);
      });
      fc.assert(fc.property(version, suiteList, fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { maxLength: 6 }), fc.nat(), fn), {
        numRuns: RUNS,
      });
    },
    FUZZ_TIMEOUT_MS,
  );

  it(
    'ServerHello round trip and mutations; alerts parse',
    () => {
      const { fn } = timed(
        'tls/hello.ts',
        'ServerHello round trip + mutations',
        (v: TlsVersion, suite: number, sid: Uint8Array, exts: [number, Uint8Array][], flips: [number, number][]) => {
          const sh = serverHello(
            v,
            suite,
            sid,
            exts.filter(([t]) => t !== 43),
          );
          const r = parseServerResponse(sh);
          expect(r).toMatchObject({ kind: 'server-hello', version: v, suite });
          for (let i = 1; i < sh.length; i += Math.max(1, sh.length >> 3)) expect(parseServerResponse(sh.subarray(0, i)).kind).toBe('incomplete');
          const m = Buffer.from(sh);
          for (const [at, val] of flips) m[at % m.length] = val;
          checkServer(m);
          expect(parseServerResponse(buildAlert(suite & 0xff))).toMatchObject({ kind: 'alert', description: suite & 0xff });
        },
      );
      fc.assert(
        fc.property(
          version,
          fc.integer({ min: 0, max: 0xffff }),
          fc.uint8Array({ maxLength: 32 }),
          fc.array(fc.tuple(fc.integer({ min: 0, max: 0xffff }), fc.uint8Array({ maxLength: 40 })), { maxLength: 6 }),
          fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { maxLength: 6 }),
          fn,
        ),
        { numRuns: RUNS },
      );
    },
    FUZZ_TIMEOUT_MS,
  );

  it(
    'certificate chains after a ServerHello: read back whole across any record split; prefixes incomplete; mutations harmless',
    () => {
      const { fn } = timed(
        'tls/hello.ts',
        'Certificate message round trip + mutations',
        (certs: Uint8Array[], size: number, cut: number, flips: [number, number][]) => {
          const hello = serverHello('TLSv1.2', 0xc030, new Uint8Array(0), []);
          const size2 = Math.max(size, Math.ceil((hello.length + certs.reduce((n, c) => n + c.length + 3, 7)) / (MAX_HELLO_RECORDS - 1)));
          const f = flight(hello, certs, size2);
          const r = parseServerCertificates(f);
          expect(r.kind).toBe('chain');
          if (r.kind === 'chain') expect(r.certs.map((c) => c.toString('hex'))).toEqual(certs.map((c) => Buffer.from(c).toString('hex')));
          expect(parseServerResponse(f)).toMatchObject({ kind: 'server-hello', suite: 0xc030 });
          expect(parseServerCertificates(f.subarray(0, cut % f.length)).kind).toBe('incomplete');
          const m = Buffer.from(f);
          for (const [at, val] of flips) m[at % m.length] = val;
          checkServer(m);
        },
      );
      fc.assert(
        fc.property(
          fc.array(fc.uint8Array({ minLength: 1, maxLength: 3000 }), { minLength: 1, maxLength: MAX_CHAIN_CERTS }),
          fc.integer({ min: 1, max: 16_384 }),
          fc.nat(),
          fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { maxLength: 6 }),
          fn,
        ),
        { numRuns: Math.max(20, Math.ceil(RUNS / 4)) },
      );
    },
    FUZZ_TIMEOUT_MS,
  );

  it('a Certificate message claiming more than it may hold, or an anonymous flight, gives no chain', () => {
    const hello = serverHello('TLSv1.2', 0xc030, new Uint8Array(0), []);
    const hs = hello.subarray(5);
    const huge = Buffer.concat([Buffer.from([22, 3, 3, (hs.length + 4) >> 8, (hs.length + 4) & 0xff]), hs, Buffer.from([11, 0xff, 0xff, 0xff])]);
    expect(parseServerCertificates(huge)).toMatchObject({ kind: 'none' });
    const anon = Buffer.concat([Buffer.from([22, 3, 3, (hs.length + 4) >> 8, (hs.length + 4) & 0xff]), hs, Buffer.from([12, 0, 0, 0])]);
    expect(parseServerCertificates(anon)).toMatchObject({ kind: 'none' });
    const tooMany = flight(
      hello,
      Array.from({ length: MAX_CHAIN_CERTS + 1 }, () => Uint8Array.from([1])),
      16_000,
    );
    expect(parseServerCertificates(tooMany)).toMatchObject({ kind: 'none' });
    // a ServerHello followed by an alert record: the flight ended without a chain
    expect(parseServerCertificates(Buffer.concat([hello, buildAlert(40)]))).toMatchObject({ kind: 'none' });
    expect(parseServerCertificates(hello).kind).toBe('incomplete');
  });

  it(
    'ServerKeyExchange bodies and certificate DER from a hostile server: the checks answer, never throw',
    async () => {
      const real = Buffer.from(
        (await generateCertificate({ commonName: 'fuzz.test', key: 'ecdsa-p256' })).certPem.replace(/-----[A-Z ]+-----|\s/g, ''),
        'base64',
      );
      const rsa = generateKeyPairSync('rsa', { modulusLength: 1024 }).publicKey;
      const ec = generateKeyPairSync('ec', { namedCurve: 'P-256' }).publicKey;
      const { fn } = timed(
        'tls/keyexchange.ts + der.ts',
        'hostile ServerKeyExchange / DER',
        (body: Uint8Array, v: number, kx: boolean, rsaKey: boolean, der: Uint8Array, flips: [number, number][]) => {
          const r = checkServerKeyExchange({
            versionCode: [0x0301, 0x0302, 0x0303][v % 3] as number,
            kx: kx ? 'ECDH' : 'DH',
            auth: rsaKey ? 'RSA' : 'ECDSA',
            clientRandom: Buffer.alloc(32, 1),
            serverRandom: Buffer.alloc(32, 2),
            body: Buffer.from(body),
            key: rsaKey ? rsa : ec,
          });
          if (r !== null) expect(typeof r.ok).toBe('boolean');
          const t = tbsFacts(Buffer.concat([Buffer.from([0x30, 0x82, der.length >> 8, der.length & 0xff]), Buffer.from(der)]));
          if (t) expect(t.version).toBeGreaterThan(0);
          // a real certificate with bytes changed: read or refused, and the chain check answers
          const m = Buffer.from(real);
          for (const [at, val] of flips) m[at % m.length] = val;
          tbsFacts(m);
          let x: X509Certificate | null = null;
          try {
            x = new X509Certificate(m);
          } catch {
            /* not a certificate any more */
          }
          if (x) expect(typeof verifyChain([x], trustStoreFrom([])).trusted).toBe('boolean');
        },
      );
      fc.assert(
        fc.property(
          fc.uint8Array({ maxLength: 600 }),
          fc.nat(),
          fc.boolean(),
          fc.boolean(),
          fc.uint8Array({ maxLength: 600 }),
          fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { minLength: 1, maxLength: 4 }),
          fn,
        ),
        { numRuns: Math.max(20, Math.ceil(RUNS / 4)) },
      );
    },
    FUZZ_TIMEOUT_MS,
  );

  it(
    'a hello dripped as 1-byte records is refused after MAX_HELLO_RECORDS records, cheaply (no quadratic re-parse)',
    () => {
      const { fn } = timed('tls/hello.ts', '1-byte records (quadratic re-parse guard)', (declared: number, n: number) => {
        const head = Buffer.from([22, 3, 1, 0, 4, 1, declared >> 16, (declared >> 8) & 0xff, declared & 0xff]);
        const buf = Buffer.concat([head, ...Array.from({ length: n }, () => Buffer.from([22, 3, 1, 0, 1, 7]))]);
        const r = parseClientHello(buf);
        if (n + 1 > MAX_HELLO_RECORDS) expect(r).toMatchObject({ kind: 'malformed' });
        else if (declared > n) expect(r.kind).toBe('incomplete');
      });
      fc.assert(fc.property(fc.integer({ min: 100, max: 60_000 }), fc.integer({ min: 0, max: 11_000 }), fn), { numRuns: Math.max(20, Math.ceil(RUNS / 10)) });
    },
    FUZZ_TIMEOUT_MS,
  );

  it(
    'worst-case sizes: 64 KiB of tiny records or one giant record stay bounded',
    () => {
      const { fn } = timed('tls/hello.ts', 'many tiny / oversized records', (n: number, len: number) => {
        const tiny = Buffer.concat(Array.from({ length: n }, () => Buffer.from([22, 3, 1, 0, 1, 1])));
        checkClient(tiny);
        checkServer(tiny);
        const giant = Buffer.concat([Buffer.from([22, 3, 1, len >> 8, len & 0xff]), Buffer.alloc(Math.min(len, 70_000), 1)]);
        checkClient(giant);
        checkServer(giant);
      });
      fc.assert(fc.property(fc.integer({ min: 1, max: 12_000 }), fc.integer({ min: 0, max: 0xffff }), fn), { numRuns: Math.max(20, Math.ceil(RUNS / 10)) });
    },
    FUZZ_TIMEOUT_MS,
  );
});
