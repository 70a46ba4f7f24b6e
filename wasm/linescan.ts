// AssemblyScript source of the Exchange protocol-log line classifier (src/logs/linescan.ts loads the compiled module).
//
// Written by hand because no library splits CSV lines this way: for every line of a block it finds the first six
// field separators with 16-byte SIMD compares and decides, from the event byte and the first data bytes, whether the
// line can matter to the parser. Only lines that can are written out as records, so JavaScript touches one line in
// four instead of all of them. It mirrors ExchangeParser's former shape() byte for byte (test/logs keeps the
// original parser as the oracle). Build: `npm run build:wasm` (writes src/logs/linescan-wasm.ts).

import { anchorMask, patternAround } from './mta-patterns';

// Kinds, as in src/logs/exchange.ts.
const K_CONNECT: i32 = 0;
const K_EHLO: i32 = 1;
const K_BANNER: i32 = 2;
const K_STAR: i32 = 3;
const K_REPLY: i32 = 4;
const K_DISCONNECT: i32 = 6;
const K_SLOW: i32 = 7;
/** A line longer than the cap (the caller reports it). */
const K_LONG: i32 = 8;
const K_NONE: i32 = -1;
/** A line of a Postfix/Exim/Sendmail log that contains one of the prefilter patterns (src/logs/mta.ts). */
const K_CANDIDATE: i32 = 9;

/**
 * Ints per record: kind, line index in the block, ls, le, next (start of the next line), c1, c2, localEnd, remoteEnd,
 * then the session id as two 32-bit halves, 1 when it has lower-case hex digits (else 0), and for `*` lines a hash
 * of data and context (every byte, 16 at a time, and the length, reduced to 30 bits); for `+` lines the hash of
 * the connector (when not quoted), start, end and hash of the remote host (remote endpoint without port and IPv6
 * brackets) and, where EHLO lines have their name's start and end, the day (yyyymmdd) and millisecond of the day of its
 * time stamp when that has Exchange's own form (else 0, 0); for EHLO/HELO lines start, end and hash of the name. The
 * hashes only pick a cache slot: the parser compares the bytes before it reuses a string.
 */
export const RECORD_INTS: i32 = 20;

/** Where scan() stopped (the start of the first line not yet classified) and how many lines it passed. */
let stopAt: i32 = 0;
let linesPassed: i32 = 0;

export function stoppedAt(): i32 { return stopAt; }
export function lines(): i32 { return linesPassed; }

/** First position of byte `b` in [from, to), or -1. Reads up to 15 bytes past `to` (the caller leaves room). */
// @ts-ignore: decorator
@inline
function find(b: i32, from: i32, to: i32): i32 {
  const pat = i8x16.splat(<i8>b);
  let p = from;
  while (p < to) {
    const m = i8x16.bitmask(i8x16.eq(v128.load(p), pat));
    if (m != 0) {
      const q = p + ctz<i32>(m);
      return q < to ? q : -1;
    }
    p += 16;
  }
  return -1;
}

// @ts-ignore: decorator
@inline
function at(p: i32): i32 { return <i32>load<u8>(p); }

/** The bytes at p are `EHLO `, `HELO `, `ehlo ` or `helo `. */
// @ts-ignore: decorator
@inline
function isHello(p: i32): bool {
  if (at(p + 4) != 32) return false;
  const b0 = at(p), b1 = at(p + 1), b2 = at(p + 2), b3 = at(p + 3);
  if (b0 == 69) return b1 == 72 && b2 == 76 && b3 == 79;
  if (b0 == 72) return b1 == 69 && b2 == 76 && b3 == 79;
  if (b0 == 101) return b1 == 104 && b2 == 108 && b3 == 111;
  if (b0 == 104) return b1 == 101 && b2 == 108 && b3 == 111;
  return false;
}

let gC1: i32 = 0;
let gC2: i32 = 0;
let gLocalEnd: i32 = 0;
let gRemoteEnd: i32 = 0;
let sidHi: i32 = 0;
let sidLo: i32 = 0;
let sidLower: i32 = 0;
let restHash: i32 = 0;
let connHash: i32 = 0;
let ipStart: i32 = 0;
let ipEnd: i32 = 0;
let ipHash: i32 = 0;
let nameStart: i32 = 0;
let nameEnd: i32 = 0;
let nameHash: i32 = 0;

/**
 * A hash of [a, b): every byte, four at a time (names and addresses differ in any place: a hash of a few words of
 * them put `scan2081.example.net` and `scan4081.example.net` in one interner slot), reduced to 30 bits.
 */
