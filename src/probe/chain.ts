// Check: certificate path validation of a served chain against the trust store, as OpenSSL 3 does it for a TLS client.
// Written by hand because Node 20 exposes no X509_verify_cert: a chain read from a server's plaintext TLS 1.2 answer
// (no completed handshake) could otherwise not be judged. It mirrors OpenSSL's defaults for node:tls clients —
// trusted-first path building, the `ssl_server` purpose, every error reported and the last one kept — so its
// `error` is the code `TLSSocket.authorizationError` would give; test/probe/chain.test.ts compares the two.
import { X509Certificate } from 'node:crypto';
import { oidString, tbsFacts, tlv } from '../tls/der.js';

/**
 * A trust store: the anchors, found by the issuer name of the certificate that needs one. Built lazily: only a PEM's
 * base64 is decoded and its subject name read from the DER up front; an X509Certificate is made only for the anchors
 * whose subject can equal a name asked for (parsing all ~150 system roots took 35–50 ms of every cold probe).
 */
export interface TrustStore {
  /**
   * The anchors whose subject (as X509Certificate.subject shows it) equals `x.issuer`, in the order they were given,
   * duplicates (same DER) once; `der` is x's DER when the caller has it (x.raw copies it).
   */
  issuersOf(x: X509Certificate, der?: Buffer): X509Certificate[];
  /** Whether `x` (byte for byte) is one of the anchors. */
  has(x: X509Certificate, der?: Buffer): boolean;
  /** How many readable anchors the store holds (parses every one). */
  size(): number;
  /** What verifyChain() read from an anchor's DER, kept for the life of the store (every host reuses the roots). */
  readonly facts: WeakMap<X509Certificate, Facts>;
}

const PEM_CERT = /-----BEGIN CERTIFICATE-----[A-Za-z0-9+/=\s]+?-----END CERTIFICATE-----/g;
const PEM_HEAD = '-----BEGIN CERTIFICATE-----'.length;
const PEM_TAIL = '-----END CERTIFICATE-----'.length;

/** One PEM block of the store: its DER (decoded up front), the certificate once made, and its place in the input. */
interface Anchor {
  pem: string;
  der: Buffer;
  /** undefined: not made yet; null: OpenSSL could not read it (skipped, as the eager store skipped it). */
  x?: X509Certificate | null;
}

/**
 * Parses PEM texts (single certificates or bundles) into a trust store; unreadable entries are skipped (found out when
 * an entry is first needed). Lookups give exactly what parsing every entry up front would give: the name index only
 * narrows the candidates, whose X509Certificate subject is then compared as before.
 */
export function trustStoreFrom(pems: readonly string[]): TrustStore {
  const anchors: Anchor[] = [];
  /** name key (see nameKey) -> anchors with that subject, in input order */
  const byName = new Map<string, Anchor[]>();
  /** anchors whose subject could not be keyed (unusual string types, broken DER): candidates for every lookup */
  const odd: Anchor[] = [];
  for (const text of pems) {
    for (const block of text.match(PEM_CERT) ?? []) {
      // (PEM_CERT allows base64 characters and white space only) base64 with '=' only as padding decodes the same in
      // Buffer.from, which skips white space, as in OpenSSL's PEM reader; anything else is made into a certificate now
      // so that its DER is OpenSSL's own
      const body = block.slice(PEM_HEAD, block.length - PEM_TAIL);
      const eq = body.indexOf('=');
      let a: Anchor;
      if (eq < 0 || /^=={0,1}\s*$/.test(body.slice(eq))) a = { pem: block, der: Buffer.from(body, 'base64') };
      else {
        let x: X509Certificate | null = null;
        try {
          x = new X509Certificate(block);
        } catch {
          /* skipped, like the eager store */
        }
        if (!x) continue;
        a = { pem: block, der: x.raw, x };
      }
      const name = certNames(a.der);
      const key = name ? nameKey(a.der, name.subject) : null;
      const list = key === null ? odd : byName.get(key);
      // the same certificate again (same DER, so same name): kept once, first place
      if (list?.some((b) => b.der.equals(a.der))) continue;
      anchors.push(a);
      if (key === null) odd.push(a);
      else if (list) list.push(a);
      else byName.set(key, [a]);
    }
  }
  const order = new Map<Anchor, number>(anchors.map((a, i) => [a, i]));
  const make = (a: Anchor): X509Certificate | null => {
    if (a.x === undefined) {
      try {
        a.x = new X509Certificate(a.pem);
      } catch {
        a.x = null;
      }
    }
    return a.x;
  };
  const among = (cands: readonly Anchor[], subject: string): X509Certificate[] => {
    const out: X509Certificate[] = [];
    for (const a of cands) {
      const x = make(a);
      if (x && x.subject === subject) out.push(x);
    }
    return out;
  };
  return {
    facts: new WeakMap(),
    issuersOf(x, der) {
      const raw = der ?? x.raw;
      const names = certNames(raw);
      const key = names ? nameKey(raw, names.issuer) : null;
      // an issuer name that cannot be keyed: every anchor is a candidate
      if (key === null) return among(anchors, x.issuer);
      const hit = byName.get(key) ?? [];
      const cands = odd.length === 0 ? hit : [...hit, ...odd].sort((p, q) => (order.get(p) as number) - (order.get(q) as number));
      return among(cands, x.issuer);
    },
    has(x, der) {
      const raw = der ?? x.raw;
      const names = certNames(raw);
      const key = names ? nameKey(raw, names.subject) : null;
      const a = (key === null ? anchors : [...(byName.get(key) ?? []), ...odd]).find((b) => b.der.equals(raw));
      return !!a && make(a) !== null;
    },
    size() {
      let n = 0;
      for (const a of anchors) if (make(a)) n++;
      return n;
    },
  };
}

