// TLS handshake codec: builds ClientHellos for any version (SSLv3–TLS 1.3) and parses ClientHello/ServerHello/alerts.
// Written by hand because no library does this: Node's OpenSSL 3 cannot offer SSLv3, RC4, 3DES or EXPORT suites and
// never exposes the peer's raw ClientHello, yet a scanner must ask for exactly those, and a receiver must record a
// hello before (and whether or not) the TLS library accepts it. Every length is bounds-checked; nothing here throws on
// hostile bytes — parse functions return a `malformed` result instead.
import { randomBytes } from 'node:crypto';
import { VERSION_CODE, versionFromCode, type TlsVersion } from '../policy/exchange-online.js';
import { SCSV, suiteName } from './suites.js';

export const CONTENT = { CHANGE_CIPHER_SPEC: 20, ALERT: 21, HANDSHAKE: 22, APPLICATION_DATA: 23 } as const;
export const HS = {
  CLIENT_HELLO: 1,
  SERVER_HELLO: 2,
  CERTIFICATE: 11,
  SERVER_KEY_EXCHANGE: 12,
  CERTIFICATE_REQUEST: 13,
  SERVER_HELLO_DONE: 14,
  CERTIFICATE_STATUS: 22,
} as const;
export const EXT = {
  SERVER_NAME: 0,
  STATUS_REQUEST: 5,
  SUPPORTED_GROUPS: 10,
  EC_POINT_FORMATS: 11,
  SIGNATURE_ALGORITHMS: 13,
  ALPN: 16,
  PADDING: 21,
  EXTENDED_MASTER_SECRET: 23,
  SESSION_TICKET: 35,
  SUPPORTED_VERSIONS: 43,
  PSK_KEY_EXCHANGE_MODES: 45,
  KEY_SHARE: 51,
  RENEGOTIATION_INFO: 0xff01,
} as const;

/** TLS alert descriptions (RFC 8446 §6 and older) by number. */
export const ALERTS: Record<number, string> = {
  0: 'close_notify',
  10: 'unexpected_message',
  20: 'bad_record_mac',
  21: 'decryption_failed',
  22: 'record_overflow',
  30: 'decompression_failure',
  40: 'handshake_failure',
  41: 'no_certificate',
  42: 'bad_certificate',
  43: 'unsupported_certificate',
  44: 'certificate_revoked',
  45: 'certificate_expired',
  46: 'certificate_unknown',
  47: 'illegal_parameter',
  48: 'unknown_ca',
  49: 'access_denied',
  50: 'decode_error',
  51: 'decrypt_error',
  60: 'export_restriction',
  70: 'protocol_version',
  71: 'insufficient_security',
  80: 'internal_error',
  86: 'inappropriate_fallback',
  90: 'user_canceled',
  100: 'no_renegotiation',
  109: 'missing_extension',
  110: 'unsupported_extension',
  112: 'unrecognized_name',
  113: 'bad_certificate_status_response',
  115: 'unknown_psk_identity',
  116: 'certificate_required',
  120: 'no_application_protocol',
};

/** The special ServerHello.random that marks a TLS 1.3 HelloRetryRequest (RFC 8446 §4.1.3). */
const HRR_RANDOM = Buffer.from('cf21ad74e59a6111be1d8c021e65b891c2a211167abb8c5e079e09e2c8a8339c', 'hex');

/**
 * Named groups offered: x25519, secp256r1, secp384r1, secp521r1, x448 — no FFDHE group, like an OpenSSL client
 * offering TLS ≤ 1.2 (and Schannel), so a server that follows RFC 7919 still chooses a DHE suite with its own group
 * (listing ffdhe2048/3072 makes such a server without them refuse every DHE suite, which sslscan and real senders get).
 */
const GROUPS = [0x001d, 0x0017, 0x0018, 0x0019, 0x001e];
/** Signature algorithms offered: ECDSA, RSA-PSS, RSA PKCS#1 with SHA-2, then SHA-1 ones so old servers still answer. */
const SIG_ALGS = [0x0403, 0x0503, 0x0603, 0x0804, 0x0805, 0x0806, 0x0401, 0x0501, 0x0601, 0x0807, 0x0808, 0x0203, 0x0201, 0x0402, 0x0202];

export interface ClientHelloOptions {
  version: TlsVersion;
  /** Suite codes to offer (TLS 1.3 suites for TLSv1.3). */
  suites: readonly number[];
  /** Server name for SNI (omitted for IP literals and SSLv3). */
  sni?: string | undefined;
  /** Add TLS_EMPTY_RENEGOTIATION_INFO_SCSV (default true). */
  scsv?: boolean;
  /**
   * List these versions in a supported_versions extension, so that a server that negotiates from that list (every
   * TLS 1.3 server, RFC 8446 §4.2.1) answers for all of them at once. TLS 1.0–1.2 hellos: client_version stays
   * `version`. TLS 1.3 hellos: the list follows TLS 1.3 (client_version is TLS 1.2, as always), and `suites` may mix
   * TLS 1.3 and older suites, so a server without TLS 1.3 answers with its best older version.
   */
  offerVersions?: readonly TlsVersion[];
}