function quickHash(a: i32, b: i32): i32 {
  const n = b - a;
  let h: u32 = <u32>n * 0x9e3779b1;
  let k = a;
  for (; k + 4 <= b; k += 4) {
    h = (h ^ load<u32>(k)) * 0x85ebca77;
    h ^= h >> 13;
  }
  for (; k < b; k++) h = (h ^ <u32>at(k)) * 0x01000193;
  h ^= h >> 15;
  h *= 0xc2b2ae3d;
  h ^= h >> 16;
  return <i32>(h & 0x3fffffff);
}

/** The value of the `n` decimal digits at p, or -1 when one is not a digit. */
function digits(p: i32, n: i32): i32 {
  let v = 0;
  for (let k = 0; k < n; k++) {
    const c = at(p + k) - 48;
    if (<u32>c > 9) return -1;
    v = v * 10 + c;
  }
  return v;
}

/** The kind of the line [ls, le) (as ExchangeParser.shape() did); sets gC1, gC2, gLocalEnd, gRemoteEnd. */
function shape(ls: i32, le: i32): i32 {
  if (ls < le && at(ls) == 35) return K_SLOW; // '#' header line
  gC1 = find(44, ls, le);
  if (gC1 < 0) return K_SLOW;
  if (at(gC1 + 1) == 34) {
    // quoted connector: the CSV field must close properly; the field ends at the first `",`
    // (written with flags, not for(;;) with break: asc 0.28 dropped the code after such a loop)
    let j = gC1 + 2;
    let closed = false;
    while (!closed) {
      const e = find(34, j, le);
      if (e < 0) return K_SLOW;
      if (e + 1 < le && at(e + 1) == 34) j = e + 2;
      else { j = e + 1; closed = true; }
    }
    if (j < le && at(j) != 44) return K_SLOW;
    let q = gC1 + 2;
    let found = false;
    while (!found) {
      q = find(34, q, le);
      if (q < 0 || q + 1 >= le) return K_SLOW;
      if (at(q + 1) == 44) found = true;
      else q++;
    }
    gC2 = q + 1;
  } else {
    gC2 = find(44, gC1 + 1, le);
    if (gC2 < 0) return K_SLOW;
  }
  if (gC2 + 17 >= le || at(gC2 + 17) != 44) return K_SLOW;
  // the sequence number is short: a few bytes by hand before a vector search
  let seqEnd = gC2 + 18;
  while (seqEnd < le && seqEnd < gC2 + 26 && at(seqEnd) != 44) seqEnd++;
  if (seqEnd >= le) return K_SLOW;
  if (at(seqEnd) != 44) {
    seqEnd = find(44, seqEnd, le);
    if (seqEnd < 0) return K_SLOW;
  }
  gLocalEnd = find(44, seqEnd + 1, le);
  if (gLocalEnd < 0) return K_SLOW;
  gRemoteEnd = find(44, gLocalEnd + 1, le);
  if (gRemoteEnd < 0 || gRemoteEnd + 2 >= le || at(gRemoteEnd + 2) != 44) return K_SLOW;
  const ev = at(gRemoteEnd + 1);
  const d = gRemoteEnd + 3;
  let kind = K_NONE;
  if (ev == 43) kind = K_CONNECT;
  else if (ev == 45) { if (at(d) == 44) kind = K_DISCONNECT; }
  else if (ev == 42) { if (at(d) == 44) { const c = at(d + 1); if (c == 84 || c == 34 || c == 70) kind = K_STAR; } }
  else if (ev == 60 || ev == 62) {
    const c = at(d);
    if (c == 52 || c == 53 || (c == 34 && (at(d + 1) == 52 || at(d + 1) == 53))) kind = K_REPLY;
    else if (ev == 60) {
      if (isHello(d)) kind = K_EHLO;
      else if (c == 50 && at(d + 1) == 50 && at(d + 2) == 48 && at(d + 3) == 32) kind = K_BANNER;
      else if (c == 34 && at(d + 1) == 50 && at(d + 2) == 50 && at(d + 3) == 48 && at(d + 4) == 32) kind = K_BANNER;
    }
  }
  if (kind == K_NONE) return K_NONE;
  // the session id must be 16 hex digits
  // (16 bytes at once: each a digit or A-F or a-f, then their values packed two to a byte, big-endian halves)
  const v = v128.load(gC2 + 1);
  const digit = v128.and(i8x16.ge_u(v, i8x16.splat(48)), i8x16.le_u(v, i8x16.splat(57)));
  const upper = v128.and(i8x16.ge_u(v, i8x16.splat(65)), i8x16.le_u(v, i8x16.splat(70)));
  const lower = v128.and(i8x16.ge_u(v, i8x16.splat(97)), i8x16.le_u(v, i8x16.splat(102)));
  if (!i8x16.all_true(v128.or(digit, v128.or(upper, lower)))) return K_SLOW;
  sidLower = v128.any_true(lower) ? 1 : 0;
  let nib = i8x16.sub(v, i8x16.splat(48));
  nib = v128.bitselect(i8x16.sub(v, i8x16.splat(55)), nib, upper);
  nib = v128.bitselect(i8x16.sub(v, i8x16.splat(87)), nib, lower);
  const pairs = v128.or(i16x8.shl(v128.and(nib, i16x8.splat(0xff)), 4), i16x8.shr_u(nib, 8));
  const packed = i8x16.narrow_i16x8_u(pairs, pairs);
  sidHi = bswap<i32>(i32x4.extract_lane(packed, 0));
  sidLo = bswap<i32>(i32x4.extract_lane(packed, 1));
  if (kind == K_CONNECT) {
    // the time stamp when written as Exchange writes it, `yyyy-mm-ddThh:mm:ss.fffZ`: its day as yyyymmdd and its
    // milliseconds into the day (both 0 for any other form, which the parser reads itself); in the name fields
    nameStart = 0;
    nameEnd = 0;
    if (ls + 24 <= le && at(ls + 4) == 45 && at(ls + 7) == 45 && at(ls + 19) == 46 && at(ls + 23) == 90) {
      const y = digits(ls, 4), mo = digits(ls + 5, 2), dd = digits(ls + 8, 2);
      const h = digits(ls + 11, 2), mi = digits(ls + 14, 2), se = digits(ls + 17, 2), ms = digits(ls + 20, 3);
      if ((y | mo | dd | h | mi | se | ms) >= 0) {
        nameStart = y * 10000 + mo * 100 + dd;
        nameEnd = ((h * 60 + mi) * 60 + se) * 1000 + ms;
      }
    }
    connHash = at(gC1 + 1) == 34 ? 0 : quickHash(gC1 + 1, gC2);
    // the host of the remote `ip:port`: up to the last colon, brackets of an IPv6 address removed
    let a = gLocalEnd + 1;
    let b = gRemoteEnd;
    let colon = b - 1;
    while (colon > a && at(colon) != 58) colon--;
    if (colon > a) b = colon;
    if (at(a) == 91 && b - a >= 2 && at(b - 1) == 93) { a++; b--; }
    ipStart = a;
    ipEnd = b;
    ipHash = quickHash(a, b);
  } else if (kind == K_EHLO) {
    let i = d + 5;
    while (i < le && at(i) == 32) i++;
    let j = i;
    while (j < le) { const c = at(j); if (c == 32 || c == 44 || c == 34) break; j++; }
    nameStart = i;
    nameEnd = j < i + 255 ? j : i + 255;
    nameHash = quickHash(nameStart, nameEnd);
  }
  if (kind == K_STAR) {
    // 16 bytes a step (four 32-bit lanes multiplied and added), the last few bytes one by one: only the line's own
    // bytes count (the parser compares the whole line anyway; the hash only picks its cache slot)
    let acc = i32x4.splat(le - d);
    const mul = i32x4(0x01000193, 0x85ebca77, 0xc2b2ae3d, 0x27d4eb2f);
    let k = d;
    for (; k + 16 <= le; k += 16) acc = i32x4.add(i32x4.mul(acc, mul), v128.load(k));
    let h: u32 = <u32>(i32x4.extract_lane(acc, 0) ^ (i32x4.extract_lane(acc, 1) * 3) ^ (i32x4.extract_lane(acc, 2) * 5) ^ (i32x4.extract_lane(acc, 3) * 7));
    for (; k < le; k++) h = (h ^ <u32>at(k)) * 0x01000193;
    h ^= h >> 15;
    h *= 0x2c1b3c6d;
    h ^= h >> 12;
    restHash = <i32>(h & 0x3fffffff);
  }
  return kind;
}

