// verifyChain() against OpenSSL itself: each chain is served by a real node:tls server and OpenSSL's verdict for a
// node:tls client (authorizationError, chain length) must equal ours, for trusted, incomplete, expired and odd chains.
import { X509Certificate } from 'node:crypto';
import * as tls from 'node:tls';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { trustStoreFrom, verifyChain } from '../../src/probe/chain.js';
import { generateCertificate, type GeneratedCert } from '../../src/tls/certs.js';

const DAY = 86_400_000;

interface Case {
  name: string;
  /** What the server sends, leaf first. */
  served: GeneratedCert[];
  key: GeneratedCert;
  /** The client's trust store. */
  store: GeneratedCert[];
}

/** OpenSSL's verdict: a node:tls client with exactly `store` as its CAs, as the probe's full handshake was. */
async function openssl(c: Case): Promise<{ error: string | null; chainLength: number }> {
  const server = tls.createServer({ key: c.key.keyPem, cert: c.served.map((x) => x.certPem).join('') }, (s) => s.end());
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as { port: number }).port;
  try {
    return await new Promise((resolve, reject) => {
      const ctx = tls.createSecureContext({ ca: c.store.map((x) => x.certPem), minVersion: 'TLSv1', ciphers: 'DEFAULT:@SECLEVEL=0' });
      const s = tls.connect({ host: '127.0.0.1', port, secureContext: ctx, rejectUnauthorized: false, checkServerIdentity: () => undefined }, () => {
        let n = 0;
        let cur = s.getPeerCertificate(true) as tls.DetailedPeerCertificate | undefined;
        while (cur?.raw && n < 20) {
          n++;
          if (!cur.issuerCertificate || cur.issuerCertificate === cur || cur.issuerCertificate.fingerprint256 === cur.fingerprint256) break;
          cur = cur.issuerCertificate;
        }
        resolve({ error: s.authorized ? null : String(s.authorizationError), chainLength: n });
        s.destroy();
      });
      s.on('error', reject);
    });
  } finally {
    server.close();
  }
}

/** Ours, with the one code node:tls cannot name (it says UNSPECIFIED for X509_V_ERR_KEYUSAGE_NO_CERTSIGN). */
function ours(c: Case): { error: string | null; chainLength: number } {
  const v = verifyChain(
    c.served.map((x) => new X509Certificate(x.certPem)),
    trustStoreFrom(c.store.map((x) => x.certPem)),
  );
  return { error: v.error === 'KEYUSAGE_NO_CERTSIGN' ? 'UNSPECIFIED' : v.error, chainLength: v.chain.length };
}