function u8(n: number): Buffer {
  return Buffer.from([n & 0xff]);
}
function u16(n: number): Buffer {
  const b = Buffer.alloc(2);
  b.writeUInt16BE(n & 0xffff);
  return b;
}
function vec16(body: Buffer): Buffer {
  return Buffer.concat([u16(body.length), body]);
}
function ext(type: number, body: Buffer): Buffer {
  return Buffer.concat([u16(type), vec16(body)]);
}
function list16(values: readonly number[]): Buffer {
  return Buffer.concat(values.map(u16));
}

/** True for host strings that are IP literals (no SNI for those, RFC 6066 §3). */
function isIpLiteral(host: string): boolean {
  return /^[0-9.]+$/.test(host) || host.includes(':');
}

/** Random bytes for hellos, drawn from a pool refilled 4 KiB at a time (one call into OpenSSL per ~40 hellos). */
const randomPool = { buf: Buffer.alloc(0), at: 0 };
function fillRandom(target: Buffer): void {
  if (randomPool.at + target.length > randomPool.buf.length) {
    randomPool.buf = randomBytes(4096);
    randomPool.at = 0;
  }
  randomPool.buf.copy(target, 0, randomPool.at, randomPool.at + target.length);
  randomPool.at += target.length;
}

/**
 * The extensions every hello of a version carries, after SNI and before the TLS 1.3 key share: supported groups, point
 * formats, signature algorithms (TLS 1.2 and 1.3), session ticket, extended master secret, and for TLS 1.3
 * supported_versions and psk_key_exchange_modes. The same bytes every time, so built once per version.
 */
const fixedExtensions = new Map<TlsVersion, Buffer>();
function fixedExtensionsFor(version: TlsVersion): Buffer {
  let b = fixedExtensions.get(version);
  if (!b) {
    const v13 = version === 'TLSv1.3';
    const exts: Buffer[] = [];
    exts.push(ext(EXT.SUPPORTED_GROUPS, vec16(list16(GROUPS))));
    exts.push(ext(EXT.EC_POINT_FORMATS, Buffer.from([1, 0])));
    if (version === 'TLSv1.2' || v13) exts.push(ext(EXT.SIGNATURE_ALGORITHMS, vec16(list16(SIG_ALGS))));
    exts.push(ext(EXT.SESSION_TICKET, Buffer.alloc(0)));
    exts.push(ext(EXT.EXTENDED_MASTER_SECRET, Buffer.alloc(0)));
    if (v13) {
      exts.push(ext(EXT.SUPPORTED_VERSIONS, Buffer.concat([u8(2), u16(0x0304)])));
      exts.push(ext(EXT.PSK_KEY_EXCHANGE_MODES, Buffer.from([1, 1])));
    }
    b = Buffer.concat(exts);
    fixedExtensions.set(version, b);
  }
  return b;
}

/**
 * Builds one TLS record carrying a ClientHello for the given version and suites.
 * SSLv3 hellos carry no extensions (as SSLv3 servers expect); TLS 1.3 hellos carry supported_versions and an x25519
 * key share; everything else advertises its version only through client_version, so the server's choice is visible.
 * Written into one buffer (a scan builds several per host): record header, handshake header, client_version, random,
 * session id (32 random bytes for TLS 1.3), suites, compression (null only), then the extensions — SNI, the fixed
 * ones, the key share, and padding when the hello would be 256–511 bytes long.
 */