/**
 * Classifies the lines of [start, end) (memory holds at least 16 readable bytes after `end`, zeros) and writes a
 * record for each line that is not K_NONE at `out`, at most `maxRecords`. Returns the number of records; stoppedAt()
 * and lines() tell where it stopped (end, or earlier when the records ran out) and how many lines it passed.
 * `mta` 0: an Exchange protocol log (kinds of shape()); otherwise a Postfix/Exim/Sendmail log, `mta` being the address
 * of its program table (see scanMta()).
 */
export function scan(start: i32, end: i32, maxLine: i32, out: i32, maxRecords: i32, mta: i32): i32 {
  if (mta != 0) return scanMta(start, end, maxLine, out, maxRecords, mta);
  let n = 0;
  let ls = start;
  let line = 0;
  while (ls < end && n < maxRecords) {
    let nl = find(10, ls, end);
    if (nl < 0) nl = end;
    let kind: i32;
    let le = nl;
    if (nl - ls > maxLine) kind = K_LONG;
    else {
      if (le > ls && at(le - 1) == 13) le--;
      kind = shape(ls, le);
    }
    if (kind != K_NONE) {
      const r = out + n * RECORD_INTS * 4;
      store<i32>(r, kind);
      store<i32>(r, line, 4);
      store<i32>(r, ls, 8);
      store<i32>(r, le, 12);
      store<i32>(r, nl < end ? nl + 1 : end, 16);
      store<i32>(r, gC1, 20);
      store<i32>(r, gC2, 24);
      store<i32>(r, gLocalEnd, 28);
      store<i32>(r, gRemoteEnd, 32);
      store<i32>(r, sidHi, 36);
      store<i32>(r, sidLo, 40);
      store<i32>(r, sidLower, 44);
      store<i32>(r, restHash, 48);
      store<i32>(r, connHash, 52);
      store<i32>(r, ipStart, 56);
      store<i32>(r, ipEnd, 60);
      store<i32>(r, ipHash, 64);
      store<i32>(r, nameStart, 68);
      store<i32>(r, nameEnd, 72);
      store<i32>(r, nameHash, 76);
      n++;
    }
    ls = nl + 1;
    line++;
  }
  stopAt = ls < end ? ls : end;
  linesPassed = line;
  return n;
}

