// Check: the server certificate as served — subject, SANs, validity, key, signature algorithm, chain completeness,
// self-signed, name match against the MX host (RFC 6125/7817 rules) and trust (system store + --ca, see chain.ts).
import { X509Certificate, type KeyObject } from 'node:crypto';
import { isIP } from 'node:net';
import type { DetailedPeerCertificate, PeerCertificate, TLSSocket } from 'node:tls';
import { oidString, tlv } from '../tls/der.js';
import type { CertificateInfo } from './types.js';
import { verifyChain, type TrustStore } from './chain.js';

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
  const dotted = oidString(der.subarray(algOff + alg.head + oid.head, algOff + alg.head + oid.head + oid.len));
  if (dotted === '') return 'unknown';
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
    .map((p) =>
      p
        .slice(kind.length + 1)
        .replace(/^"|"$/g, '')
        .toLowerCase(),
    );
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
  /** The leaf's public key (for the ServerKeyExchange signature). */
  publicKey: KeyObject;
}

/** One certificate of the chain, parsed once: OpenSSL 3 takes ~0.15 ms per DER parse, a scan does this for every host. */
interface Link {
  x: X509Certificate;
  /** The DER as received (X509Certificate.raw would encode it again). */
  raw: Buffer;
  /** Subject equals issuer and the certificate verifies with its own key. */
  selfSigned: boolean;
}

/**
 * Describes a served chain (DER, leaf first, as the server sent it — from the plaintext Certificate message of a
 * TLS ≤ 1.2 answer, or from a complete node:tls handshake): details of the leaf, name match, and trust as OpenSSL would
 * judge it against `store` (`verifyChain`). Null for an empty chain; throws when the leaf is not a certificate.
 */
export function describeChain(served: readonly Buffer[], name: string | null, ip: string, store: TrustStore, now = Date.now()): CertificateCheck | null {
  if (served.length === 0) return null;
  const parsed = served.map((raw) => ({ x: new X509Certificate(raw), raw }));
  const rawOf = new Map<X509Certificate, Buffer>(parsed.map((p) => [p.x, p.raw]));
  const v = verifyChain(
    parsed.map((p) => p.x),
    store,
    now,
    served,
  );
  // The chain as node:tls showed it: the served certificates linked from the leaf, plus the root from the store
  const links: Link[] = v.chain.map((x) => ({ x, raw: rawOf.get(x) ?? x.raw, selfSigned: sameName(x) && v.verifies(x, x) }));
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
  const keyBits =
    det.modulusLength ??
    (det.namedCurve ? curveBits(det.namedCurve) : key.asymmetricKeyType === 'ed25519' ? 256 : key.asymmetricKeyType === 'ed448' ? 456 : null);
  const authErr = v.trusted ? null : (v.error ?? 'unknown error');
  const matches = name ? nameMatches(name, dns, cn) : ips.includes(ip.toLowerCase());
  const lastSent = links[links.length - 1];
  const chainComplete = selfSigned || v.trusted || !INCOMPLETE.has(authErr ?? '') || (lastSent !== undefined && sameName(lastSent.x));
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
    trusted: v.trusted,
    trustError: authErr,
    fingerprintSha256: x.fingerprint256,
    chainLength: links.length,
  };
  servedChains.set(
    info,
    links.map((link) => link.raw),
  ); // our own copies (the flight parser's, or X509Certificate.raw)
  return { info, chainSignatureHashes: hashes, publicKey: key };
}

/** The chain of an established TLS socket as DER, leaf first (what the server sent, plus the root node found). */
export function peerChain(sock: TLSSocket): Buffer[] {
  const detailed = sock.getPeerCertificate(true) as DetailedPeerCertificate | PeerCertificate;
  const out: Buffer[] = [];
  let c: DetailedPeerCertificate | undefined = detailed?.raw ? (detailed as DetailedPeerCertificate) : undefined;
  while (c && c.raw && out.length < 16) {
    out.push(c.raw);
    if (!c.issuerCertificate || c.issuerCertificate === c || c.issuerCertificate.fingerprint256 === c.fingerprint256) break;
    c = c.issuerCertificate;
  }
  return out;
}

/** DER of the chain behind a CertificateInfo (leaf first, as Node built it), kept out of the JSON for DANE matching. */
const servedChains = new WeakMap<CertificateInfo, Buffer[]>();

/** The DER chain (leaf first) of a certificate described by describeChain(); undefined for any other object. */
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
