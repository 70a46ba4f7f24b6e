// Check: the server certificate from one full node:tls handshake — subject, SANs, validity, key, signature algorithm,
// chain completeness, self-signed, name match against the MX host (RFC 6125/7817 rules) and trust (system store + --ca).
import { X509Certificate } from 'node:crypto';
import { isIP } from 'node:net';
import type { DetailedPeerCertificate, PeerCertificate, TLSSocket } from 'node:tls';
import type { CertificateInfo } from './types.js';

const DAY = 86_400_000;

/** Signature algorithm OIDs → names (RFC 3279/4055/5758/8410). */
const SIG_OIDS: Record<string, string> = {
  '1.2.840.113549.1.1.4': 'md5WithRSAEncryption',
  '1.2.840.113549.1.1.5': 'sha1WithRSAEncryption',
  '1.2.840.113549.1.1.11': 'sha256WithRSAEncryption',
  '1.2.840.113549.1.1.12': 'sha384WithRSAEncryption',
  '1.2.840.113549.1.1.13': 'sha512WithRSAEncryption',
  '1.2.840.113549.1.1.14': 'sha224WithRSAEncryption',
  '1.2.840.113549.1.1.10': 'rsassaPss',
  '1.2.840.10045.4.1': 'ecdsa-with-SHA1',
  '1.2.840.10045.4.3.1': 'ecdsa-with-SHA224',
  '1.2.840.10045.4.3.2': 'ecdsa-with-SHA256',
  '1.2.840.10045.4.3.3': 'ecdsa-with-SHA384',
  '1.2.840.10045.4.3.4': 'ecdsa-with-SHA512',
  '1.2.840.10040.4.3': 'dsa-with-sha1',
  '2.16.840.1.101.3.4.3.2': 'dsa-with-sha256',
  '1.3.101.112': 'Ed25519',
  '1.3.101.113': 'Ed448',
};

/** Reads one DER tag-length header at `off`; null when it does not fit. */
function tlv(buf: Buffer, off: number): { tag: number; len: number; head: number } | null {
  if (off + 2 > buf.length) return null;
  const tag = buf[off] as number;
  let len = buf[off + 1] as number;
  let head = 2;
  if (len & 0x80) {
    const n = len & 0x7f;
    if (n < 1 || n > 4 || off + 2 + n > buf.length) return null;
    len = 0;
    for (let i = 0; i < n; i++) len = len * 256 + (buf[off + 2 + i] as number);
    head += n;
  }
  if (off + head + len > buf.length) return null;
  return { tag, len, head };
}

/** The certificate's outer signatureAlgorithm (Certificate ::= SEQUENCE { tbs, signatureAlgorithm, signature }). */
export function signatureAlgorithmOf(der: Buffer): string {
  const cert = tlv(der, 0);
  if (!cert || cert.tag !== 0x30) return 'unknown';
  const tbs = tlv(der, cert.head);
  if (!tbs) return 'unknown';
  const algOff = cert.head + tbs.head + tbs.len;
  const alg = tlv(der, algOff);
  if (!alg || alg.tag !== 0x30) return 'unknown';
  const oid = tlv(der, algOff + alg.head);
  if (!oid || oid.tag !== 0x06) return 'unknown';
  const b = der.subarray(algOff + alg.head + oid.head, algOff + alg.head + oid.head + oid.len);
  if (b.length === 0) return 'unknown';
  const parts = [Math.floor((b[0] as number) / 40), (b[0] as number) % 40];
  let v = 0;
  for (const byte of b.subarray(1)) {
    v = v * 128 + (byte & 0x7f);
    if ((byte & 0x80) === 0) {
      parts.push(v);
      v = 0;
    }
  }
  const dotted = parts.join('.');
  return SIG_OIDS[dotted] ?? dotted;
}