/**
 * scan() for a Postfix/Exim/Sendmail log (`table`: the program table, see below): records K_LONG, K_CANDIDATE (a
 * prefilter pattern or a CR inside) and K_PLAIN lines; a line of a known Postfix program without a pattern is only
 * counted (plainLines()).
 */
function scanMta(start: i32, end: i32, maxLine: i32, out: i32, maxRecords: i32, table: i32): i32 {
  let n = 0;
  let ls = start;
  let line = 0;
  let plain = 0;
  while (ls < end && n < maxRecords) {
    let nl = find(10, ls, end);
    if (nl < 0) nl = end;
    let le = nl;
    if (le > ls && at(le - 1) == 13) le--;
    const r = out + n * RECORD_INTS * 4;
    let kind = K_LONG;
    let shape = 0;
    if (nl - ls <= maxLine) {
      const cand = hasPattern(ls, nl);
      mtaHeader(ls, le, table);
      if (!cand) {
        if (hIdx >= 0 && hKind == PROG_POSTFIX) {
          plain++;
          ls = nl + 1;
          line++;
          continue;
        }
        kind = K_PLAIN;
      } else {
        kind = K_CANDIDATE;
        if (hIdx >= 0 && hSmtpd) shape = smtpdShape(le);
      }
      store<i32>(r, hIdx, 20);
      store<i32>(r, hProg, 24);
      store<i32>(r, hProgEnd, 28);
      store<i32>(r, hPid, 32);
      store<i32>(r, hPidEnd, 36);
      store<i32>(r, hMsg, 40);
      store<i32>(r, hPidVal, 44);
      store<i32>(r, shape, 48);
      if (shape != 0) {
        store<i32>(r, sName, 52);
        store<i32>(r, sBr, 56);
        store<i32>(r, sIpEnd, 60);
        store<i32>(r, sPeerHash, 64);
        store<i32>(r, sVer, 68);
        store<i32>(r, sSuiteEnd, 72);
        store<i32>(r, sSuiteHash, 76);
      }
    }
    store<i32>(r, kind);
    store<i32>(r, line, 4);
    store<i32>(r, ls, 8);
    store<i32>(r, le, 12);
    store<i32>(r, nl < end ? nl + 1 : end, 16);
    n++;
    ls = nl + 1;
    line++;
  }
  stopAt = ls < end ? ls : end;
  linesPassed = line;
  plainCount = plain;
  return n;
}

/**
 * True when [ls, nl) contains a prefilter pattern (16-byte compares for the anchor pairs, then byte checks), or a
 * carriage return before its last byte (a CR inside a line: the parser reads such a line in full).
 */