/** Where a certificate's issuer and subject names lie in its DER (offset and length of each Name), or null. */
function certNames(der: Buffer): { issuer: [number, number]; subject: [number, number] } | null {
  const cert = tlv(der, 0);
  if (!cert || cert.tag !== 0x30) return null;
  const tbs = tlv(der, cert.head);
  if (!tbs || tbs.tag !== 0x30) return null;
  let p = cert.head + tbs.head;
  const end = p + tbs.len;
  const first = tlv(der, p);
  if (first && first.tag === 0xa0) p += first.head + first.len; // version
  // serialNumber, signature, issuer, validity, subject
  const at: [number, number][] = [];
  for (let i = 0; i < 5; i++) {
    const t = tlv(der, p);
    if (!t || p + t.head + t.len > end) return null;
    at.push([p, t.head + t.len]);
    p += t.head + t.len;
  }
  return { issuer: at[2] as [number, number], subject: at[4] as [number, number] };
}

/**
 * A key of a Name that is equal for two names whenever OpenSSL prints them alike (what X509Certificate.subject and
 * .issuer show): the RDN structure, each attribute's OID and its value as text, whatever string type carried it
 * (UTF8String, PrintableString, BMPString...). Null when the name holds anything whose printing is less plain (other
 * value types, broken encodings, lone surrogates): such names are compared by their printed form only.
 */
function nameKey(der: Buffer, [off, len]: [number, number]): string | null {
  const seq = tlv(der, off);
  if (!seq || seq.tag !== 0x30 || seq.head + seq.len !== len) return null;
  // RDNs and attributes separated by \u0001 and \u0002, each value preceded by its length: no two names share a key.
  // The Name's bytes as one latin1 string: OIDs and one-byte values are sliced from it (one call into Buffer, not two
  // per attribute: this runs for every anchor of the store, ~150, at the start of every CLI probe).
  const bytes = der.toString('latin1', off, off + len);
  let key = '';
  for (let p = off + seq.head, end = off + len; p < end; ) {
    const set = tlv(der, p);
    if (!set || set.tag !== 0x31 || set.len === 0) return null;
    key += '\u0001';
    for (let q = p + set.head, qEnd = p + set.head + set.len; q < qEnd; ) {
      const ava = tlv(der, q);
      if (!ava || ava.tag !== 0x30) return null;
      const oid = tlv(der, q + ava.head);
      if (!oid || oid.tag !== 0x06) return null;
      const v = q + ava.head + oid.head + oid.len;
      const val = tlv(der, v);
      if (!val || v + val.head + val.len !== q + ava.head + ava.len) return null;
      const from = v + val.head - off;
      const raw = bytes.slice(from, from + val.len);
      // one-byte string types, and UTF8String when ASCII (then its UTF-8 and latin1 readings are the same text)
      const text =
        ONE_BYTE.has(val.tag) || (val.tag === 0x0c && !NON_ASCII.test(raw)) ? raw : stringValue(val.tag, der.subarray(v + val.head, v + val.head + val.len));
      if (text === null) return null;
      // the OID's DER content as is (one OID, one encoding)
      key += `\u0002${bytes.slice(q + ava.head + oid.head - off, v - off)}\u0002${text.length}:${text}`;
      q += ava.head + ava.len;
    }
    p += set.head + set.len;
  }
  return key;
}