/** The hash inside a signature algorithm name (`sha1`, `md5`, `sha256`, ...), or null (Ed25519, PSS: parameters). */
export function signatureHash(alg: string): string | null {
  const m = /(md5|sha1|sha224|sha256|sha384|sha512)/i.exec(alg.replace(/SHA-?/gi, 'sha'));
  return m ? (m[1] as string).toLowerCase() : null;
}

/** DNS names from a subjectAltName string (`DNS:a, DNS:b, IP Address:1.2.3.4`). */
function sanList(san: string | undefined, kind: 'DNS' | 'IP Address'): string[] {
  if (!san) return [];
  return san
    .split(/,\s*/)
    .filter((p) => p.startsWith(`${kind}:`))
    .map((p) => p.slice(kind.length + 1).replace(/^"|"$/g, '').toLowerCase());
}

/**
 * RFC 6125 §6.4 as profiled by RFC 7817 §3 for mail: DNS-IDs from subjectAltName; the CN only when there is no DNS
 * SAN; a wildcard only as the entire left-most label, matching exactly one label, never for a bare public suffix.
 */
export function nameMatches(reference: string, dnsNames: readonly string[], cn: string | null): boolean {
  const ref = reference.toLowerCase().replace(/\.$/, '');
  const ids = dnsNames.length > 0 ? dnsNames : cn ? [cn.toLowerCase()] : [];
  for (const raw of ids) {
    const id = raw.replace(/\.$/, '');
    if (id === ref) return true;
    if (id.startsWith('*.')) {
      const base = id.slice(2);
      if (!base.includes('.') || base.includes('*')) continue;
      const dot = ref.indexOf('.');
      if (dot > 0 && ref.slice(dot + 1) === base && !ref.slice(0, dot).startsWith('xn--')) return true;
    }
  }
  return false;
}

/** OpenSSL verify errors that mean "the server did not send the intermediates" rather than "not trusted". */
const INCOMPLETE = new Set(['UNABLE_TO_GET_ISSUER_CERT_LOCALLY', 'UNABLE_TO_VERIFY_LEAF_SIGNATURE', 'UNABLE_TO_GET_ISSUER_CERT']);

function dnField(dn: string, key: string): string | null {
  for (const line of dn.split('\n')) if (line.startsWith(`${key}=`)) return line.slice(key.length + 1);
  return null;
}

export interface CertificateCheck {
  info: CertificateInfo;
  /** Hashes used to sign the leaf and the intermediates the server sent (roots excluded). */
  chainSignatureHashes: string[];
}

/** One certificate of the chain, parsed once: OpenSSL 3 takes ~0.15 ms per DER parse, a scan does this for every host. */
interface Link {
  x: X509Certificate;
  /** The DER as received (X509Certificate.raw would encode it again). */
  raw: Buffer;
  /** Subject equals issuer and the certificate verifies with its own key. */
  selfSigned: boolean;
}

function parseLink(raw: Buffer): Link {
  const x = new X509Certificate(raw);
  return { x, raw, selfSigned: sameName(x) && safeVerify(x) };
}