function hasPattern(ls: i32, nl: i32): bool {
  let p = ls;
  const last = nl - 1; // a pair starts before the line's last byte
  while (p < last) {
    const v0 = v128.load(p);
    const v1 = v128.load(p, 1);
    let m = i8x16.bitmask(anchorMask(v0, v1));
    let cr = i8x16.bitmask(i8x16.eq(v0, i8x16.splat(13)));
    if (last - p < 16) { m &= (1 << (last - p)) - 1; cr &= (1 << (last - p)) - 1; }
    if (cr != 0) return true;
    while (m != 0) {
      if (patternAround(p + ctz<i32>(m), ls, nl)) return true;
      m &= m - 1;
    }
    p += 16;
  }
  return false;
}

// ---- MTA mode: the usual syslog header and the hot Postfix smtpd lines, read from the bytes ----------------------
//
// With mta != 0, `mta` is the address of the program table the parser fills (src/logs/linescan.ts, mtaProg()): i32
// count, then entries of 64 bytes (i32 length, i32 kind | smtpd << 8, up to 56 bytes of the name). A line of a known
// Postfix program that holds no prefilter pattern is only counted (plainLines()); every other line gets a record:
// kind, line index, ls, le (without a final CR), next, then the header (see mtaHeader()) and, for the smtpd lines
// smtpdShape() recognises, where their parts are. src/logs/mta.ts reads the records; what it did with the bytes
// before is the oracle of test/logs (the reference parser, and the byte-path property tests).

/** A line without a pattern and not counted here (the parser reads its header itself). */
const K_PLAIN: i32 = 10;
const PROG_POSTFIX: i32 = 1;
const T_HEAD: i32 = 16;
const T_ENTRY: i32 = 64;
const T_MAX: i32 = 16;

let plainCount: i32 = 0;
/** Lines of known Postfix programs without a pattern that the last scan() counted instead of writing a record. */
export function plainLines(): i32 { return plainCount; }

// header: table index of the program (-1 unknown, -2 not the usual header), program, pid, message start, pid value
let hIdx: i32 = 0;
let hProg: i32 = 0;
let hProgEnd: i32 = 0;
let hPid: i32 = 0;
let hPidEnd: i32 = 0;
let hMsg: i32 = 0;
let hPidVal: i32 = 0;
let hSmtpd: bool = false;
let hKind: i32 = 0;
// smtpd shape: name start, '[' , ']', peer hash, version | length << 4, suite end, suite hash
let sName: i32 = 0;
let sBr: i32 = 0;
let sIpEnd: i32 = 0;
let sPeerHash: i32 = 0;
let sVer: i32 = 0;
let sSuiteEnd: i32 = 0;
let sSuiteHash: i32 = 0;

// @ts-ignore: decorator
@inline
function isDigit(c: i32): bool { return c >= 48 && c <= 57; }
// @ts-ignore: decorator
@inline
function isSpace(c: i32): bool { return c == 32 || (c >= 9 && c <= 13) || c == 0xa0; }
/** [\w/.-] */
// @ts-ignore: decorator
@inline
function progChar(c: i32): bool { return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57) || c == 95 || c == 47 || c == 46 || c == 45; }
/** [A-Za-z0-9_] */
// @ts-ignore: decorator
@inline
function wordByte(c: i32): bool { return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57) || c == 95; }

/**
 * The usual syslog header of [ls, le): `Mmm dd hh:mm:ss[.frac] host prog[pid]: ` (one host token without '[' and not
 * a `<facility>` tag, one space before the program), the shape for which RX_SYSLOG (src/logs/mta.ts) reads the same
 * time, program, pid and message. Sets hIdx (and the positions); hIdx is -2 when the line has another shape.
 */
