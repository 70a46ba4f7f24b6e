// The lazy trust store (chain.ts trustStoreFrom) against parsing every anchor up front: the same anchors for every
// issuer name, in the same order, also when a name is encoded in another string type than the anchor's subject.
import { execFileSync } from 'node:child_process';
import { X509Certificate } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { trustStoreFrom, verifyChain } from '../../src/probe/chain.js';
import { systemCa } from '../../src/probe/trust.js';

const PEM = /-----BEGIN CERTIFICATE-----[A-Za-z0-9+/=\s]+?-----END CERTIFICATE-----/g;

/** The store as it was before it became lazy: every block parsed, duplicates (same fingerprint) once, by subject. */
function eager(pems: readonly string[]): { all: X509Certificate[]; bySubject: Map<string, X509Certificate[]> } {
  const all: X509Certificate[] = [];
  const seen = new Set<string>();
  const bySubject = new Map<string, X509Certificate[]>();
  for (const text of pems)
    for (const block of text.match(PEM) ?? []) {
      let x: X509Certificate;
      try {
        x = new X509Certificate(block);
      } catch {
        continue;
      }
      if (seen.has(x.fingerprint256)) continue;
      seen.add(x.fingerprint256);
      all.push(x);
      bySubject.set(x.subject, [...(bySubject.get(x.subject) ?? []), x]);
    }
  return { all, bySubject };
}

const fps = (xs: readonly X509Certificate[]): string[] => xs.map((x) => x.fingerprint256);

let dir = '';
const ossl = (...args: string[]): string => execFileSync('openssl', args, { cwd: dir, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });

/** A self-signed CA named /O=Exämple/CN=Żółw Root with `mask` (OpenSSL's string_mask) deciding the string types. */
function root(file: string, mask: 'default' | 'utf8only'): string {
  writeFileSync(join(dir, `${file}.cnf`), `[req]\ndistinguished_name=dn\nstring_mask=${mask}\nutf8=yes\n[dn]\n`);
  ossl(
    'req',
    '-x509',
    '-new',
    '-key',
    'ca.key',
    '-subj',
    '/O=Exämple/CN=Żółw Root',
    '-utf8',
    '-days',
    '30',
    '-config',
    `${file}.cnf`,
    '-addext',
    'basicConstraints=critical,CA:TRUE',
    '-addext',
    'keyUsage=critical,keyCertSign,cRLSign',
    '-out',
    `${file}.pem`,
  );
  return readFileSync(join(dir, `${file}.pem`), 'utf8');
}

describe('lazy trust store', () => {
  let bmpRoot = '';
  let utf8Root = '';
  let leaf = '';
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'mailtls-trust-store-'));
    ossl('genpkey', '-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:P-256', '-out', 'ca.key');
    ossl('genpkey', '-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:P-256', '-out', 'leaf.key');
    bmpRoot = root('bmp', 'default'); // Ż is no T61 character: BMPString (Exämple: T61String)
    utf8Root = root('utf8', 'utf8only'); // the same name and key in UTF8String
    writeFileSync(join(dir, 'leaf.ext'), 'subjectAltName=DNS:mx.trust.test\nextendedKeyUsage=serverAuth\nbasicConstraints=CA:FALSE\n');
    ossl('req', '-new', '-key', 'leaf.key', '-subj', '/CN=mx.trust.test', '-out', 'leaf.csr');
    // the leaf's issuer name is copied from the UTF8String root
    ossl('x509', '-req', '-in', 'leaf.csr', '-CA', 'utf8.pem', '-CAkey', 'ca.key', '-days', '10', '-extfile', 'leaf.ext', '-out', 'leaf.pem');
    leaf = readFileSync(join(dir, 'leaf.pem'), 'utf8');
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('finds, for every anchor of the system store, the anchors parsing all of them finds, in the same order', () => {
    const broken = '-----BEGIN CERTIFICATE-----\nMIIBbroken\n-----END CERTIFICATE-----\n';
    const pems = [...systemCa(), bmpRoot, broken, bmpRoot, utf8Root];
    const ref = eager(pems);
    const store = trustStoreFrom(pems);
    expect(ref.all.length).toBeGreaterThan(100); // the system store is there (else this test says little)
    expect(store.size()).toBe(ref.all.length);
    const diffs: string[] = [];
    for (const x of [...ref.all, new X509Certificate(leaf)]) {
      const want = fps(ref.bySubject.get(x.issuer) ?? []);
      const got = fps(store.issuersOf(x));
      if (JSON.stringify(want) !== JSON.stringify(got)) diffs.push(`${x.subject}: ${want.length} vs ${got.length}`);
    }
    expect(diffs).toEqual([]);
    expect(ref.all.every((x) => store.has(x))).toBe(true);
    expect(store.has(new X509Certificate(leaf))).toBe(false);
    expect(trustStoreFrom([broken]).size()).toBe(0);
  });

  it('matches an issuer name written in another string type, as OpenSSL does', () => {
    const b = new X509Certificate(bmpRoot);
    const l = new X509Certificate(leaf);
    // the premise: the same printed name from different bytes (BMPString and UTF8String)
    const bmp = Buffer.from('Żółw Root', 'utf16le').swap16();
    expect(b.raw.includes(bmp)).toBe(true);
    expect(l.raw.includes(bmp)).toBe(false);
    expect(l.raw.includes(Buffer.from('Żółw Root', 'utf8'))).toBe(true);
    expect(l.issuer).toBe(b.subject);
    // OpenSSL, with only the BMPString root trusted
    writeFileSync(join(dir, 'store.pem'), bmpRoot);
    expect(ossl('verify', '-CAfile', 'store.pem', 'leaf.pem').trim()).toBe('leaf.pem: OK');
    const store = trustStoreFrom([...systemCa(), bmpRoot]);
    expect(fps(store.issuersOf(l))).toEqual([b.fingerprint256]);
    const v = verifyChain([l], store);
    expect(v.error).toBe(null);
    expect(v.trusted).toBe(true);
  });
});