export function buildClientHello(o: ClientHelloOptions): Buffer {
  const v13 = o.version === 'TLSv1.3';
  const clientVersion = v13 ? 0x0303 : VERSION_CODE[o.version];
  const scsv = o.scsv !== false && !v13;
  const suiteCount = o.suites.length + (scsv ? 1 : 0);
  const sessionIdLength = v13 ? 32 : 0;
  const withExtensions = o.version !== 'SSLv3';
  const sni = withExtensions && o.sni && !isIpLiteral(o.sni) && o.sni.length < 254 ? Buffer.from(o.sni, 'ascii') : null;
  const offered13 =
    v13 && o.offerVersions && o.offerVersions.length > 0 ? (['TLSv1.3', ...o.offerVersions.filter((v) => v !== 'TLSv1.3')] as TlsVersion[]) : null;
  const fixed = withExtensions ? (offered13 ? fixedExtensionsFor('TLSv1.2') : fixedExtensionsFor(o.version)) : null;
  const sniLength = sni ? 4 + 2 + 1 + 2 + sni.length : 0; // type, length, list length, name type, name length, name
  const keyShareLength = v13 ? 4 + 2 + 2 + 2 + 32 : 0; // type, length, shares length, group, key length, x25519 key
  const offered = withExtensions && o.offerVersions && o.offerVersions.length > 0 ? (offered13 ?? o.offerVersions) : null;
  const offeredLength = offered ? 4 + 1 + 2 * offered.length : 0; // type, length, list length, versions
  // with a list of its own, a TLS 1.3 hello takes the TLS 1.2 fixed extensions and adds psk_key_exchange_modes itself
  const pskModesLength = offered13 ? 4 + 2 : 0;
  let extensionsLength = sniLength + (fixed?.length ?? 0) + keyShareLength + offeredLength + pskModesLength;
  const bodyLength = (extLength: number): number => 2 + 32 + 1 + sessionIdLength + 2 + 2 * suiteCount + 2 + (withExtensions ? 2 + extLength : 0);
  // Some middleboxes hang on hellos of 256–511 bytes; pad past that range (RFC 7685), as OpenSSL and browsers do.
  let pad = -1;
  const unpadded = 4 + bodyLength(extensionsLength);
  if (withExtensions && unpadded >= 252 && unpadded < 512) {
    pad = Math.max(1, 512 - unpadded - 4);
    extensionsLength += 4 + pad;
  }
  const body = bodyLength(extensionsLength);
  const out = Buffer.alloc(5 + 4 + body);
  let p = 0;
  p = out.writeUInt8(CONTENT.HANDSHAKE, p);
  p = out.writeUInt16BE(o.version === 'SSLv3' ? 0x0300 : 0x0301, p);
  p = out.writeUInt16BE(4 + body, p);
  p = out.writeUInt8(HS.CLIENT_HELLO, p);
  p = out.writeUIntBE(body, p, 3);
  p = out.writeUInt16BE(clientVersion, p);
  fillRandom(out.subarray(p, p + 32));
  p += 32;
  p = out.writeUInt8(sessionIdLength, p);
  if (sessionIdLength > 0) {
    fillRandom(out.subarray(p, p + sessionIdLength));
    p += sessionIdLength;
  }
  p = out.writeUInt16BE(2 * suiteCount, p);
  // byte by byte: up to 64 suites a hello, and writeUInt16BE's checks cost more than the writes in a short-lived CLI
  for (const suite of o.suites) {
    out[p++] = (suite >> 8) & 0xff;
    out[p++] = suite & 0xff;
  }
  if (scsv) p = out.writeUInt16BE(SCSV.EMPTY_RENEGOTIATION_INFO, p);
  p = out.writeUInt8(1, p); // compression: null only
  p = out.writeUInt8(0, p);
  if (withExtensions) {
    p = out.writeUInt16BE(extensionsLength, p);
    if (sni) {
      p = out.writeUInt16BE(EXT.SERVER_NAME, p);
      p = out.writeUInt16BE(2 + 1 + 2 + sni.length, p);
      p = out.writeUInt16BE(1 + 2 + sni.length, p);
      p = out.writeUInt8(0, p); // host_name
      p = out.writeUInt16BE(sni.length, p);
      p += sni.copy(out, p);
    }
    p += (fixed as Buffer).copy(out, p);
    if (v13) {
      // Any 32 bytes are a valid x25519 public value; the handshake is abandoned after the ServerHello anyway.
      p = out.writeUInt16BE(EXT.KEY_SHARE, p);
      p = out.writeUInt16BE(2 + 2 + 2 + 32, p);
      p = out.writeUInt16BE(2 + 2 + 32, p);
      p = out.writeUInt16BE(0x001d, p);
      p = out.writeUInt16BE(32, p);
      fillRandom(out.subarray(p, p + 32));
      p += 32;
    }
    if (offered) {
      p = out.writeUInt16BE(EXT.SUPPORTED_VERSIONS, p);
      p = out.writeUInt16BE(1 + 2 * offered.length, p);
      p = out.writeUInt8(2 * offered.length, p);
      for (const v of offered) p = out.writeUInt16BE(VERSION_CODE[v], p);
    }
    if (offered13) {
      p = out.writeUInt16BE(EXT.PSK_KEY_EXCHANGE_MODES, p);
      p = out.writeUInt16BE(2, p);
      p = out.writeUInt8(1, p);
      p = out.writeUInt8(1, p); // psk_dhe_ke
    }
    if (pad >= 0) {
      p = out.writeUInt16BE(EXT.PADDING, p);
      p = out.writeUInt16BE(pad, p);
      p += pad; // zeros (Buffer.alloc)
    }
  }
  return out;
}