describe('verifyChain matches OpenSSL', () => {
  const cases: Case[] = [];
  beforeAll(async () => {
    const ec = 'ecdsa-p256' as const;
    const root = await generateCertificate({ commonName: 'Test Root', ca: true, key: ec });
    const otherRoot = await generateCertificate({ commonName: 'Other Root', ca: true, key: ec });
    const inter = await generateCertificate({ commonName: 'Test Intermediate', ca: true, issuer: root, key: ec });
    const leaf = await generateCertificate({ commonName: 'mx.chain.test', issuer: inter, key: ec });
    const direct = await generateCertificate({ commonName: 'mx.direct.test', issuer: root, key: ec });
    const self = await generateCertificate({ commonName: 'mx.self.test', key: ec });
    const selfCa = await generateCertificate({ commonName: 'mx.selfca.test', ca: true, key: ec });
    const expiredLeaf = await generateCertificate({
      commonName: 'mx.expired.test',
      issuer: root,
      key: ec,
      notBefore: new Date(Date.now() - 400 * DAY),
      notAfter: new Date(Date.now() - 10 * DAY),
    });
    const futureLeaf = await generateCertificate({ commonName: 'mx.future.test', issuer: root, key: ec, notBefore: new Date(Date.now() + 10 * DAY) });
    const expiredInter = await generateCertificate({
      commonName: 'Old Intermediate',
      ca: true,
      issuer: root,
      key: ec,
      notBefore: new Date(Date.now() - 400 * DAY),
      notAfter: new Date(Date.now() - 1 * DAY),
    });
    const underOld = await generateCertificate({ commonName: 'mx.old.test', issuer: expiredInter, key: ec });
    const expiredSelf = await generateCertificate({
      commonName: 'mx.oldself.test',
      key: ec,
      notBefore: new Date(Date.now() - 400 * DAY),
      notAfter: new Date(Date.now() - 10 * DAY),
    });
    const notCa = await generateCertificate({ commonName: 'Not A CA', issuer: root, key: ec });
    const underNotCa = await generateCertificate({ commonName: 'mx.notca.test', issuer: notCa, key: ec });
    const rsaRoot = await generateCertificate({ commonName: 'RSA Root', ca: true });
    const sha1Leaf = await generateCertificate({ commonName: 'mx.sha1.test', issuer: rsaRoot, hash: 'SHA-1' });
    // same subject as `inter`, another key: a leaf it signed, served with the real `inter`
    const impostor = await generateCertificate({ commonName: 'Test Intermediate', ca: true, issuer: root, key: ec });
    const wrongSig = await generateCertificate({ commonName: 'mx.wrongsig.test', issuer: impostor, key: ec });
    cases.push(
      { name: 'leaf + intermediate, root trusted', served: [leaf, inter], key: leaf, store: [root] },
      { name: 'leaf + intermediate + root, root trusted', served: [leaf, inter, root], key: leaf, store: [root] },
      { name: 'leaf alone, intermediate missing', served: [leaf], key: leaf, store: [root] },
      { name: 'leaf + intermediate, root unknown', served: [leaf, inter], key: leaf, store: [otherRoot] },
      { name: 'leaf + intermediate + untrusted root', served: [leaf, inter, root], key: leaf, store: [otherRoot] },
      { name: 'leaf signed by the root', served: [direct], key: direct, store: [root] },
      { name: 'self-signed leaf without keyCertSign', served: [self], key: self, store: [root] },
      { name: 'self-signed leaf trusted', served: [selfCa], key: selfCa, store: [selfCa] },
      { name: 'self-signed CA leaf untrusted', served: [selfCa], key: selfCa, store: [root] },
      { name: 'expired leaf', served: [expiredLeaf], key: expiredLeaf, store: [root] },
      { name: 'not yet valid leaf', served: [futureLeaf], key: futureLeaf, store: [root] },
      { name: 'expired intermediate', served: [underOld, expiredInter], key: underOld, store: [root] },
      { name: 'expired self-signed leaf', served: [expiredSelf], key: expiredSelf, store: [root] },
      { name: 'issuer without CA flag', served: [underNotCa, notCa], key: underNotCa, store: [root] },
      { name: 'SHA-1 leaf, RSA root', served: [sha1Leaf], key: sha1Leaf, store: [rsaRoot] },
      { name: 'intermediate sent is not the signer', served: [wrongSig, inter], key: wrongSig, store: [root] },
      { name: 'served in the wrong order', served: [leaf, root, inter], key: leaf, store: [root] },
    );
  }, 60_000);
  afterAll(() => undefined);

  it('gives the same error and chain length for every case', async () => {
    expect(cases.length).toBe(17);
    const diffs: string[] = [];
    for (const c of cases) {
      const a = await openssl(c);
      const b = ours(c);
      if (a.error !== b.error || a.chainLength !== b.chainLength) diffs.push(`${c.name}: OpenSSL ${JSON.stringify(a)}, ours ${JSON.stringify(b)}`);
    }
    expect(diffs).toEqual([]);
  }, 60_000);

  it('finds a trusted chain trusted and an incomplete one not', () => {
    const [good, missing] = [cases[0] as Case, cases[2] as Case];
    expect(
      verifyChain(
        good.served.map((x) => new X509Certificate(x.certPem)),
        trustStoreFrom(good.store.map((x) => x.certPem)),
      ).trusted,
    ).toBe(true);
    expect(
      verifyChain(
        missing.served.map((x) => new X509Certificate(x.certPem)),
        trustStoreFrom(missing.store.map((x) => x.certPem)),
      ).trusted,
    ).toBe(false);
  });
});
