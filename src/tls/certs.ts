// In-process X.509 certificate generation (no openssl binary needed): self-signed, CA-signed, expired, SHA-1, ECDSA.
// Used by `listen` (a default self-signed certificate) and `lab` (certificates that reproduce each failure).
import type * as X509 from '@peculiar/x509';
import { webcrypto, randomBytes } from 'node:crypto';

type X509Module = typeof X509;
let x509Module: Promise<X509Module> | null = null;

/** Loads @peculiar/x509 on first use (~100 ms): only commands that generate a certificate pay for it. */
function loadX509(): Promise<X509Module> {
  x509Module ??= (async () => {
    await import('reflect-metadata'); // @peculiar/x509's dependency injection needs this polyfill loaded first.
    const m = await import('@peculiar/x509');
    m.cryptoProvider.set(webcrypto as unknown as Parameters<X509Module['cryptoProvider']['set']>[0]);
    return m;
  })();
  return x509Module;
}

export interface CertRequest {
  /** Common name and first DNS SAN. */
  commonName: string;
  /** Extra DNS names for the SAN extension. */
  altNames?: string[];
  /** Validity window; default: from one day ago for 365 days. */
  notBefore?: Date;
  notAfter?: Date;
  /** Key type; default RSA 2048. */
  key?: 'rsa2048' | 'rsa1024' | 'ecdsa-p256';
  /** Signature hash; default SHA-256. */
  hash?: 'SHA-256' | 'SHA-1';
  /** Sign with this CA instead of self-signing. */
  issuer?: GeneratedCert;
  /** Make it a CA certificate. */
  ca?: boolean;
}

export interface GeneratedCert {
  certPem: string;
  keyPem: string;
  /** certPem followed by the issuer's certificate (what a server sends). */
  chainPem: string;
  subject: string;
  /** Internal: the key pair and certificate, to sign other certificates. */
  readonly keys: CryptoKeyPair;
  readonly cert: X509.X509Certificate;
}

type CryptoKeyPair = { privateKey: CryptoKeyLike; publicKey: CryptoKeyLike };
type CryptoKeyLike = Parameters<typeof webcrypto.subtle.exportKey>[1];

function algorithm(key: CertRequest['key'], hash: 'SHA-256' | 'SHA-1') {
  if (key === 'ecdsa-p256') return { gen: { name: 'ECDSA', namedCurve: 'P-256' }, sign: { name: 'ECDSA', hash } };
  const bits = key === 'rsa1024' ? 1024 : 2048;
  const a = { name: 'RSASSA-PKCS1-v1_5', hash, publicExponent: new Uint8Array([1, 0, 1]), modulusLength: bits };
  return { gen: a, sign: a };
}

function pem(label: string, der: ArrayBuffer): string {
  const b64 = Buffer.from(der)
    .toString('base64')
    .replace(/.{1,64}/g, '$&\n');
  return `-----BEGIN ${label}-----\n${b64}-----END ${label}-----\n`;
}

/** Generates a certificate and its private key (PKCS#8 PEM). */
export async function generateCertificate(req: CertRequest): Promise<GeneratedCert> {
  const x509 = await loadX509();
  const hash = req.hash ?? 'SHA-256';
  const issuerAlg = req.issuer ? algorithm(req.issuer.keys.privateKey.algorithm.name === 'ECDSA' ? 'ecdsa-p256' : 'rsa2048', hash) : null;
  const { gen, sign } = algorithm(req.key, hash);
  const keys = (await webcrypto.subtle.generateKey(gen as never, true, ['sign', 'verify'])) as unknown as CryptoKeyPair;
  const notBefore = req.notBefore ?? new Date(Date.now() - 86_400_000);
  const notAfter = req.notAfter ?? new Date(notBefore.getTime() + 366 * 86_400_000);
  const names = [req.commonName, ...(req.altNames ?? [])];
  const extensions: X509.Extension[] = [
    new x509.BasicConstraintsExtension(Boolean(req.ca), undefined, true),
    new x509.KeyUsagesExtension(
      req.ca ? x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign : x509.KeyUsageFlags.digitalSignature | x509.KeyUsageFlags.keyEncipherment,
      true,
    ),
  ];
  if (!req.ca) {
    extensions.push(new x509.ExtendedKeyUsageExtension([x509.ExtendedKeyUsage.serverAuth, x509.ExtendedKeyUsage.clientAuth]));
    extensions.push(new x509.SubjectAlternativeNameExtension(names.map((value) => ({ type: /^[0-9.]+$/.test(value) ? 'ip' : 'dns', value }))));
  }
  const subject = `CN=${req.commonName}`;
  const serialNumber = randomBytes(8)
    .toString('hex')
    .replace(/^[89a-f]/, '1');
  const cert = req.issuer
    ? await x509.X509CertificateGenerator.create({
        serialNumber,
        subject,
        issuer: req.issuer.cert.subject,
        notBefore,
        notAfter,
        signingAlgorithm: issuerAlg?.sign as never,
        publicKey: keys.publicKey as never,
        signingKey: req.issuer.keys.privateKey as never,
        extensions,
      })
    : await x509.X509CertificateGenerator.createSelfSigned({
        serialNumber,
        name: subject,
        notBefore,
        notAfter,
        signingAlgorithm: sign as never,
        keys: keys as never,
        extensions,
      });
  const certPem = cert.toString('pem') + '\n';
  const keyPem = pem('PRIVATE KEY', await webcrypto.subtle.exportKey('pkcs8', keys.privateKey));
  const chainPem = req.issuer ? certPem + req.issuer.certPem : certPem;
  return { certPem, keyPem, chainPem, subject, keys, cert };
}