/** Describes the peer certificate of an established TLS socket; null when the server sent none. */
export function describeCertificate(sock: TLSSocket, name: string | null, ip: string, now = Date.now()): CertificateCheck | null {
  // getPeerCertificate(true) first: on Node 20 it returns {} once getPeerX509Certificate() has been called.
  const detailed = sock.getPeerCertificate(true) as DetailedPeerCertificate | PeerCertificate;
  if (!detailed || !detailed.raw) return null;
  // Walk the chain as Node built it (the server's certificates, plus the root from the store when found).
  const chain: DetailedPeerCertificate[] = [];
  let c: DetailedPeerCertificate | undefined = detailed as DetailedPeerCertificate;
  while (c && c.raw && chain.length < 16) {
    chain.push(c);
    if (!c.issuerCertificate || c.issuerCertificate === c || c.issuerCertificate.fingerprint256 === c.fingerprint256) break;
    c = c.issuerCertificate;
  }
  const links = chain.map((link) => parseLink(link.raw));
  const leaf = links[0] as Link;
  const x = leaf.x;
  const sigAlg = signatureAlgorithmOf(leaf.raw);
  const selfSigned = leaf.selfSigned;
  const dns = sanList(x.subjectAltName, 'DNS');
  const ips = sanList(x.subjectAltName, 'IP Address');
  const cn = dnField(x.subject, 'CN');
  const notAfter = new Date(x.validTo);
  const key = x.publicKey;
  const det = key.asymmetricKeyDetails ?? {};
  const keyBits = det.modulusLength ?? (det.namedCurve ? curveBits(det.namedCurve) : key.asymmetricKeyType === 'ed25519' ? 256 : key.asymmetricKeyType === 'ed448' ? 456 : null);
  const authErr = sock.authorized ? null : String(sock.authorizationError ?? 'unknown error');
  const matches = name ? nameMatches(name, dns, cn) : ips.includes(ip.toLowerCase());
  const lastSent = links[links.length - 1];
  const chainComplete = selfSigned || sock.authorized || !INCOMPLETE.has(authErr ?? '') || (lastSent !== undefined && sameName(lastSent.x));
  const hashes: string[] = [];
  for (const link of links) {
    if (link.selfSigned && links.length > 1) continue; // a root's own signature is not checked by anyone
    const h = signatureHash(signatureAlgorithmOf(link.raw));
    if (h) hashes.push(h);
  }
  const info: CertificateInfo = {
    subject: x.subject.split('\n').join(', '),
    issuer: x.issuer.split('\n').join(', '),
    sanNames: dns,
    notBefore: new Date(x.validFrom).toISOString(),
    notAfter: notAfter.toISOString(),
    daysLeft: Math.floor((notAfter.getTime() - now) / DAY),
    keyType: key.asymmetricKeyType ?? 'unknown',
    keyBits,
    signatureAlgorithm: sigAlg,
    selfSigned,
    nameMatches: matches,
    chainComplete,
    trusted: sock.authorized,
    trustError: authErr,
    fingerprintSha256: x.fingerprint256,
    chainLength: chain.length,
  };
  servedChains.set(info, chain.map((link) => Buffer.from(link.raw)));
  return { info, chainSignatureHashes: hashes };
}

/** DER of the chain behind a CertificateInfo (leaf first, as Node built it), kept out of the JSON for DANE matching. */
const servedChains = new WeakMap<CertificateInfo, Buffer[]>();

/** The DER chain (leaf first) of a certificate described by describeCertificate(); undefined for any other object. */
export function servedChain(info: CertificateInfo): readonly Buffer[] | undefined {
  return servedChains.get(info);
}

/**
 * Subject equals issuer. Not X509Certificate.checkIssued(): OpenSSL's check also demands keyCertSign in the key
 * usage, which Exchange's New-ExchangeCertificate self-signed certificates lack, so they would read as untrusted only.
 */
function sameName(x: X509Certificate): boolean {
  return x.subject === x.issuer;
}

function safeVerify(x: X509Certificate): boolean {
  try {
    return x.verify(x.publicKey);
  } catch {
    return false;
  }
}

function curveBits(curve: string): number | null {
  const m = /(\d{3})/.exec(curve);
  if (m) return Number(m[1]);
  return curve === 'prime256v1' ? 256 : null;
}

/** Weak key by today's baseline: RSA/DSA below 2048 bits, EC below 224 bits. */
export function isWeakKey(info: CertificateInfo): boolean {
  if (info.keyBits === null) return false;
  if (info.keyType === 'rsa' || info.keyType === 'rsa-pss' || info.keyType === 'dsa') return info.keyBits < 2048;
  if (info.keyType === 'ec') return info.keyBits < 224;
  return false;
}

/** True for an IP literal (no name to match; SNI is not sent). */
export function isIpLiteral(s: string): boolean {
  return isIP(s) !== 0;
}