/** Builds a fatal alert record. */
export function buildAlert(description: number, recordVersion = 0x0303, level = 2): Buffer {
  return Buffer.from([CONTENT.ALERT, recordVersion >> 8, recordVersion & 0xff, 0, 2, level, description]);
}

export type ServerResponse =
  | {
      kind: 'server-hello';
      version: TlsVersion | null;
      versionCode: number;
      suite: number;
      suiteName: string;
      compression: number;
      helloRetry: boolean;
      extensions: number[];
      /** The 32 bytes of ServerHello.random (signed into a TLS ≤ 1.2 ServerKeyExchange). */
      random: Buffer;
      /** The chain (DER, as sent) of the Certificate message after a TLS ≤ 1.2 ServerHello, when it was asked for. */
      certificates?: Buffer[];
      /** The ServerKeyExchange body of the same flight ((EC)DHE suites), when the chain was asked for. */
      keyExchange?: Buffer;
    }
  | { kind: 'alert'; level: number; description: number; name: string }
  | { kind: 'incomplete' }
  | { kind: 'malformed'; reason: string };

/** Caps on what a hello may occupy before we give up (a real hello is well under 16 KiB). */
export const MAX_HELLO_BYTES = 64 * 1024;
/** Most TLS records a hello may be spread over (real ones use one, two above 16 KiB). */
export const MAX_HELLO_RECORDS = 64;

/** Byte `i` of the concatenation of `parts` (at most MAX_HELLO_RECORDS of them). */
function byteAt(parts: readonly Buffer[], i: number): number {
  for (const p of parts) {
    if (i < p.length) return p[i] as number;
    i -= p.length;
  }
  return 0;
}

/**
 * Reassembles the handshake bytes from TLS records at the start of `buf`.
 * Returns the handshake payload gathered so far, or the first alert, or a malformed marker.
 */
function gatherHandshake(
  buf: Buffer,
  messages = 1,
  stopAt = -1,
): { hs: Buffer; alert?: { level: number; description: number }; complete: boolean; malformed?: string; stopped?: boolean } {
  const parts: Buffer[] = [];
  let off = 0;
  let got = 0;
  let at = 0;
  let whole = 0;
  let last = -1;
  while (off + 5 <= buf.length) {
    // Real hellos take one record (two above 16 KiB). Without a cap, a peer that sends a hello as thousands of 1-byte
    // records makes every re-parse walk all of them: quadratic CPU per connection (found by test/fuzz/hello).
    if (parts.length >= MAX_HELLO_RECORDS)
      return { hs: Buffer.alloc(0), complete: false, malformed: `hello spread over more than ${MAX_HELLO_RECORDS} records` };
    const type = buf[off] as number;
    const major = buf[off + 1] as number;
    const len = buf.readUInt16BE(off + 3);
    // An alert is read whatever its record's version stamp, as OpenSSL and GnuTLS clients do: GnuTLS refuses an unwanted
    // version with a protocol_version alert in a record stamped 0xFEFD (DTLS 1.2) when its priority string leaves DTLS
    // on. Only a 2-byte alert with a real level counts; anything else with a version other than 3.x is not TLS.
    const strayAlert = type === CONTENT.ALERT && parts.length === 0 && len === 2 && off + 7 <= buf.length && (buf[off + 5] === 1 || buf[off + 5] === 2);
    if (major !== 3 && !strayAlert) return { hs: Buffer.alloc(0), complete: false, malformed: `record version ${major}.${buf[off + 2]} is not TLS` };
    if (len > 18432) return { hs: Buffer.alloc(0), complete: false, malformed: `record length ${len} exceeds the TLS maximum` };
    if (off + 5 + len > buf.length) break;
    const payload = buf.subarray(off + 5, off + 5 + len);
    off += 5 + len;
    if (type === CONTENT.ALERT) {
      if (parts.length === 0) {
        if (payload.length < 2) return { hs: Buffer.alloc(0), complete: false, malformed: 'alert record shorter than 2 bytes' };
        return { hs: Buffer.alloc(0), complete: true, alert: { level: payload[0] as number, description: payload[1] as number } };
      }
      return { hs: parts.length === 1 ? (parts[0] as Buffer) : Buffer.concat(parts), complete: false, stopped: true };
    }
    if (type !== CONTENT.HANDSHAKE) {
      if (parts.length === 0) return { hs: Buffer.alloc(0), complete: false, malformed: `unexpected record type ${type}` };
      return { hs: parts.length === 1 ? (parts[0] as Buffer) : Buffer.concat(parts), complete: false, stopped: true };
    }
    parts.push(payload);
    got += payload.length;
    // Stop at the end of the first `messages` handshake messages (or the one of type `stopAt`): what follows is not
    // needed. The walk goes on from where the last record left it, reading headers across records without joining them.
    while (whole < messages && at + 4 <= got) {
      const end = at + 4 + ((byteAt(parts, at + 1) << 16) | (byteAt(parts, at + 2) << 8) | byteAt(parts, at + 3));
      if (end > got) break;
      whole++;
      last = byteAt(parts, at);
      at = end;
      if (last === stopAt) break;
    }
    if (whole >= messages || (stopAt >= 0 && last === stopAt)) break;
  }
  return { hs: parts.length === 1 ? (parts[0] as Buffer) : Buffer.concat(parts), complete: false };
}