function mtaHeader(ls: i32, le: i32, table: i32): void {
  hIdx = -2;
  if (le - ls < 20) return;
  let p = ls;
  const c0 = at(p), c1 = at(p + 1), c2 = at(p + 2);
  if (!(c0 >= 65 && c0 <= 90 && c1 >= 97 && c1 <= 122 && c2 >= 97 && c2 <= 122 && at(p + 3) == 32)) return;
  p += 4;
  const a = at(p), b = at(p + 1);
  if ((a == 32 || isDigit(a)) && isDigit(b) && at(p + 2) == 32) p += 3;
  else if (isDigit(a) && b == 32) p += 2;
  else return;
  if (!(isDigit(at(p)) && isDigit(at(p + 1)) && at(p + 2) == 58 && isDigit(at(p + 3)) && isDigit(at(p + 4)) && at(p + 5) == 58 && isDigit(at(p + 6)) && isDigit(at(p + 7)))) return;
  p += 8;
  if (p < le && at(p) == 46) {
    let q = p + 1;
    while (q < le && isDigit(at(q))) q++;
    if (q == p + 1) return;
    p = q;
  }
  if (p >= le || at(p) != 32) return;
  while (p < le && at(p) == 32) p++;
  if (p >= le || at(p) == 60) return;
  let q = p;
  while (q < le && at(q) != 32) {
    const c = at(q);
    if (c == 91 || (c >= 9 && c <= 13) || c == 0xa0) return;
    q++;
  }
  p = q + 1;
  // the program: a table entry followed by `[` (its bytes are all [\w/.-], as the entry passed this loop before);
  // else the bytes [\w/.-] up to `[`
  let idx = -1;
  let info = 0;
  const count = load<i32>(table);
  for (let i = 0; i < count && idx < 0; i++) {
    const e = table + T_HEAD + i * T_ENTRY;
    const n = load<i32>(e);
    if (p + n < le && at(p + n) == 91 && sameBytes(p, e + 8, n)) {
      idx = i;
      info = load<i32>(e, 4);
      q = p + n;
    }
  }
  if (idx < 0) {
    q = p;
    while (q < le && progChar(at(q))) q++;
    if (q == p || q >= le || at(q) != 91) return;
  }
  const pe = q;
  q++;
  const ds = q;
  let v = 0;
  while (q < le && isDigit(at(q))) { v = v * 10 + at(q) - 48; q++; }
  if (q == ds || q + 2 > le || at(q) != 93 || at(q + 1) != 58 || (q + 2 < le ? at(q + 2) != 32 : true)) return;
  hProg = p;
  hProgEnd = pe;
  hPid = ds;
  hPidEnd = q;
  hMsg = q + 3;
  hPidVal = q - ds > 9 || (at(ds) == 48 && q - ds > 1) ? -1 : v;
  hIdx = idx;
  hKind = info & 255;
  hSmtpd = (info >> 8) != 0;
}

/** The n bytes at a are those at b (8 at a time; reads up to 7 bytes before the end of the shorter n < 8 case). */
function sameBytes(a: i32, b: i32, n: i32): bool {
  if (n < 8) {
    for (let k = 0; k < n; k++) if (at(a + k) != at(b + k)) return false;
    return true;
  }
  let k = 0;
  for (; k + 8 <= n; k += 8) if (load<u64>(a + k) != load<u64>(b + k)) return false;
  return k == n || load<u64>(a + n - 8) == load<u64>(b + n - 8);
}

/**
 * buf[from, le) has no CR and no `T` that starts `TLS context initialization failed` or ends the `disabling ` of
 * `disabling TLS support`: the words postfix() looks for before anything else (a local TLS set-up failure), which
 * would make it do something else with the line. Both phrases hold a space 3 bytes after their `T`, which the fixed
 * words, the name (no space, ends at `[`) and the address (no space, ends at `]`) cannot give: each shape checks
 * only the part after them.
 */
function plainRest(from: i32, le: i32, ms: i32): bool {
  // 16 bytes at a time: only a CR or a `T` needs a look
  let p = from;
  while (p < le) {
    const v = v128.load(p);
    let m = i8x16.bitmask(v128.or(i8x16.eq(v, i8x16.splat(13)), i8x16.eq(v, i8x16.splat(84))));
    if (le - p < 16) m &= (1 << (le - p)) - 1;
    while (m != 0) {
      const i = p + ctz<i32>(m);
      m &= m - 1;
      if (!restByteOk(i, le, ms)) return false;
    }
    p += 16;
  }
  return true;
}

/** The CR or `T` at i (plainRest()) does not make the line one the byte path leaves to the regexes. */
function restByteOk(i: i32, le: i32, ms: i32): bool {
  {
    const c = at(i);
    if (c == 13) return false;
    if (c == 84) {
      if ((/* "TLS context initialization failed" */ i + 33 <= le && load<u64>(i) == 0x746e6f6320534c54 && load<u64>(i + 8) == 0x74696e6920747865 && load<u64>(i + 16) == 0x6974617a696c6169 && load<u64>(i + 24) == 0x656c696166206e6f && at(i + 32) == 100)) return false;
      if (i - 10 >= ms &&(/* "disabling TLS support" */ i - 10 + 21 <= le && load<u64>(i - 10) == 0x6e696c6261736964 && load<u64>(i - 10 + 8) == 0x757320534c542067 && load<u32>(i - 10 + 16) == 0x726f7070 && at(i - 10 + 20) == 116)) return false;
    }
  }
  return true;
}