const ONE_BYTE = new Set([0x12, 0x13, 0x14, 0x16, 0x1a]); // Numeric, Printable, T61, IA5, Visible: a byte a character
const NON_ASCII = /[^\x00-\x7f]/;

/** The text of a directory string as OpenSSL prints it with UTF-8 conversion, or null for anything else. */
function stringValue(tag: number, b: Buffer): string | null {
  if (ONE_BYTE.has(tag)) return b.toString('latin1');
  if (tag === 0x0c) {
    const s = b.toString('utf8');
    // not valid UTF-8 (replacement characters where the bytes had none), or a surrogate encoded in it
    return Buffer.byteLength(s) === b.length && Buffer.from(s, 'utf8').equals(b) ? s : null;
  }
  if (tag === 0x1e) {
    if (b.length % 2) return null;
    let s = '';
    for (let i = 0; i < b.length; i += 2) {
      const c = b.readUInt16BE(i);
      if (c >= 0xd800 && c <= 0xdfff) return null;
      s += String.fromCharCode(c);
    }
    return s;
  }
  if (tag === 0x1c) {
    if (b.length % 4) return null;
    let s = '';
    for (let i = 0; i < b.length; i += 4) {
      const c = b.readUInt32BE(i);
      if (c > 0x10ffff || (c >= 0xd800 && c <= 0xdfff)) return null;
      s += String.fromCodePoint(c);
    }
    return s;
  }
  return null;
}

/** The outcome of validating one chain. */
export interface ChainVerdict {
  /**
   * The chain as node:tls shows it (`getPeerCertificate(true)`): the served certificates linked issuer by issuer from
   * the leaf, then issuers from the store until a self-issued one. What `chainLength` counts and DANE matches.
   */
  chain: X509Certificate[];
  /** The path the verifier built, leaf first. */
  path: X509Certificate[];
  /** The path ends at a trust anchor and no check failed. */
  trusted: boolean;
  /** The last error, as OpenSSL names it (what node:tls reports as authorizationError); null when trusted. */
  error: string | null;
  /** Every error found, in the order OpenSSL meets them. */
  errors: string[];
  /** Whether `subject`'s signature verifies with `issuer`'s key (remembered: the checks above already asked most). */
  verifies(subject: X509Certificate, issuer: X509Certificate): boolean;
}

const SERVER_AUTH = '1.3.6.1.5.5.7.3.1';
const NS_SGC = '2.16.840.1.113730.4.1';
const MS_SGC = '1.3.6.1.4.1.311.10.3.3';
const KEY_USAGE = '2.5.29.15';
const BASIC_CONSTRAINTS = '2.5.29.19';
const EXT_KEY_USAGE = '2.5.29.37';
/** keyUsage bits (first byte of the BIT STRING): digitalSignature, keyEncipherment, keyAgreement, keyCertSign. */
const KU_DIGITAL_SIGNATURE = 0x80;
const KU_KEY_ENCIPHERMENT = 0x20;
const KU_KEY_AGREEMENT = 0x08;
const KU_KEY_CERT_SIGN = 0x04;
const MAX_DEPTH = 16;

/** Per-certificate facts, read once from the DER (cheaper than X509Certificate's getters). */
export interface Facts {
  x: X509Certificate;
  version: number;
  /** keyUsage first byte, or null without the extension. */
  ku: number | null;
  hasBc: boolean;
  /** basicConstraints cA. */
  ca: boolean;
  /** extendedKeyUsage OIDs, or null without the extension. */
  eku: string[] | null;
  inStore: boolean;
}

function factsOf(x: X509Certificate, der: Buffer, store: TrustStore): Facts {
  const t = tbsFacts(der);
  const kuExt = t?.extensions.get(KEY_USAGE);
  // BIT STRING: tag, length, unused-bits count, then the bits
  const ku = kuExt && kuExt.length >= 3 ? (kuExt.length >= 4 ? (kuExt[3] as number) : 0) : null;
  const bc = t?.extensions.get(BASIC_CONSTRAINTS);
  // SEQUENCE { cA BOOLEAN DEFAULT FALSE, ... }: a BOOLEAN first and non-zero
  const ca = !!bc && bc.length >= 5 && bc[0] === 0x30 && bc[2] === 0x01 && bc[3] === 1 && bc[4] !== 0;
  const ekuExt = t?.extensions.get(EXT_KEY_USAGE);
  let eku: string[] | null = null;
  if (ekuExt) {
    eku = [];
    const seq = tlv(ekuExt, 0);
    for (let p = seq ? seq.head : ekuExt.length; p < ekuExt.length; ) {
      const o = tlv(ekuExt, p);
      if (!o) break;
      if (o.tag === 0x06) eku.push(oidString(ekuExt.subarray(p + o.head, p + o.head + o.len)));
      p += o.head + o.len;
    }
  }
  return { x, version: t?.version ?? 3, ku, hasBc: !!bc, ca, eku, inStore: store.has(x, der) };
}