/**
 * Walks the extensions block that starts at `p` in a hello body (absent when the body ends there), calling `visit`
 * with each extension's type and data; a block or extension that runs past its bounds throws RangeError.
 */
function walkExtensions(body: Buffer, p: number, visit: (type: number, data: Buffer) => void): void {
  if (p + 2 > body.length) return;
  const end = p + 2 + body.readUInt16BE(p);
  if (end > body.length) throw new RangeError('truncated extensions');
  p += 2;
  while (p + 4 <= end) {
    const type = body.readUInt16BE(p);
    const l = body.readUInt16BE(p + 2);
    p += 4;
    if (p + l > end) throw new RangeError('truncated extension');
    visit(type, body.subarray(p, p + l));
    p += l;
  }
}

/** Parses a server's first flight: a ServerHello (incl. TLS 1.3 supported_versions and HelloRetryRequest) or an alert. */
export function parseServerResponse(buf: Buffer): ServerResponse {
  if (buf.length > 0 && buf[0] !== CONTENT.HANDSHAKE && buf[0] !== CONTENT.ALERT) {
    if (((buf[0] as number) & 0x80) !== 0 && buf.length >= 3 && buf[2] === 4) return { kind: 'malformed', reason: 'SSLv2 ServerHello' };
    return { kind: 'malformed', reason: `not a TLS record (first byte 0x${(buf[0] as number).toString(16)})` };
  }
  const g = gatherHandshake(buf);
  if (g.malformed) return { kind: 'malformed', reason: g.malformed };
  if (g.alert)
    return { kind: 'alert', level: g.alert.level, description: g.alert.description, name: ALERTS[g.alert.description] ?? `alert ${g.alert.description}` };
  const hs = g.hs;
  if (hs.length < 4) return buf.length > MAX_HELLO_BYTES ? { kind: 'malformed', reason: 'no ServerHello within 64 KiB' } : { kind: 'incomplete' };
  if (hs[0] !== HS.SERVER_HELLO) return { kind: 'malformed', reason: `first handshake message is type ${hs[0]}, not ServerHello` };
  const len = ((hs[1] as number) << 16) | ((hs[2] as number) << 8) | (hs[3] as number);
  if (len > MAX_HELLO_BYTES) return { kind: 'malformed', reason: 'ServerHello length exceeds 64 KiB' };
  if (hs.length < 4 + len) return { kind: 'incomplete' };
  const body = hs.subarray(4, 4 + len);
  try {
    let p = 0;
    const need = (n: number): void => {
      if (p + n > body.length) throw new RangeError('truncated ServerHello');
    };
    need(2 + 32 + 1);
    const legacy = body.readUInt16BE(p);
    p += 2;
    const random = body.subarray(p, p + 32);
    p += 32;
    const sidLen = body[p] as number;
    p += 1;
    need(sidLen + 3);
    p += sidLen;
    const suite = body.readUInt16BE(p);
    p += 2;
    const compression = body[p] as number;
    p += 1;
    let versionCode = legacy;
    const extensions: number[] = [];
    walkExtensions(body, p, (type, e) => {
      extensions.push(type);
      if (type === EXT.SUPPORTED_VERSIONS && e.length === 2) versionCode = e.readUInt16BE(0);
    });
    return {
      kind: 'server-hello',
      version: versionFromCode(versionCode),
      versionCode,
      suite,
      suiteName: suiteName(suite),
      compression,
      random: Buffer.from(random),
      helloRetry: random.equals(HRR_RANDOM),
      extensions,
    };
  } catch (e) {
    return { kind: 'malformed', reason: (e as Error).message };
  }
}

/** Most certificates read from one Certificate message (real chains carry 2–5). */
export const MAX_CHAIN_CERTS = 16;
/** Most bytes of a first flight read for its Certificate message (ServerHello + chain; real ones are 2–10 KiB). */
export const MAX_FLIGHT_BYTES = 128 * 1024;

export type ServerCertificates = { kind: 'chain'; certs: Buffer[] } | { kind: 'incomplete' } | { kind: 'none'; reason: string };