/** The bytes of v that JavaScript's \s matches in latin1 text: 9-13, space, 0xa0. */
// @ts-ignore: decorator
@inline
function spaceMask(v: v128): v128 {
  return v128.or(v128.or(i8x16.eq(v, i8x16.splat(32)), i8x16.eq(v, i8x16.splat(<i8>0xa0))), i8x16.le_u(i8x16.sub(v, i8x16.splat(9)), i8x16.splat(4)));
}

/**
 * `NAME[IP]` at [i, le) as RX_PF_CONNECT and RX_PF_TLS read it (`([^[\s]*)\[([^\]]+)\]`), but only with an IP
 * without a space or CR (never in a real one; such a line goes to the regexes). Sets sName, sBr, sIpEnd, sPeerHash and returns the position after `]`, or -1.
 */
function hostIp(i: i32, le: i32): i32 {
  let j = i;
  while (true) {
    if (j >= le) return -1;
    const v = v128.load(j);
    let mb = i8x16.bitmask(i8x16.eq(v, i8x16.splat(91)));
    let mx = i8x16.bitmask(spaceMask(v));
    if (le - j < 16) {
      const lim = (1 << (le - j)) - 1;
      mb &= lim;
      mx &= lim;
    }
    if (mb != 0) {
      const k = ctz<i32>(mb);
      if ((mx & ((1 << k) - 1)) != 0) return -1;
      j += k;
      break;
    }
    if (mx != 0) return -1;
    j += 16;
  }
  const a = j + 1;
  let k = a;
  while (true) {
    if (k >= le) return -1;
    const v = v128.load(k);
    let mb = i8x16.bitmask(i8x16.eq(v, i8x16.splat(93)));
    let mx = i8x16.bitmask(v128.or(i8x16.eq(v, i8x16.splat(32)), i8x16.eq(v, i8x16.splat(13))));
    if (le - k < 16) {
      const lim = (1 << (le - k)) - 1;
      mb &= lim;
      mx &= lim;
    }
    if (mb != 0) {
      const t = ctz<i32>(mb);
      if ((mx & ((1 << t) - 1)) != 0) return -1;
      k += t;
      break;
    }
    if (mx != 0) return -1;
    k += 16;
  }
  if (k == a) return -1;
  sName = i;
  sBr = j;
  sIpEnd = k;
  sPeerHash = wordHash(i, k);
  return k + 1;
}

/**
 * A hash of [a, b) from all of its bytes, 8 at a time (peers differ anywhere in `NAME[IP`: a sampled hash gave most
 * of 60,000 peers a shared slot). Only picks a slot: the parser compares the bytes.
 */
function wordHash(a: i32, b: i32): i32 {
  const n = b - a;
  let h: u64 = 0x9e3779b97f4a7c15 ^ <u64>n;
  let x = a;
  for (; x + 8 <= b; x += 8) h = rotl<u64>((h ^ load<u64>(x)) * 0xbf58476d1ce4e5b9, 31);
  if (x < b) {
    let w: u64 = 0;
    if (n >= 8) w = load<u64>(b - 8);
    else for (let k = a; k < b; k++) w = (w << 8) | <u64>at(k);
    h = rotl<u64>((h ^ w) * 0x94d049bb133111eb, 29);
  }
  h ^= h >> 32;
  h *= 0xbf58476d1ce4e5b9;
  h ^= h >> 29;
  return <i32>(<u32>h & 0x3fffffff);
}

/** `/\bstarttls=(\d+)/` finds a match whose number is above 0 in [ms, le) (`st` pairs found 16 at a time). */
function starttlsUsed(ms: i32, le: i32): bool {
  let p = ms;
  while (le - 9 - p > 0) {
    const room = le - 9 - p;
    let m = i8x16.bitmask(v128.and(i8x16.eq(v128.load(p), i8x16.splat(115)), i8x16.eq(v128.load(p, 1), i8x16.splat(116))));
    if (room < 16) m &= (1 << room) - 1;
    while (m != 0) {
      const i = p + ctz<i32>(m);
      m &= m - 1;
      if (!(/* "starttls=" */ i + 9 <= le && load<u64>(i) == 0x736c747472617473 && at(i + 8) == 61)) continue;
      if (i > ms && wordByte(at(i - 1))) continue;
      let k = i + 9;
      if (k >= le || !isDigit(at(k))) continue;
      for (; k < le && isDigit(at(k)); k++) if (at(k) != 48) return true;
      return false;
    }
    p += 16;
  }
  return false;
}

const SHAPE_CONNECT: i32 = 1;
const SHAPE_DISCONNECT: i32 = 2;
const SHAPE_TLS: i32 = 3;
const SHAPE_DISCONNECT_TLS: i32 = 4;