/** A check that remembers what it answered for one pair (signatures are the costly part). */
function memo<A extends object, B extends object>(fn: (a: A, b: B) => boolean): (a: A, b: B) => boolean {
  const seen = new WeakMap<A, WeakMap<B, boolean>>();
  return (a, b) => {
    let m = seen.get(a);
    if (!m) seen.set(a, (m = new WeakMap()));
    let v = m.get(b);
    if (v === undefined) m.set(b, (v = fn(a, b)));
    return v;
  };
}

function validAt(x: X509Certificate, now: number): boolean {
  return Date.parse(x.validFrom) <= now && now <= Date.parse(x.validTo);
}

/**
 * Validates `served` (leaf first, as the server sent them) against `store` at time `now`, in OpenSSL 3's order: build
 * the path (an issuer from the store first, else from the served certificates), check CA flags and the `ssl_server`
 * purpose of every certificate in it, then each signature (a self-signed top's own excepted) and validity period
 * from the top down to the leaf. Also builds node:tls's display chain.
 */
export function verifyChain(served: readonly X509Certificate[], store: TrustStore, now = Date.now(), der?: readonly Buffer[]): ChainVerdict {
  const errors: string[] = [];
  const leafX = served[0];
  const factCache = new Map<X509Certificate, Facts>();
  /** A certificate's DER: as served when the caller gave it, else X509Certificate's (a copy per call). */
  const derOf = (x: X509Certificate): Buffer => {
    const i = der ? served.indexOf(x) : -1;
    return i >= 0 ? ((der as readonly Buffer[])[i] as Buffer) : x.raw;
  };
  const f = (x: X509Certificate): Facts => {
    let v = factCache.get(x) ?? store.facts.get(x);
    if (!v) {
      const i = served.indexOf(x);
      v = factsOf(x, derOf(x), store);
      if (i >= 0) factCache.set(x, v);
      else store.facts.set(x, v); // an anchor of the store
    }
    return v;
  };
  const signed = memo((subject: X509Certificate, issuer: X509Certificate): boolean => {
    try {
      return subject.verify(issuer.publicKey);
    } catch {
      return false;
    }
  });
  // X509_check_issued: names, key identifiers, signature algorithm, and keyCertSign when keyUsage is present
  const checkIssued = memo((subject: X509Certificate, issuer: X509Certificate): boolean => {
    try {
      return subject.checkIssued(issuer);
    } catch {
      return false;
    }
  });
  // OpenSSL's "likely issued" (what path building uses): X509_check_issued without the keyCertSign condition; when
  // only that condition can have failed, the signature decides instead of the key identifiers.
  const likelyIssued = (subject: X509Certificate, issuer: X509Certificate): boolean => {
    if (subject.issuer !== issuer.subject) return false;
    if (checkIssued(subject, issuer)) return true;
    const ku = f(issuer).ku;
    return ku !== null && (ku & KU_KEY_CERT_SIGN) === 0 && signed(subject, issuer);
  };
  const selfSigned = (x: X509Certificate): boolean => likelyIssued(x, x);
  const pick = (cands: readonly X509Certificate[], subject: X509Certificate): X509Certificate | null => {
    let fallback: X509Certificate | null = null;
    for (const c of cands) {
      if (!likelyIssued(subject, c)) continue;
      if (validAt(c, now)) return c;
      fallback = c;
    }
    return fallback;
  };

  if (!leafX) return { chain: [], path: [], trusted: false, error: 'NO_CERTIFICATE', errors: ['NO_CERTIFICATE'], verifies: signed };

  // 1. Build the path
  const path: X509Certificate[] = [leafX];
  const untrusted = served.slice(1);
  let numUntrusted = 1;
  let anchored = false;
  if (selfSigned(leafX) && f(leafX).inStore) {
    anchored = true;
    numUntrusted = 0;
  }
  while (!anchored && path.length <= MAX_DEPTH) {
    const cur = path[path.length - 1] as X509Certificate;
    if (selfSigned(cur)) break;
    const fromStore = pick(store.issuersOf(cur, derOf(cur)), cur);
    if (fromStore) {
      path.push(fromStore);
      if (selfSigned(fromStore)) anchored = true;
      continue;
    }
    if (path.length > numUntrusted) break; // above a store certificate only the store is searched
    const next = pick(untrusted, cur);
    if (!next) break;
    path.push(next);
    untrusted.splice(untrusted.indexOf(next), 1);
    numUntrusted++;
  }
  const top = path[path.length - 1] as X509Certificate;
  if (path.length > MAX_DEPTH + 1) errors.push('CERT_CHAIN_TOO_LONG');
  else if (!anchored) {
    if (selfSigned(top)) errors.push(path.length === 1 ? 'DEPTH_ZERO_SELF_SIGNED_CERT' : 'SELF_SIGNED_CERT_IN_CHAIN');
    else if (numUntrusted < path.length) errors.push('UNABLE_TO_GET_ISSUER_CERT');
    else errors.push('UNABLE_TO_GET_ISSUER_CERT_LOCALLY');
  }

  // 2. CA flags and purpose (X509_check_ca, check_purpose_ssl_server / check_ssl_ca), leaf first
  for (let i = 0; i < path.length; i++) {
    const x = f(path[i] as X509Certificate);
    const eku = x.eku;
    const ekuOk = !eku || eku.length === 0 || eku.includes(SERVER_AUTH) || eku.includes(NS_SGC) || eku.includes(MS_SGC);
    if (i === 0) {
      const kuOk = x.ku === null || (x.ku & (KU_DIGITAL_SIGNATURE | KU_KEY_ENCIPHERMENT | KU_KEY_AGREEMENT)) !== 0;
      if (!ekuOk || !kuOk) errors.push('INVALID_PURPOSE');
      continue;
    }
    const ca = caKind(x, selfSigned(x.x));
    if (ca === 0 || (i + 1 < path.length && ca !== 1)) {
      errors.push('INVALID_CA');
      continue;
    }
    if (!ekuOk || (x.ku !== null && (x.ku & KU_KEY_CERT_SIGN) === 0) || (ca !== 1 && ca !== 3)) errors.push('INVALID_PURPOSE');
  }

  // 3. Signatures and validity, from the top down (internal_verify)
  let n = path.length - 1;
  let xi = top;
  let xs = top;
  const times = (x: X509Certificate): void => {
    if (now < Date.parse(x.validFrom)) errors.push('CERT_NOT_YET_VALID');
    if (now > Date.parse(x.validTo)) errors.push('CERT_HAS_EXPIRED');
  };
  if (!selfSigned(top)) {
    if (n === 0) {
      errors.push('UNABLE_TO_VERIFY_LEAF_SIGNATURE');
      times(top);
      n = -1;
    } else {
      n--;
      xs = path[n] as X509Certificate;
    }
  }
  while (n >= 0) {
    if (xs !== xi) {
      const ku = f(xi).ku;
      if (ku !== null && (ku & KU_KEY_CERT_SIGN) === 0) errors.push('KEYUSAGE_NO_CERTSIGN');
      if (!signed(xs, xi)) errors.push('CERT_SIGNATURE_FAILURE');
    }
    times(xs);
    if (--n >= 0) {
      xi = xs;
      xs = path[n] as X509Certificate;
    }
  }

  // node:tls's display chain: served certificates linked with X509_check_issued, then store issuers
  const chain: X509Certificate[] = [leafX];
  const rest = served.slice(1);
  for (;;) {
    const cur = chain[chain.length - 1] as X509Certificate;
    const i = rest.findIndex((c) => checkIssued(cur, c));
    if (i < 0 || chain.length > MAX_DEPTH) break;
    chain.push(rest[i] as X509Certificate);
    rest.splice(i, 1);
  }
  for (let last = chain[chain.length - 1] as X509Certificate; !checkIssued(last, last) && chain.length <= MAX_DEPTH + 1; ) {
    const up = pick(store.issuersOf(last, derOf(last)), last);
    if (!up || chain.includes(up)) break;
    chain.push(up);
    last = up;
  }

  const error = errors.length > 0 ? (errors[errors.length - 1] as string) : null;
  return { chain, path, trusted: anchored && errors.length === 0, error, errors, verifies: signed };
}

/** X509_check_ca: 0 not a CA, 1 basicConstraints CA, 3 self-signed version 1, 4 keyCertSign without basicConstraints. */
function caKind(x: Facts, selfSigned: boolean): number {
  if (x.ku !== null && (x.ku & KU_KEY_CERT_SIGN) === 0) return 0;
  if (x.hasBc) return x.ca ? 1 : 0;
  if (x.version === 1 && selfSigned) return 3;
  if (x.ku !== null) return 4;
  return 0;
}