/**
 * What a TLS ≤ 1.2 (or SSLv3) first flight carries after its ServerHello, in one walk over its messages (RFC 5246
 * §7.4): the Certificate message's chain — DER, leaf first, as sent in plaintext — and the ServerKeyExchange body that
 * (EC)DHE servers sign with that certificate's key. Each is `undefined` while it may still arrive, `null` when the
 * flight has none (an anonymous suite, RSA key exchange, ServerHelloDone, a non-handshake record, a malformed or
 * over-cap message); `reason` says why there is no chain. `buf` starts at the flight.
 */
export interface ServerFlight {
  certificates: Buffer[] | null | undefined;
  keyExchange: Buffer | null | undefined;
  reason?: string;
}

export function parseServerFlight(buf: Buffer): ServerFlight {
  const out: ServerFlight = { certificates: undefined, keyExchange: undefined };
  const end = (reason: string): ServerFlight => {
    if (out.certificates === undefined) {
      out.certificates = null;
      out.reason = reason;
    }
    if (out.keyExchange === undefined) out.keyExchange = null;
    return out;
  };
  const g = gatherHandshake(buf, 5, HS.SERVER_HELLO_DONE);
  if (g.malformed) return end(g.malformed);
  if (g.alert) return end('alert');
  const hs = g.hs;
  const len = (at: number): number => ((hs[at + 1] as number) << 16) | ((hs[at + 2] as number) << 8) | (hs[at + 3] as number);
  let at = hs.length >= 4 ? 4 + len(0) : hs.length + 1; // after the ServerHello
  for (let n = 1; n < 5 && at + 4 <= hs.length; n++) {
    const type = hs[at] as number;
    const next = at + 4 + len(at);
    if (n === 1 && type !== HS.CERTIFICATE) {
      out.certificates = null; // known from the type alone; the walk goes on for a ServerKeyExchange
      out.reason = `handshake message ${type} follows the ServerHello`;
    }
    if (type === HS.CERTIFICATE && n === 1) {
      if (next > MAX_FLIGHT_BYTES) return end('Certificate message over 128 KiB');
      if (next > hs.length) break;
      const chain = certificateList(hs.subarray(at + 4, next));
      if (typeof chain === 'string') return end(chain);
      out.certificates = chain;
    } else if (next > hs.length) break;
    else if (type === HS.SERVER_KEY_EXCHANGE) {
      out.keyExchange = Buffer.from(hs.subarray(at + 4, next));
      return end('no Certificate message before the ServerKeyExchange');
    } else if (type === HS.SERVER_HELLO_DONE || type === HS.CERTIFICATE_REQUEST) return end('no Certificate message in the flight');
    else if (type !== HS.CERTIFICATE_STATUS) return end(`handshake message ${type} follows the ServerHello`);
    at = next;
  }
  if (g.stopped) return end('flight ended before a Certificate message');
  if (buf.length > MAX_FLIGHT_BYTES) return end('flight over 128 KiB');
  return out;
}

/** The DER certificates of a Certificate message body, or why they cannot be read. */
function certificateList(body: Buffer): Buffer[] | string {
  if (body.length < 3) return 'truncated Certificate message';
  const listLen = ((body[0] as number) << 16) | ((body[1] as number) << 8) | (body[2] as number);
  if (listLen !== body.length - 3) return 'Certificate list length does not match its message';
  const certs: Buffer[] = [];
  let p = 3;
  while (p < body.length) {
    if (certs.length >= MAX_CHAIN_CERTS) return `more than ${MAX_CHAIN_CERTS} certificates`;
    if (p + 3 > body.length) return 'truncated certificate entry';
    const l = ((body[p] as number) << 16) | ((body[p + 1] as number) << 8) | (body[p + 2] as number);
    p += 3;
    if (l === 0 || p + l > body.length) return 'certificate entry runs past its message';
    certs.push(Buffer.from(body.subarray(p, p + l)));
    p += l;
  }
  return certs.length === 0 ? 'empty Certificate message' : certs;
}

/** The chain of a first flight (see `parseServerFlight`). */
export function parseServerCertificates(buf: Buffer): ServerCertificates {
  const f = parseServerFlight(buf);
  if (f.certificates === undefined) return { kind: 'incomplete' };
  return f.certificates === null ? { kind: 'none', reason: f.reason ?? 'no chain' } : { kind: 'chain', certs: f.certificates };
}

/** The ServerKeyExchange body of a first flight (see `parseServerFlight`). */
export function parseServerKeyExchange(buf: Buffer): { kind: 'found'; body: Buffer } | { kind: 'incomplete' } | { kind: 'none'; reason: string } {
  const f = parseServerFlight(buf);
  if (f.keyExchange === undefined) return { kind: 'incomplete' };
  return f.keyExchange === null ? { kind: 'none', reason: 'no ServerKeyExchange' } : { kind: 'found', body: f.keyExchange };
}

