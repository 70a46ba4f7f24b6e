// Check: a TLS ≤ 1.2 ServerKeyExchange signature against the certificate's key (RFC 5246 §7.4.3, RFC 4492 §5.4) —
// the proof that the server holds the key of the certificate it sent, read without completing the handshake.
import { constants, verify, type KeyObject } from 'node:crypto';

/** TLS 1.2 SignatureScheme → how to verify it; absent: not checked (unknown or exotic). */
const SCHEMES: Record<number, { hash: string | null; pss?: boolean }> = {
  0x0201: { hash: 'sha1' },
  0x0401: { hash: 'sha256' },
  0x0501: { hash: 'sha384' },
  0x0601: { hash: 'sha512' },
  0x0203: { hash: 'sha1' },
  0x0403: { hash: 'sha256' },
  0x0503: { hash: 'sha384' },
  0x0603: { hash: 'sha512' },
  0x0804: { hash: 'sha256', pss: true },
  0x0805: { hash: 'sha384', pss: true },
  0x0806: { hash: 'sha512', pss: true },
  0x0809: { hash: 'sha256', pss: true },
  0x080a: { hash: 'sha384', pss: true },
  0x080b: { hash: 'sha512', pss: true },
  0x0807: { hash: null },
  0x0808: { hash: null },
};

export interface KeyExchangeInput {
  /** Negotiated version (wire code). */
  versionCode: number;
  /** The suite's key exchange and authentication (`SuiteInfo.kx`, `.auth`). */
  kx: string;
  auth: string;
  clientRandom: Buffer;
  serverRandom: Buffer;
  /** The ServerKeyExchange body. */
  body: Buffer;
  /** The leaf certificate's public key. */
  key: KeyObject;
}

/**
 * Verifies the signature over client_random + server_random + the (EC)DH parameters. Returns null when there is
 * nothing to check here (RSA key exchange, anonymous or PSK suites, an unknown signature scheme), else whether it
 * verified and, if not, why.
 */
export function checkServerKeyExchange(i: KeyExchangeInput): { ok: true } | { ok: false; reason: string } | null {
  if ((i.kx !== 'ECDH' && i.kx !== 'DH') || !['RSA', 'ECDSA', 'DSS'].includes(i.auth)) return null;
  const b = i.body;
  let p = 0;
  try {
    if (i.kx === 'ECDH') {
      if (b[0] !== 3) return null; // only named curves are in use
      p = 3;
      p += 1 + (b[p] as number);
    } else {
      for (let n = 0; n < 3; n++) p += 2 + b.readUInt16BE(p); // dh_p, dh_g, dh_Ys
    }
    if (p > b.length) return { ok: false, reason: 'truncated key exchange parameters' };
    const params = b.subarray(0, p);
    let scheme: { hash: string | null; pss?: boolean } | undefined;
    if (i.versionCode >= 0x0303) {
      scheme = SCHEMES[b.readUInt16BE(p)];
      p += 2;
      if (!scheme) return null;
    } else {
      // TLS 1.0/1.1: RSA signs MD5 + SHA-1 of the data, (EC)DSA signs SHA-1
      scheme = { hash: i.auth === 'RSA' ? 'md5-sha1' : 'sha1' };
    }
    const len = b.readUInt16BE(p);
    p += 2;
    if (p + len !== b.length) return { ok: false, reason: 'signature length does not match the message' };
    const sig = b.subarray(p, p + len);
    const data = Buffer.concat([i.clientRandom, i.serverRandom, params]);
    const key = scheme.pss
      ? { key: i.key, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: constants.RSA_PSS_SALTLEN_DIGEST }
      : i.auth === 'ECDSA' || i.auth === 'DSS'
        ? { key: i.key, dsaEncoding: 'der' as const }
        : { key: i.key, padding: constants.RSA_PKCS1_PADDING };
    return verify(scheme.hash, data, key, sig)
      ? { ok: true }
      : { ok: false, reason: "the ServerKeyExchange signature does not verify with the certificate's key" };
  } catch (e) {
    // a key of another type than the suite's, or bytes past the end
    return { ok: false, reason: `the ServerKeyExchange signature cannot be checked: ${(e as Error).message}` };
  }
}