/**
 * The hot smtpd messages at hMsg: `connect from NAME[IP]` (nothing after), `disconnect from NAME[IP] …`,
 * `[Anonymous |Untrusted |Trusted |Verified ]TLS connection (established|reused) from NAME[IP]: VERSION with cipher
 * SUITE…` (no port, no `to`), without a CR or the words of a local failure: the shapes for which postfix() does
 * exactly what MtaParser.smtpdShape() does with these parts. 0 for any other line (the regexes read it).
 */
function smtpdShape(le: i32): i32 {
  const ms = hMsg;
  if (le - ms < 16) return 0;
  const c0 = at(ms);
  if (c0 == 99 || c0 == 100) {
    const dis = c0 == 100;
    const p = dis ? ms + 3 : ms;
    if (dis && !(at(ms + 1) == 105 && at(ms + 2) == 115)) return 0;
    if (!((/* "connect from " */ p + 13 <= le && load<u64>(p) == 0x207463656e6e6f63 && load<u32>(p + 8) == 0x6d6f7266 && at(p + 12) == 32))) return 0;
    const after = hostIp(p + 13, le);
    if (after < 0) return 0;
    if (!dis) return after == le ? SHAPE_CONNECT : 0;
    if (!plainRest(after, le, ms)) return 0;
    return starttlsUsed(ms, le) ? SHAPE_DISCONNECT_TLS : SHAPE_DISCONNECT;
  }
  let p = ms;
  if (c0 == 65) p =(/* "Anonymous " */ p + 10 <= le && load<u64>(p) == 0x756f6d796e6f6e41 && load<u16>(p + 8) == 0x2073) ? p + 10 : -1;
  else if (c0 == 85) p =(/* "Untrusted " */ p + 10 <= le && load<u64>(p) == 0x6574737572746e55 && load<u16>(p + 8) == 0x2064) ? p + 10 : -1;
  else if (c0 == 86) p =(/* "Verified " */ p + 9 <= le && load<u64>(p) == 0x6465696669726556 && at(p + 8) == 32) ? p + 9 : -1;
  else if (c0 == 84 && at(ms + 1) == 114) p =(/* "Trusted " */ p + 8 <= le && load<u64>(p) == 0x2064657473757254) ? p + 8 : -1;
  if (p < 0 || !((/* "TLS connection " */ p + 15 <= le && load<u64>(p) == 0x6e6e6f6320534c54 && load<u32>(p + 8) == 0x69746365 && load<u16>(p + 12) == 0x6e6f && at(p + 14) == 32))) return 0;
  p += 15;
  if ((/* "established from " */ p + 17 <= le && load<u64>(p) == 0x73696c6261747365 && load<u64>(p + 8) == 0x6d6f726620646568 && at(p + 16) == 32)) p += 17;
  else if ((/* "reused from " */ p + 12 <= le && load<u64>(p) == 0x6620646573756572 && load<u32>(p + 8) == 0x206d6f72)) p += 12;
  else return 0;
  p = hostIp(p, le);
  if (p < 0 || p + 2 >= le || at(p) != 58 || at(p + 1) != 32) return 0;
  p += 2;
  // version codes: 0 TLSv1.0 (`TLSv1`), 1 TLSv1.0, 2 TLSv1.1, 3 TLSv1.2, 4 TLSv1.3, 5 SSLv3, 6 SSLv2; length << 4
  let ver = 0;
  if ((/* "TLSv1" */ p + 5 <= le && load<u32>(p) == 0x76534c54 && at(p + 4) == 49)) {
    const d = at(p + 6);
    if (p + 7 <= le && at(p + 5) == 46 && d >= 48 && d <= 51) { ver = 1 + d - 48 + (7 << 4); p += 7; }
    else { ver = 5 << 4; p += 5; }
  } else if ((/* "SSLv" */ p + 4 <= le && load<u32>(p) == 0x764c5353) && p + 5 <= le && (at(p + 4) == 50 || at(p + 4) == 51)) {
    ver = (at(p + 4) == 51 ? 5 : 6) + (5 << 4);
    p += 5;
  } else return 0;
  if (!((/* " with cipher " */ p + 13 <= le && load<u64>(p) == 0x6963206874697720 && load<u32>(p + 8) == 0x72656870 && at(p + 12) == 32))) return 0;
  p += 13;
  let q = p;
  while (q < le && !isSpace(at(q))) q++;
  if (q == p || !plainRest(p, le, ms)) return 0;
  sVer = ver;
  sSuiteEnd = q;
  sSuiteHash = quickHash(p, q);
  return SHAPE_TLS;
}