export interface ParsedClientHello {
  /** How the hello arrived: a TLS record, or the SSLv2-compatible format of very old clients. */
  format: 'tls' | 'sslv2';
  recordVersion: number;
  legacyVersion: number;
  /** supported_versions values (TLS 1.3 clients), in the client's order; empty when absent. */
  supportedVersions: number[];
  /** Versions the hello offers, by name, oldest first (supported_versions, else legacy_version alone). */
  versions: TlsVersion[];
  /** Best version offered. */
  maxVersion: TlsVersion | null;
  suites: number[];
  suiteNames: string[];
  sni: string | null;
  alpn: string[];
  groups: number[];
  signatureAlgorithms: number[];
  extensions: number[];
  compression: number[];
}

export type ClientHelloResult =
  | { kind: 'client-hello'; hello: ParsedClientHello; length: number }
  | { kind: 'incomplete' }
  | { kind: 'malformed'; reason: string };

/**
 * Lists the versions a hello offers: supported_versions when present, else legacy_version alone — a pre-1.3 hello
 * states only its best version, not its floor, so listing SSLv3…legacy would claim offers the client never made.
 */
function versionsOffered(legacy: number, supported: number[]): TlsVersion[] {
  const codes = supported.length > 0 ? supported : [Math.min(legacy, 0x0303)];
  const out = new Set<TlsVersion>();
  for (const c of codes) {
    const v = versionFromCode(c);
    if (v) out.add(v);
  }
  const order: TlsVersion[] = ['SSLv3', 'TLSv1.0', 'TLSv1.1', 'TLSv1.2', 'TLSv1.3'];
  return order.filter((v) => out.has(v));
}

/** Parses a client's first flight (a receiver records it before deciding whether to accept). */
export function parseClientHello(buf: Buffer): ClientHelloResult {
  if (buf.length === 0) return { kind: 'incomplete' };
  const b0 = buf[0] as number;
  if ((b0 & 0x80) !== 0 && b0 !== CONTENT.HANDSHAKE) return parseSslv2Hello(buf);
  if (b0 !== CONTENT.HANDSHAKE) return { kind: 'malformed', reason: `not a TLS handshake record (first byte 0x${b0.toString(16)})` };
  if (buf.length < 5) return { kind: 'incomplete' };
  const recordVersion = buf.readUInt16BE(1);
  const g = gatherHandshake(buf);
  if (g.malformed) return { kind: 'malformed', reason: g.malformed };
  const hs = g.hs;
  if (hs.length < 4) return buf.length > MAX_HELLO_BYTES ? { kind: 'malformed', reason: 'no ClientHello within 64 KiB' } : { kind: 'incomplete' };
  if (hs[0] !== HS.CLIENT_HELLO) return { kind: 'malformed', reason: `first handshake message is type ${hs[0]}, not ClientHello` };
  const len = ((hs[1] as number) << 16) | ((hs[2] as number) << 8) | (hs[3] as number);
  if (len > MAX_HELLO_BYTES) return { kind: 'malformed', reason: 'ClientHello length exceeds 64 KiB' };
  if (hs.length < 4 + len) return { kind: 'incomplete' };
  // Bytes consumed: whole records up to the end of the hello.
  let consumed = 0;
  let hsSeen = 0;
  while (hsSeen < 4 + len && consumed + 5 <= buf.length) {
    const l = buf.readUInt16BE(consumed + 3);
    consumed += 5 + l;
    hsSeen += l;
  }
  const body = hs.subarray(4, 4 + len);
  try {
    let p = 0;
    const need = (n: number): void => {
      if (p + n > body.length) throw new RangeError('truncated ClientHello');
    };
    need(2 + 32 + 1);
    const legacyVersion = body.readUInt16BE(p);
    p += 34;
    const sidLen = body[p] as number;
    p += 1;
    if (sidLen > 32) throw new RangeError('session id longer than 32 bytes');
    need(sidLen + 2);
    p += sidLen;
    const csLen = body.readUInt16BE(p);
    p += 2;
    if (csLen % 2 !== 0) throw new RangeError('odd cipher suite list length');
    need(csLen + 1);
    const suites: number[] = [];
    for (let i = 0; i < csLen; i += 2) suites.push(body.readUInt16BE(p + i));
    p += csLen;
    const compLen = body[p] as number;
    p += 1;
    need(compLen);
    const compression = [...body.subarray(p, p + compLen)];
    p += compLen;
    const hello: ParsedClientHello = {
      format: 'tls',
      recordVersion,
      legacyVersion,
      supportedVersions: [],
      versions: [],
      maxVersion: null,
      suites,
      suiteNames: [],
      sni: null,
      alpn: [],
      groups: [],
      signatureAlgorithms: [],
      extensions: [],
      compression,
    };
    walkExtensions(body, p, (type, e) => {
      hello.extensions.push(type);
      parseClientExtension(type, e, hello);
    });
    finishHello(hello);
    return { kind: 'client-hello', hello, length: consumed };
  } catch (e) {
    return { kind: 'malformed', reason: (e as Error).message };
  }
}

