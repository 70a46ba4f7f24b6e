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
 * `mta` 0: an Exchange protocol log (kinds of shape()); 1: a Postfix/Exim/Sendmail log, where the records are K_LONG
 * and K_CANDIDATE (a line that contains a prefilter pattern) and only their first four ints count.
 */
export function scan(start: i32, end: i32, maxLine: i32, out: i32, maxRecords: i32, mta: i32): i32 {
  let n = 0;
  let ls = start;
  let line = 0;
  while (ls < end && n < maxRecords) {
    let nl = find(10, ls, end);
    if (nl < 0) nl = end;
    let kind: i32;
    let le = nl;
    if (nl - ls > maxLine) kind = K_LONG;
    else if (mta != 0) kind = hasPattern(ls, nl) ? K_CANDIDATE : K_NONE;
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