function parseClientExtension(type: number, e: Buffer, h: ParsedClientHello): void {
  if (type === EXT.SERVER_NAME && e.length >= 5) {
    // server_name_list: u16 len, then entries of (u8 type, u16 len, name)
    let q = 2;
    const end = Math.min(e.length, 2 + e.readUInt16BE(0));
    while (q + 3 <= end) {
      const nt = e[q] as number;
      const nl = e.readUInt16BE(q + 1);
      q += 3;
      if (q + nl > end) break;
      if (nt === 0 && h.sni === null) h.sni = e.subarray(q, q + nl).toString('latin1');
      q += nl;
    }
  } else if (type === EXT.SUPPORTED_VERSIONS && e.length >= 1) {
    const l = Math.min(e[0] as number, e.length - 1);
    for (let q = 1; q + 2 <= 1 + l; q += 2) h.supportedVersions.push(e.readUInt16BE(q));
  } else if (type === EXT.SUPPORTED_GROUPS && e.length >= 2) {
    const l = Math.min(e.readUInt16BE(0), e.length - 2);
    for (let q = 2; q + 2 <= 2 + l; q += 2) h.groups.push(e.readUInt16BE(q));
  } else if (type === EXT.SIGNATURE_ALGORITHMS && e.length >= 2) {
    const l = Math.min(e.readUInt16BE(0), e.length - 2);
    for (let q = 2; q + 2 <= 2 + l; q += 2) h.signatureAlgorithms.push(e.readUInt16BE(q));
  } else if (type === EXT.ALPN && e.length >= 2) {
    const l = Math.min(e.readUInt16BE(0), e.length - 2);
    let q = 2;
    while (q < 2 + l) {
      const sl = e[q] as number;
      q += 1;
      if (q + sl > 2 + l) break;
      h.alpn.push(e.subarray(q, q + sl).toString('latin1'));
      q += sl;
    }
  }
}

function finishHello(h: ParsedClientHello): void {
  // GREASE values (0x?a?a) are noise; drop them from the reported lists.
  const grease = (v: number): boolean => (v & 0x0f0f) === 0x0a0a && v >> 8 === (v & 0xff);
  h.supportedVersions = h.supportedVersions.filter((v) => !grease(v));
  h.suites = h.suites.filter((v) => !grease(v));
  h.groups = h.groups.filter((v) => !grease(v));
  h.extensions = h.extensions.filter((v) => !grease(v));
  h.versions = versionsOffered(h.legacyVersion, h.supportedVersions);
  h.maxVersion = h.versions.length > 0 ? (h.versions[h.versions.length - 1] as TlsVersion) : null;
  h.suiteNames = h.suites.map(suiteName);
}

/** SSLv2-compatible ClientHello (RFC 5246 Appendix E.2): 2-byte header, msg type 1, version, spec lengths. */
function parseSslv2Hello(buf: Buffer): ClientHelloResult {
  if (buf.length < 2) return { kind: 'incomplete' };
  const len = (((buf[0] as number) & 0x7f) << 8) | (buf[1] as number);
  if (buf.length < 2 + len) return len > MAX_HELLO_BYTES ? { kind: 'malformed', reason: 'SSLv2 hello too long' } : { kind: 'incomplete' };
  const m = buf.subarray(2, 2 + len);
  if (m.length < 9 || m[0] !== 1) return { kind: 'malformed', reason: 'not an SSLv2 ClientHello' };
  const legacyVersion = m.readUInt16BE(1);
  const csLen = m.readUInt16BE(3);
  const sidLen = m.readUInt16BE(5);
  const chLen = m.readUInt16BE(7);
  if (csLen % 3 !== 0 || 9 + csLen + sidLen + chLen > m.length) return { kind: 'malformed', reason: 'SSLv2 ClientHello lengths do not add up' };
  const suites: number[] = [];
  for (let i = 0; i < csLen; i += 3) {
    if (m[9 + i] === 0) suites.push(m.readUInt16BE(9 + i + 1));
  }
  const hello: ParsedClientHello = {
    format: 'sslv2',
    recordVersion: 0x0200,
    legacyVersion,
    supportedVersions: [],
    versions: [],
    maxVersion: null,
    suites,
    suiteNames: [],
    sni: null,
    alpn: [],
    groups: [],
    signatureAlgorithms: [],
    extensions: [],
    compression: [0],
  };
  finishHello(hello);
  return { kind: 'client-hello', hello, length: 2 + len };
}
