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
export const RECORD_INTS: i32 = 24;

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

/**
 * find(10, from, to), 64 bytes a step while they are readable before `to`: a line is some 160 bytes, and a step per 16
 * bytes spent more on the loop than on the search.
 */
function findNewline(from: i32, to: i32): i32 {
  const pat = i8x16.splat(10);
  let p = from;
  while (p + 64 <= to) {
    const a = i8x16.eq(v128.load(p), pat);
    const b = i8x16.eq(v128.load(p, 16), pat);
    const c = i8x16.eq(v128.load(p, 32), pat);
    const d = i8x16.eq(v128.load(p, 48), pat);
    if (v128.any_true(v128.or(v128.or(a, b), v128.or(c, d)))) {
      const m = i8x16.bitmask(a) | (i8x16.bitmask(b) << 16);
      if (m != 0) return p + ctz<i32>(m);
      return p + 32 + ctz<i32>(i8x16.bitmask(c) | (i8x16.bitmask(d) << 16));
    }
    p += 64;
  }
  return find(10, p, to);
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

/**
 * Comma bits of the 128 bytes from the line's start (scan() works them out, with the newline's, when those bytes lie
 * before the block's end: mOk), so that shape() finds the fields of a line without a search per field.
 */
let cm0: u64 = 0;
let cm1: u64 = 0;
let mOk: bool = false;
let mLs: i32 = 0;

/** A bit for each byte of the 64 at p that equals the bytes of `pat`. */
// @ts-ignore: decorator
@inline
function bits64(p: i32, pat: v128): u64 {
  return (
    <u64><u32>i8x16.bitmask(i8x16.eq(v128.load(p), pat)) |
    (<u64><u32>i8x16.bitmask(i8x16.eq(v128.load(p, 16), pat)) << 16) |
    (<u64><u32>i8x16.bitmask(i8x16.eq(v128.load(p, 32), pat)) << 32) |
    (<u64><u32>i8x16.bitmask(i8x16.eq(v128.load(p, 48), pat)) << 48)
  );
}

/**
 * The first comma from `from` on, as find(44, from, le) — except that, from the line's bits (where they cover `from`),
 * it can find one past the line's end, in the next line: each field after it is then past the end too, and so is the
 * remote end, which shape() checks (gRemoteEnd + 2 < le) before it takes a line as anything but K_SLOW, as when find()
 * finds no comma.
 */
// @ts-ignore: decorator
@inline
function comma(from: i32, le: i32): i32 {
  let p = from;
  if (mOk) {
    const r = from - mLs;
    if (r < 64) {
      const m = cm0 & (<u64>-1 << <u64>r);
      if (m != 0) return mLs + <i32>ctz(m);
      if (cm1 != 0) return mLs + 64 + <i32>ctz(cm1);
      p = mLs + 128;
    } else if (r < 128) {
      const m = cm1 & (<u64>-1 << <u64>(r - 64));
      if (m != 0) return mLs + 64 + <i32>ctz(m);
      p = mLs + 128;
    }
  }
  // (one search for every case left: from past the bits, or a line without them)
  return find(44, p, le);
}

/** The kind of the line [ls, le) (as ExchangeParser.shape() did); sets gC1, gC2, gLocalEnd, gRemoteEnd. */
function shape(ls: i32, le: i32): i32 {
  if (ls < le && at(ls) == 35) return K_SLOW; // '#' header line
  gC1 = comma(ls, le);
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
    gC2 = comma(gC1 + 1, le);
    if (gC2 < 0) return K_SLOW;
  }
  if (gC2 + 17 >= le || at(gC2 + 17) != 44) return K_SLOW;
  // the sequence number: up to the next comma
  const seqEnd = comma(gC2 + 18, le);
  if (seqEnd < 0) return K_SLOW;
  gLocalEnd = comma(seqEnd + 1, le);
  if (gLocalEnd < 0) return K_SLOW;
  gRemoteEnd = comma(gLocalEnd + 1, le);
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
  // (16 bytes at once: each a digit, or a letter a-f in either case — `| 0x20` makes A-F a-f and maps nothing else
  // there —, then their values packed two to a byte, big-endian halves)
  const v = v128.load(gC2 + 1);
  const dv = i8x16.sub(v, i8x16.splat(48));
  const digit = i8x16.lt_u(dv, i8x16.splat(10));
  const lv = i8x16.sub(v128.or(v, i8x16.splat(0x20)), i8x16.splat(97));
  const letter = i8x16.lt_u(lv, i8x16.splat(6));
  if (!i8x16.all_true(v128.or(digit, letter))) return K_SLOW;
  // (a lower-case letter: a letter whose byte has 0x20 set)
  sidLower = v128.any_true(v128.and(letter, v128.and(v, i8x16.splat(0x20)))) ? 1 : 0;
  const nib = v128.bitselect(i8x16.add(lv, i8x16.splat(10)), dv, letter);
  const pairs = v128.or(i16x8.shl(v128.and(nib, i16x8.splat(0xff)), 4), i16x8.shr_u(nib, 8));
  const packed = i8x16.narrow_i16x8_u(pairs, pairs);
  sidHi = bswap<i32>(i32x4.extract_lane(packed, 0));
  sidLo = bswap<i32>(i32x4.extract_lane(packed, 1));
  if (kind == K_CONNECT) {
    // the time stamp when written as Exchange writes it, `yyyy-mm-ddThh:mm:ss.fffZ`: its day as yyyymmdd and its
    // milliseconds into the day (both 0 for any other form, which the parser reads itself); in the name fields
    lineTime(ls, le);
    nameStart = tDay;
    nameEnd = tMs;
    // (the connector's hash, connHash, is worked out where it is used: recLine(), a new connector)
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
    // (its hash, nameHash, is worked out where it is used: recLine(), a name new to its IP)
  }
  // (a `*` line's hash of its data and context, starHash(), is worked out when needed: recLine(), the TLS texts)
  return kind;
}

/**
 * The hash of a `*` line's data and context [d, le): 16 bytes a step (four 32-bit lanes multiplied and added), the last
 * few bytes one by one: only the line's own bytes count (the parser compares the whole line anyway; the hash only
 * picks its cache slot).
 */
function starHash(d: i32, le: i32): i32 {
  let acc = i32x4.splat(le - d);
  const mul = i32x4(0x01000193, 0x85ebca77, 0xc2b2ae3d, 0x27d4eb2f);
  let k = d;
  for (; k + 16 <= le; k += 16) acc = i32x4.add(i32x4.mul(acc, mul), v128.load(k));
  let h: u32 = <u32>(i32x4.extract_lane(acc, 0) ^ (i32x4.extract_lane(acc, 1) * 3) ^ (i32x4.extract_lane(acc, 2) * 5) ^ (i32x4.extract_lane(acc, 3) * 7));
  for (; k < le; k++) h = (h ^ <u32>at(k)) * 0x01000193;
  h ^= h >> 15;
  h *= 0x2c1b3c6d;
  h ^= h >> 12;
  return <i32>(h & 0x3fffffff);
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
  rOut = out;
  rN = 0;
  let ls = start;
  let line = 0;
  let stop = false;
  const nlPat = i8x16.splat(10);
  const cPat = i8x16.splat(44);
  while (ls < end && rN < maxRecords && !stop) {
    // (the newline from the bits of the line's first 64 or 128 bytes, which shape() reads the commas from)
    let nl: i32;
    if (ls + 128 <= end) {
      mOk = true;
      mLs = ls;
      cm0 = bits64(ls, cPat);
      const n0 = bits64(ls, nlPat);
      if (n0 != 0) {
        nl = ls + <i32>ctz(n0);
        cm1 = 0;
      } else {
        cm1 = bits64(ls + 64, cPat);
        const n1 = bits64(ls + 64, nlPat);
        nl = n1 != 0 ? ls + 64 + <i32>ctz(n1) : findNewline(ls + 128, end);
      }
    } else {
      mOk = false;
      nl = findNewline(ls, end);
    }
    if (nl < 0) nl = end;
    let kind: i32;
    let le = nl;
    if (nl - ls > maxLine) kind = K_LONG;
    else {
      if (le > ls && at(le - 1) == 13) le--;
      kind = shape(ls, le);
    }
    if (kind != K_NONE) {
      const next = nl < end ? nl + 1 : end;
      if (fastOn && kind != K_LONG) stop = fastLine(kind, line, ls, le, next);
      else recLine(kind, line, ls, le, next, -1, 0, -1);
    }
    ls = nl + 1;
    line++;
  }
  stopAt = ls < end ? ls : end;
  linesPassed = line;
  return rN;
}

/** Where records go (scan()'s `out`) and how many there are. */
let rOut: i32 = 0;
let rN: i32 = 0;

/**
 * The record of a line: kind, line index, ls, le, next, the fields shape() found, then (session mode) the handle of its
 * session (-1: none), 1 when the parser is to open that session from this `+` line, 2 from this other line, and the
 * id of a TLS text first seen on this line (-1: none).
 */
function recLine(kind: i32, line: i32, ls: i32, le: i32, next: i32, handle: i32, open: i32, newTls: i32): void {
  const r = rOut + rN * RECORD_INTS * 4;
  if (kind == K_STAR) restHash = starHash(gRemoteEnd + 3, le);
  else if (kind == K_CONNECT) connHash = at(gC1 + 1) == 34 ? 0 : quickHash(gC1 + 1, gC2);
  else if (kind == K_EHLO) nameHash = quickHash(nameStart, nameEnd);
  store<i32>(r, kind);
  store<i32>(r, line, 4);
  store<i32>(r, ls, 8);
  store<i32>(r, le, 12);
  store<i32>(r, next, 16);
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
  store<i32>(r, handle, 80);
  store<i32>(r, open, 84);
  store<i32>(r, newTls, 88);
  rN++;
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
    let nl = findNewline(ls, end);
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

// header: table index of the program (-1 unknown, -2 not the usual header, -3 an Exim mainlog line), program, pid,
// message start, pid value
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
  if (isDigit(c0)) {
    eximHeader(ls, le);
    return;
  }
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

/**
 * An Exim mainlog line, `yyyy-mm-dd hh:mm:ss[.frac][ +zzzz] [[pid[/n]] ]message` (RX_EXIM in src/logs/mta.ts, which
 * reads the same pid and message), that the parser's classify() would read with RX_EXIM: no `]: ` in it (RX_SYSLOG,
 * tried first, needs one) and no CR (RX_EXIM's `(.*)$` stops at one). Sets hIdx to -3, hPid/hPidEnd (equal: no pid)
 * and hMsg; leaves it at -2 for any other line.
 */
function eximHeader(ls: i32, le: i32): void {
  let p = ls;
  if (!(isDigit(at(p)) && isDigit(at(p + 1)) && isDigit(at(p + 2)) && isDigit(at(p + 3)) && at(p + 4) == 45 && isDigit(at(p + 5)) && isDigit(at(p + 6)) && at(p + 7) == 45 && isDigit(at(p + 8)) && isDigit(at(p + 9)) && at(p + 10) == 32)) return;
  p += 11;
  if (!(isDigit(at(p)) && isDigit(at(p + 1)) && at(p + 2) == 58 && isDigit(at(p + 3)) && isDigit(at(p + 4)) && at(p + 5) == 58 && isDigit(at(p + 6)) && isDigit(at(p + 7)))) return;
  p += 8;
  if (p < le && at(p) == 46) {
    let q = p + 1;
    while (q < le && isDigit(at(q))) q++;
    if (q == p + 1) return;
    p = q;
  }
  // ` [+-]\d{4}` is taken when a space follows it (else RX_EXIM goes back and the zone is the message's start)
  if (p + 7 <= le && at(p) == 32 && (at(p + 1) == 43 || at(p + 1) == 45) && isDigit(at(p + 2)) && isDigit(at(p + 3)) && isDigit(at(p + 4)) && isDigit(at(p + 5)) && at(p + 6) == 32) p += 6;
  if (p >= le || at(p) != 32) return;
  p++;
  let ps = p, pe = p;
  if (p < le && at(p) == 91) {
    let q = p + 1;
    while (q < le && isDigit(at(q))) q++;
    const de = q;
    const ok = de > p + 1;
    if (ok && q < le && at(q) == 47) {
      let r = q + 1;
      while (r < le && isDigit(at(r))) r++;
      if (r > q + 1) q = r;
    }
    if (ok && q + 1 < le && at(q) == 93 && at(q + 1) == 32) {
      ps = p + 1;
      pe = de;
      p = q + 2;
    }
  }
  // no `]: ` and no CR anywhere in the line
  let k = ls;
  while (k < le) {
    const v = v128.load(k);
    let m = i8x16.bitmask(v128.or(i8x16.eq(v, i8x16.splat(93)), i8x16.eq(v, i8x16.splat(13))));
    if (le - k < 16) m &= (1 << (le - k)) - 1;
    while (m != 0) {
      const i = k + ctz<i32>(m);
      m &= m - 1;
      if (at(i) == 13) return;
      if (i + 2 < le && at(i + 1) == 58 && at(i + 2) == 32) return;
    }
    k += 16;
  }
  hIdx = -3;
  hPid = ps;
  hPidEnd = pe;
  hMsg = p;
  hProg = ls;
  hProgEnd = ls;
  hPidVal = -1;
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

// ---- Exchange session mode ------------------------------------------------------------------------------------
//
// With fastBegin() a scan keeps the file's open sessions itself: a session whose lines are only the usual ones
// (`+` connect, EHLO/HELO, a `TLS protocol … succeeded` line whose text the parser has read before, `-` disconnect)
// never reaches JavaScript line by line; at its end it is counted in its IP's peer slot (count()), or one C_SESSION
// record carries its start time and the ids of its IP, name, connector and TLS text (the parser reads the texts of
// those ids from the interners' records when it needs them). Anything else about a session (a reply, a TLS failure, a banner, a text not kept)
// first hands the session to the parser (C_PROMOTE: it becomes a JavaScript session, which this table still keeps in
// start order under a handle) and then the line as before. A line the parser must read in its own way (another shape,
// a lower-case session id, a time stamp not in Exchange's form, a full table) ends the mode for the file: every open
// session goes over in start order (C_ADOPT) and the parser goes on as without it. The order sessions end in, and
// so what the parser is handed when, is what it would do itself (ExchangeParser: sessionFor(), evict(), end()).

/** Record kinds of session mode (src/logs/exchange.ts reads them). */
const C_SESSION: i32 = 16;
const C_FINISH: i32 = 17;
const C_PROMOTE: i32 = 18;
const C_ADOPT: i32 = 19;
/** As ExchangeParser: sessions are closed an hour after their start, and the oldest beyond 50,000 open ones. */
const SESSION_TTL: f64 = 3600000;
const MAX_OPEN: i32 = 50000;
/** Bytes of a session entry: hi, lo, prev, next, day, ms, ts (f64), ip, name, connector, tls, js. */
const S_SIZE: i32 = 64;
/** Longest probe of an interner (a log whose texts share slots gets its sessions read by the parser instead). */
const I_PROBE: i32 = 16;
/**
 * Bytes of an interner descriptor: index, mask of the index in use, records, max texts, arena, arena size, count,
 * arena used, status, record size, mask of the whole index (grow()).
 */
const D_SIZE: i32 = 48;
/**
 * Bytes of an interner's index slot (the text's id and a tag of its hash, I_ID_BITS) and of its records by id
 * (length, arena offset of the bytes after the first 16, the text's hash at 8 (hashAt()), then those 16 bytes
 * zero-padded at 16); an IP's record is R_IP bytes: it also keeps the name its last session gave (id at 8, length at
 * 12, arena offset of that name's bytes after its first 16 at 36, then its first 40 bytes from 48; the IP's own hash
 * is at 32), so that the usual session — an IP that gives the name it gave before — touches one record for both; and
 * from byte 88 its peer slot (see count()).
 */
const I_SLOT: i32 = 4;
/**
 * An index slot: the text's id in its low I_ID_BITS bits (an interner keeps at most 2^18 - 1 texts: setFastLimits()
 * checks it), above them the top bits of its slot hash as a tag, so that a look-up reads a text's record only when the
 * tag is its own; 0: empty. Four bytes a slot keep the IPs' index of a 60,000-peer log at 512 KiB, in the core's cache.
 */
const I_ID_BITS: u32 = 18;
const I_ID_MASK: u32 = (1 << I_ID_BITS) - 1;
const R_TEXT: i32 = 32;
const R_IP: i32 = 128;
/** Name bytes an IP's record keeps. */
const R_NAME_HEAD: i32 = 40;
/**
 * An IP record's peer slot: the key of the sessions counted in it (name id, connector id, TLS text id, 0: none),
 * 1 when it is in use, the number of sessions, their first and last start time (f64).
 */
const P_NAME: i32 = 88;
const P_CONN: i32 = 92;
const P_TLS: i32 = 96;
const P_USED: i32 = 100;
const P_N: i32 = 104;
const P_FIRST: i32 = 112;
const P_LAST: i32 = 120;
/** Days the per-day counts of counted sessions can tell apart in one file (a ninth day: sessions go as C_SESSION). */
const C_DAYS: i32 = 8;
const T_IP: i32 = 0;
const T_NAME: i32 = 1;
const T_CONN: i32 = 2;
const T_TLS: i32 = 3;

let fastOn: bool = false;
let fSeed: u32 = 0;
let sPool: i32 = 0;
let sMax: i32 = 0;
let sHash: i32 = 0;
let sMask: i32 = 0;
/** The mask of the whole session index (sMask, the part in use, starts at I_FIRST slots and doubles: sGrow()). */
let sTop: i32 = 0;
let sHwm: i32 = 0;
let sFree: i32 = -1;
let sHead: i32 = -1;
let sTail: i32 = -1;
let sOpen: i32 = 0;
let fDesc: i32 = 0;
/** Counting (count()): on, the --since/--until window, the claims still allowed, the claimed IPs (ids, in order). */
let cOn: bool = false;
let cSince: f64 = -Infinity;
let cUntil: f64 = Infinity;
let cBudget: i32 = 0;
let cList: i32 = 0;
let cCount: i32 = 0;
/** Per-day counts: C_DAYS day numbers (ms / 86,400,000), then per day one count per TLS text id (0: no TLS). */
let cDays: i32 = 0;
let cDayN: i32 = 0;
let cSeries: i32 = 0;
let cWidth: i32 = 0;
let cLastDay: i32 = 0x7fffffff;
let cLastIdx: i32 = 0;
/** Sessions counted, and sessions dropped for the window (added to ExchangeParser's statistics). */
let cCounted: i32 = 0;
let cDropped: i32 = 0;
/** The last intern() call added its text. */
let added: bool = false;
/** The TLS text id of the last TLS line in session mode (0: none yet in this file). */
let lastTls: i32 = 0;
/** The connector id of the last `+` line in session mode (0: none yet in this file). */
let lastConn: i32 = 0;

/** True while session mode is on (it ends for the file when a line needs the parser's own reading). */
export function fastMode(): i32 { return fastOn ? 1 : 0; }
/** Open sessions in session mode. */
export function openSessions(): i32 { return sOpen; }

// @ts-ignore: decorator
@inline
function align(n: i32): i32 { return (n + 63) & ~63; }

/** Slots an interner's index, and the open sessions' index, start a file with (they double: grow(), sGrow()). */
const I_FIRST: i32 = 1024;

/**
 * Sets up interner descriptor `t` at `p`: the index (room for slots: a power of two ≥ 2 × max, of I_SLOT bytes; in
 * use, and zeroed, the first I_FIRST of them), the records (`rec` bytes each, by id), the arena, and a status per id.
 * Returns the end of its memory.
 */
function descInit(t: i32, p: i32, slots: i32, max: i32, arena: i32, rec: i32): i32 {
  const d = fDesc + t * D_SIZE;
  const first = slots < I_FIRST ? slots : I_FIRST;
  store<i32>(d, p);
  store<i32>(d, first - 1, 4);
  store<i32>(d, slots - 1, 40);
  memory.fill(p, 0, first * I_SLOT);
  p = align(p + slots * I_SLOT);
  store<i32>(d, p, 8);
  store<i32>(d, max, 12);
  store<i32>(d, rec, 36);
  p = align(p + (max + 1) * rec + 16);
  store<i32>(d, p, 16);
  store<i32>(d, arena, 20);
  store<i32>(d, 0, 24);
  store<i32>(d, 0, 28);
  p = align(p + arena + 16);
  store<i32>(d, p, 32);
  return align(p + (max + 1) * 4);
}

/**
 * Bytes session mode needs at `base` with these limits (sessions, then per interner: texts and arena bytes; slots are
 * the next power of two of twice the texts).
 */
export function fastSize(sessions: i32, ips: i32, ipBytes: i32, names: i32, nameBytes: i32, conns: i32, connBytes: i32, tls: i32, tlsBytes: i32): i32 {
  return fastLayout(0, sessions, ips, ipBytes, names, nameBytes, conns, connBytes, tls, tlsBytes, false);
}

function pow2(n: i32): i32 {
  let p = 64;
  while (p < n * 2) p <<= 1;
  return p;
}

function fastLayout(base: i32, sessions: i32, ips: i32, ipBytes: i32, names: i32, nameBytes: i32, conns: i32, connBytes: i32, tls: i32, tlsBytes: i32, set: bool): i32 {
  let p = base;
  const desc = p;
  p = align(p + 4 * D_SIZE);
  const pool = p;
  p = align(p + sessions * S_SIZE);
  const hash = p;
  const hslots = pow2(sessions);
  p = align(p + hslots * 4);
  const list = p;
  p = align(p + (ips + 1) * 4);
  const days = p;
  p = align(p + C_DAYS * 4);
  const series = p;
  p = align(p + C_DAYS * (tls + 1) * 4);
  const lookup = p;
  p = align(p + LOOKUP_BYTES + 16);
  const rows = p;
  p = align(p + ROWS_BATCH * (ROW_MAX * 8 + 16));
  const codes = p;
  p = align(p + (tls + 1) * 4);
  const totals = p;
  p = align(p + (tls + 1) * 8);
  const listed = p;
  p = align(p + (ips + 1) * 4);
  if (set) {
    cLookup = lookup;
    cRows = rows;
    cCodes = codes;
    cTotals = totals;
    cListed = listed;
    cList = list;
    cDays = days;
    cSeries = series;
    cWidth = tls + 1;
    memory.fill(series, 0, C_DAYS * (tls + 1) * 4);
    fDesc = desc;
    sPool = pool;
    sMax = sessions;
    sHash = hash;
    sTop = hslots - 1;
    sMask = (hslots < I_FIRST ? hslots : I_FIRST) - 1;
    memory.fill(hash, 0, (sMask + 1) * 4);
    p = descInit(T_IP, p, pow2(ips), ips, ipBytes, R_IP);
    p = descInit(T_NAME, p, pow2(names), names, nameBytes, R_TEXT);
    p = descInit(T_CONN, p, pow2(conns), conns, connBytes, R_TEXT);
    p = descInit(T_TLS, p, pow2(tls), tls, tlsBytes, R_TEXT);
    return p;
  }
  p += align(pow2(ips) * I_SLOT) + align((ips + 1) * R_IP + 16) + align(ipBytes + 16) + align((ips + 1) * 4);
  p += align(pow2(names) * I_SLOT) + align((names + 1) * R_TEXT + 16) + align(nameBytes + 16) + align((names + 1) * 4);
  p += align(pow2(conns) * I_SLOT) + align((conns + 1) * R_TEXT + 16) + align(connBytes + 16) + align((conns + 1) * 4);
  p += align(pow2(tls) * I_SLOT) + align((tls + 1) * R_TEXT + 16) + align(tlsBytes + 16) + align((tls + 1) * 4);
  return p;
}

/**
 * Turns session mode on for a new file, its tables at `base` (fastSize() bytes; interner slots of an earlier file are
 * left as they are: an id above the count is an empty slot). `seed` varies the slots per file.
 */
export function fastBegin(base: i32, seed: i32, sessions: i32, ips: i32, ipBytes: i32, names: i32, nameBytes: i32, conns: i32, connBytes: i32, tls: i32, tlsBytes: i32): void {
  fastLayout(base, sessions, ips, ipBytes, names, nameBytes, conns, connBytes, tls, tlsBytes, true);
  fSeed = <u32>seed;
  sHwm = 0;
  sFree = -1;
  sHead = -1;
  sTail = -1;
  sOpen = 0;
  fastOn = true;
  cOn = false;
  cCount = 0;
  cDayN = 0;
  cLastDay = 0x7fffffff;
  cCounted = 0;
  cDropped = 0;
  lastTls = 0;
  lastConn = 0;
}

/** Sets the parser's reading of TLS text `id` (1: a success it read, 2: one it could not, 3: a failure it read). */
export function tlsStatus(id: i32, status: i32): void {
  store<i32>(tlsStatusAt(id), status);
}

/** Where the status of TLS text `id` is. */
// @ts-ignore: decorator
@inline
function tlsStatusAt(id: i32): i32 {
  return load<i32>(fDesc + T_TLS * D_SIZE, 32) + id * 4;
}

/** murmur3's 32-bit finaliser. */
// @ts-ignore: decorator
@inline
function fmix(h: u32): u32 {
  h ^= h >> 16;
  h *= 0x85ebca6b;
  h ^= h >> 13;
  h *= 0xc2b2ae35;
  return h ^ (h >> 16);
}

/** The n bytes at x and at y are equal (reads up to 15 bytes past both). */
function memEq(x: i32, y: i32, n: i32): bool {
  let k = 0;
  for (; k + 16 <= n; k += 16) if (!i8x16.all_true(i8x16.eq(v128.load(x + k), v128.load(y + k)))) return false;
  if (k < n) {
    const m = i8x16.bitmask(i8x16.eq(v128.load(x + k), v128.load(y + k)));
    const want = (1 << (n - k)) - 1;
    if ((m & want) != want) return false;
  }
  return true;
}

/** The record of the text the last intern() call found or added. */
let lastRec: i32 = 0;

/**
 * The id (≥ 1) of text [a, b) with hash h in interner t, added when new (sets `added`) unless `add` is false (then 0);
 * -1 when it cannot be kept.
 */
/** True when text `id` of interner t is the bytes [a, b) (as intern() compares them). */
function sameText(t: i32, id: i32, a: i32, b: i32): bool {
  const d = fDesc + t * D_SIZE;
  const n = b - a;
  return recordIs(load<i32>(d, 8) + id * load<i32>(d, 36), a, n, textHead(a, n));
}

/** The first 16 bytes of the n bytes at a, zero-padded (as a text's record keeps them). */
// @ts-ignore: decorator
@inline
function textHead(a: i32, n: i32): v128 {
  return v128.and(v128.load(a), i8x16.gt_s(i8x16.splat(<i8>(n < 16 ? n : 16)), i8x16(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15)));
}

/** True when the text record at rec holds the n bytes at a (`head`: textHead(a, n)). */
// @ts-ignore: decorator
@inline
function recordIs(rec: i32, a: i32, n: i32, head: v128): bool {
  return load<i32>(rec) == n && i8x16.all_true(i8x16.eq(v128.load(rec, 16), head)) && (n <= 16 || memEq(load<i32>(rec, 4), a + 16, n - 16));
}

/** Where a text's record keeps its hash: byte 8, in an IP's record (whose byte 8 is its name's id) byte 32. */
// @ts-ignore: decorator
@inline
function hashAt(size: i32): i32 {
  return size == R_IP ? 32 : 8;
}

/**
 * Doubles interner d's index and puts every text back, by id (again, up to the full size, while a text lands more
 * than I_PROBE slots from its own; one that does so at the full size is then not found, as a text the index could
 * not keep: its sessions go to the parser). The index starts small and is written before it is read, so that a file
 * touches only the pages its texts need, each once (a page read first is the kernel's zero page, and writing it then
 * costs a second fault and a TLB flush).
 */
function grow(d: i32): void {
  const slots = load<i32>(d);
  const top = load<i32>(d, 40);
  const records = load<i32>(d, 8);
  const size = load<i32>(d, 36);
  const count = load<i32>(d, 24);
  let mask = load<i32>(d, 4);
  for (;;) {
    mask = mask * 2 + 1;
    memory.fill(slots, 0, (mask + 1) * I_SLOT);
    let fits = true;
    for (let id = 1; id <= count; id++) {
      const f = fmix(<u32>load<i32>(records + id * size + hashAt(size)) ^ fSeed);
      let i = <i32>(f & <u32>mask);
      let k = 0;
      while (load<u32>(slots + i * I_SLOT) != 0) {
        i = (i + 1) & mask;
        k++;
      }
      if (k >= I_PROBE) fits = false;
      store<u32>(slots + i * I_SLOT, ((f >>> I_ID_BITS) << I_ID_BITS) | <u32>id);
    }
    if (fits || mask >= top) break;
  }
  store<i32>(d, mask, 4);
}

function intern(t: i32, a: i32, b: i32, h: i32, add: bool = true): i32 {
  added = false;
  const d = fDesc + t * D_SIZE;
  const count = load<i32>(d, 24);
  // (the index grows before it is more than half full, and when a text finds no free slot near its own)
  if (add && count * 2 >= load<i32>(d, 4) && load<i32>(d, 4) < load<i32>(d, 40)) grow(d);
  let r = internIn(d, count, a, b, h, add);
  while (r == -2) {
    grow(d);
    r = internIn(d, count, a, b, h, add);
  }
  return r;
}

/** intern() in the index as it is: -2 when the text is new, has no free slot within I_PROBE and the index can grow. */
function internIn(d: i32, count: i32, a: i32, b: i32, h: i32, add: bool): i32 {
  const slots = load<i32>(d);
  const mask = load<i32>(d, 4);
  const records = load<i32>(d, 8);
  const size = load<i32>(d, 36);
  const n = b - a;
  const head = textHead(a, n);
  const f = fmix(<u32>h ^ fSeed);
  const tag = f >>> I_ID_BITS;
  let i = <i32>(f & <u32>mask);
  for (let k = 0; k < I_PROBE; k++) {
    const sp = slots + i * I_SLOT;
    const v = load<u32>(sp);
    const id = <i32>(v & I_ID_MASK);
    if (id <= 0 || id > count) {
      if (!add) return 0;
      const used = load<i32>(d, 28);
      const rest = n > 16 ? n - 16 : 0;
      if (count >= load<i32>(d, 12) || used + rest > load<i32>(d, 20)) return -1;
      const nid = count + 1;
      const arena = load<i32>(d, 16);
      if (rest > 0) memory.copy(arena + used, a + 16, rest);
      const rec = records + nid * size;
      store<i32>(rec, n);
      store<i32>(rec, arena + used, 4);
      store<i32>(rec, 0, 8);
      store<i32>(rec + hashAt(size), h);
      v128.store(rec, head, 16);
      if (size == R_IP) store<i32>(rec, 0, P_USED);
      store<u32>(sp, (tag << I_ID_BITS) | <u32>nid);
      store<i32>(load<i32>(d, 32) + nid * 4, 0);
      store<i32>(d, nid, 24);
      store<i32>(d, used + rest, 28);
      added = true;
      lastRec = rec;
      return nid;
    }
    if (v >>> I_ID_BITS == tag) {
      const rec = records + id * size;
      if (recordIs(rec, a, n, head)) {
        lastRec = rec;
        return id;
      }
    }
    i = (i + 1) & mask;
  }
  return add && mask < load<i32>(d, 40) ? -2 : -1;
}

/** For tests (test/logs/intern.test.ts): intern() with a hash of the caller's choosing. */
export function fastInternForTest(t: i32, a: i32, b: i32, h: i32, add: i32): i32 {
  return intern(t, a, b, h, add != 0);
}

/** The descriptors of the interners (D_SIZE bytes each; ExchangeParser reads their texts by id: see LineScanner.text()). */
export function fastDesc(): i32 { return fDesc; }
/** Texts interner `t` holds (ids 1 to this). */
export function fastCount(t: i32): i32 { return load<i32>(fDesc + t * D_SIZE, 24); }
/**
 * The layout JavaScript reads by offset (LineScanner), from here so that it is written once: 0 bytes of an IP record,
 * 1–6 its peer slot's name, connector, TLS text, count, first and last time, 7 bytes of an interner descriptor, 8 and 9
 * where a descriptor keeps its records and their size, 10 bytes of the look-up area.
 */
export function fastLayoutOf(i: i32): i32 {
  if (i == 0) return R_IP;
  if (i == 1) return P_NAME;
  if (i == 2) return P_CONN;
  if (i == 3) return P_TLS;
  if (i == 4) return P_N;
  if (i == 5) return P_FIRST;
  if (i == 6) return P_LAST;
  if (i == 7) return D_SIZE;
  if (i == 8) return 8;
  if (i == 9) return 36;
  return LOOKUP_BYTES;
}
/** Bytes of the area fastLookup() reads. */
const LOOKUP_BYTES: i32 = 4096;
let cLookup: i32 = 0;
/** Where fastLookup() reads its text. */
export function fastLookupArea(): i32 { return cLookup; }
/** The id of the `n` bytes at fastLookupArea() in interner t (IPs: the hash a `+` line's address gets), 0 when not there. */
export function fastLookup(t: i32, n: i32): i32 {
  if (n > LOOKUP_BYTES) return 0;
  memory.fill(cLookup + n, 0, 16);
  const id = intern(t, cLookup, cLookup + n, quickHash(cLookup, cLookup + n), false);
  return id > 0 ? id : 0;
}

// @ts-ignore: decorator
@inline
function sAt(e: i32): i32 { return sPool + e * S_SIZE; }

function sHome(hi: i32, lo: i32): i32 {
  return <i32>(fmix(fmix(<u32>lo ^ fSeed) ^ <u32>hi) & <u32>sMask);
}

/** The open session of id (hi, lo), or -1. */
function sFind(hi: i32, lo: i32): i32 {
  let i = sHome(hi, lo);
  for (;;) {
    const v = load<i32>(sHash + (i << 2));
    if (v == 0) return -1;
    const p = sAt(v - 1);
    if (load<i32>(p, 4) == lo && load<i32>(p) == hi) return v - 1;
    i = (i + 1) & sMask;
  }
  return -1;
}

/**
 * Doubles the part of the session index in use and puts every open session back (in start order). As the interners'
 * index (grow()): written before it is read, and as small as the open sessions let it be, so that the slots a log's
 * few dozen open sessions use stay in the core's cache.
 */
function sGrow(): void {
  sMask = sMask * 2 + 1;
  memory.fill(sHash, 0, (sMask + 1) * 4);
  for (let e = sHead; e >= 0; e = load<i32>(sAt(e), 12)) {
    const p = sAt(e);
    let i = sHome(load<i32>(p), load<i32>(p, 4));
    while (load<i32>(sHash + (i << 2)) != 0) i = (i + 1) & sMask;
    store<i32>(sHash + (i << 2), e + 1);
  }
}

/** A new open session of id (hi, lo) (not open), last in start order; -1 when the pool is full. */
function sAdd(hi: i32, lo: i32): i32 {
  // (the index grows before it is more than half full)
  if (sOpen * 2 >= sMask && sMask < sTop) sGrow();
  let e: i32;
  if (sFree >= 0) {
    e = sFree;
    sFree = load<i32>(sAt(e), 12);
  } else if (sHwm < sMax) e = sHwm++;
  else return -1;
  const p = sAt(e);
  store<i32>(p, hi);
  store<i32>(p, lo, 4);
  store<i32>(p, sTail, 8);
  store<i32>(p, -1, 12);
  if (sTail >= 0) store<i32>(sAt(sTail), e, 12);
  else sHead = e;
  sTail = e;
  let i = sHome(hi, lo);
  while (load<i32>(sHash + (i << 2)) != 0) i = (i + 1) & sMask;
  store<i32>(sHash + (i << 2), e + 1);
  sOpen++;
  return e;
}

/** Removes open session e (its slot run shifted up: no tombstones), and gives its entry back. */
function sRemove(e: i32): void {
  const p = sAt(e);
  let i = sHome(load<i32>(p), load<i32>(p, 4));
  while (load<i32>(sHash + (i << 2)) != e + 1) i = (i + 1) & sMask;
  let j = (i + 1) & sMask;
  let v = load<i32>(sHash + (j << 2));
  while (v != 0) {
    const q = sAt(v - 1);
    const k = sHome(load<i32>(q), load<i32>(q, 4));
    // the entry at j moves up to i unless its home lies in the cyclic range (i, j]
    const inside = i <= j ? k > i && k <= j : k > i || k <= j;
    if (!inside) {
      store<i32>(sHash + (i << 2), v);
      i = j;
    }
    j = (j + 1) & sMask;
    v = load<i32>(sHash + (j << 2));
  }
  store<i32>(sHash + (i << 2), 0);
  const prev = load<i32>(p, 8);
  const next = load<i32>(p, 12);
  if (prev >= 0) store<i32>(sAt(prev), next, 12);
  else sHead = next;
  if (next >= 0) store<i32>(sAt(next), prev, 8);
  else sTail = prev;
  store<i32>(p, sFree, 12);
  sFree = e;
  sOpen--;
}

/** A record of session e: kind, line, handle, day, ms, ip, name, connector, tls, js, session id high and low. */
function recSession(kind: i32, line: i32, e: i32): void {
  const p = sAt(e);
  const r = rOut + rN * RECORD_INTS * 4;
  store<i32>(r, kind);
  store<i32>(r, line, 4);
  store<i32>(r, e, 8);
  store<i32>(r, load<i32>(p, 16), 12);
  store<i32>(r, load<i32>(p, 20), 16);
  store<i32>(r, load<i32>(p, 32), 20);
  store<i32>(r, load<i32>(p, 36), 24);
  store<i32>(r, load<i32>(p, 40), 28);
  store<i32>(r, load<i32>(p, 44), 32);
  store<i32>(r, load<i32>(p, 48), 36);
  store<i32>(r, load<i32>(p), 40);
  store<i32>(r, load<i32>(p, 4), 44);
  rN++;
}

/** Ends open session e: C_SESSION for one of this table, C_FINISH for one the parser holds. */
function finish(e: i32, line: i32): void {
  const p = sAt(e);
  const js = load<i32>(p, 48);
  if (js != 0 || !cOn || !count(p)) recSession(js != 0 ? C_FINISH : C_SESSION, line, e);
  sRemove(e);
}

/**
 * A usual session of this table ended: counted in its IP's peer slot instead of a C_SESSION record (true), when the
 * slot is free (a claim: while cBudget allows) or counts this key, and its day has a place; dropped (true) when its
 * start lies outside the window, as ExchangeParser.fastSession() drops it. ExchangeParser reads the slots of the
 * claimed IPs (fastClaimList()) at the end of the file, or sooner when claims must stop.
 */
function count(p: i32): bool {
  const ts = load<f64>(p, 24);
  if (ts < cSince || ts >= cUntil) {
    cDropped++;
    return true;
  }
  const rec = load<i32>(p, 52);
  if (rec == 0) return false;
  const dn = <i32>Math.floor(ts / 86400000.0);
  let di = cLastIdx;
  if (dn != cLastDay) {
    di = -1;
    for (let k = 0; k < cDayN; k++) if (load<i32>(cDays + k * 4) == dn) di = k;
    if (di < 0) {
      if (cDayN >= C_DAYS) return false;
      di = cDayN++;
      store<i32>(cDays + di * 4, dn);
    }
    cLastDay = dn;
    cLastIdx = di;
  }
  const name = load<i32>(p, 36);
  const conn = load<i32>(p, 40);
  let tls = load<i32>(p, 44);
  if (tls < 0) tls = 0;
  if (load<i32>(rec, P_USED) == 0) {
    if (cBudget <= 0) return false;
    cBudget--;
    store<i32>(rec, name, P_NAME);
    store<i32>(rec, conn, P_CONN);
    store<i32>(rec, tls, P_TLS);
    store<i32>(rec, 1, P_USED);
    store<i32>(rec, 0, P_N);
    store<f64>(rec, ts, P_FIRST);
    store<f64>(rec, ts, P_LAST);
    store<i32>(cList + cCount * 4, load<i32>(p, 32));
    cCount++;
  } else {
    if (load<i32>(rec, P_NAME) != name || load<i32>(rec, P_CONN) != conn || load<i32>(rec, P_TLS) != tls) return false;
    if (ts < load<f64>(rec, P_FIRST)) store<f64>(rec, ts, P_FIRST);
    if (ts > load<f64>(rec, P_LAST)) store<f64>(rec, ts, P_LAST);
  }
  store<i32>(rec, load<i32>(rec, P_N) + 1, P_N);
  const c = cSeries + (di * cWidth + tls) * 4;
  store<i32>(c, load<i32>(c) + 1);
  cCounted++;
  return true;
}

/** Counting on or off for this file, with the --since/--until window (ms; ±Infinity for none). */
export function fastCounting(on: i32, since: f64, until: f64): void {
  cOn = on != 0 && fastOn;
  cSince = since;
  cUntil = until;
}
/** Claims count() may still make (set before each batch). */
export function fastBudget(n: i32): void { cBudget = n; }
/** Claimed IPs, where their ids are, the IP records (R_IP bytes by id), the per-day counts and their days. */
export function fastClaims(): i32 { return cCount; }
export function fastClaimList(): i32 { return cList; }
export function fastIpRecords(): i32 { return load<i32>(fDesc + T_IP * D_SIZE, 8); }
export function fastSeries(): i32 { return cSeries; }
export function fastDayList(): i32 { return cDays; }
export function fastDays(): i32 { return cDayN; }
export function fastCounted(): i32 { return cCounted; }
export function fastDropped(): i32 { return cDropped; }
/** After ExchangeParser read them: the claimed slots freed, the per-day counts and the counters zeroed. */
export function fastClear(): void {
  for (let k = 0; k < cCount; k++) {
    const id = load<i32>(cList + k * 4);
    store<i32>(fastIpRecords() + id * R_IP, 0, P_USED);
  }
  memory.fill(cSeries, 0, C_DAYS * cWidth * 4);
  cCount = 0;
  cDayN = 0;
  cLastDay = 0x7fffffff;
  cCounted = 0;
  cDropped = 0;
}

/**
 * The claims as peers of the aggregate (ExchangeParser.addLazyClaims(), Aggregate.addLazy()): fastRows() writes up to
 * ROWS_BATCH rows a call in the aggregate's own layout (set by fastRowLayout(): the offsets, in f64, of its numbers),
 * so that 60,000 new peers are a copy of their rows rather than a JavaScript loop that runs once, before V8 compiles it.
 */
const ROWS_BATCH: i32 = 256;
/** Most f64 a row can have. */
const ROW_MAX: i32 = 24;
/**
 * fastRowCodes(): what a TLS text id's sessions add — a version index (bits 0-7), or ROW_NONE (no TLS) or ROW_FAILED;
 * with ROW_SUITE they name a suite, with ROW_LISTED their rows go to the list (fastRowList()).
 */
const ROW_SUITE: i32 = 0x100;
const ROW_LISTED: i32 = 0x200;
const ROW_NONE: i32 = 0x400;
const ROW_FAILED: i32 = 0x800;
let cRows: i32 = 0;
let cCodes: i32 = 0;
/** Sessions of the rows fastRows() wrote since `from` was 0, by TLS text id (f64), and the listed rows (by row number). */
let cTotals: i32 = 0;
let cListed: i32 = 0;
let listedN: i32 = 0;
let rowsDone: i32 = 0;
let rowsN: i32 = 0;
let rStride: i32 = 0;
let rSess: i32 = 0;
let rTls: i32 = 0;
let rNoTls: i32 = 0;
let rFail: i32 = 0;
let rFirst: i32 = 0;
let rLast: i32 = 0;
let rVc: i32 = 0;
let rVl: i32 = 0;
let rSuite: i32 = 0;
let rVersions: i32 = 0;

/**
 * The aggregate's row layout: f64 a row, then the offsets of sessions, TLS sessions, sessions without TLS, failed ones,
 * first and last start, the per-version counts and last starts (`versions` each), sessions with a suite. Every other
 * number of a row is 0. Returns 0 (and keeps the last layout) when a row or an offset does not fit ROW_MAX.
 */
export function fastRowLayout(stride: i32, sess: i32, tls: i32, noTls: i32, fail: i32, first: i32, last: i32, vc: i32, vl: i32, suite: i32, versions: i32): i32 {
  if (stride <= 0 || stride > ROW_MAX || versions < 0 || versions > 16) return 0;
  if (<u32>sess >= <u32>stride || <u32>tls >= <u32>stride || <u32>noTls >= <u32>stride || <u32>fail >= <u32>stride) return 0;
  if (<u32>first >= <u32>stride || <u32>last >= <u32>stride || <u32>suite >= <u32>stride) return 0;
  if (vc < 0 || vl < 0 || vc + versions > stride || vl + versions > stride) return 0;
  rStride = stride;
  rSess = sess;
  rTls = tls;
  rNoTls = noTls;
  rFail = fail;
  rFirst = first;
  rLast = last;
  rVc = vc;
  rVl = vl;
  rSuite = suite;
  rVersions = versions;
  return 1;
}
/** Where the caller writes, by TLS text id (0: none, up to the TLS limit), what its sessions add (ROW_SUITE …). */
export function fastRowCodes(): i32 { return cCodes; }
/** The rows fastRows() wrote (ROWS_BATCH of ROW_MAX f64 at most), then four columns of ROWS_BATCH ids: IP, name, connector, TLS text. */
export function fastRowArea(): i32 { return cRows; }
export function fastRowIds(): i32 { return cRows + ROWS_BATCH * ROW_MAX * 8; }
export function fastRowCount(): i32 { return rowsN; }
export function fastRowTotals(): i32 { return cTotals; }
export function fastRowList(): i32 { return cListed; }
export function fastRowListed(): i32 { return listedN; }
export function fastRowBatch(): i32 { return ROWS_BATCH; }

/** Marks claimed IP `id` as one a peer already has (its claim is added by key, fastRows() passes it); 1 when it newly did. */
export function fastMark(id: i32): i32 {
  const rec = fastIpRecords() + id * R_IP;
  if (load<i32>(rec, P_USED) != 1) return 0;
  store<i32>(rec, 2, P_USED);
  return 1;
}

/**
 * The IP ids of the claims fastMark() marked, in claim order, at fastRowList() (which fastRows() then reuses); returns
 * how many.
 */
export function fastMarkedList(): i32 {
  const recs = fastIpRecords();
  let n = 0;
  for (let j = 0; j < cCount; j++) {
    const ip = load<i32>(cList + j * 4);
    if (load<i32>(recs + ip * R_IP, P_USED) == 2) store<i32>(cListed + (n++) * 4, ip);
  }
  return n;
}

/**
 * From claim `from` on (in claim order), the claims whose IP fastMark() did not mark, as rows at fastRowArea() — at
 * most ROWS_BATCH (fastRowCount()). Returns the claim to go on from (fastClaims(): done). From 0, the totals and the
 * list start anew: they are of every row written since.
 */
export function fastRows(from: i32): i32 {
  const recs = fastIpRecords();
  const ids = fastRowIds();
  const bytes = rStride * 8;
  if (from == 0) {
    memory.fill(cTotals, 0, cWidth * 8);
    listedN = 0;
    rowsDone = 0;
  }
  let n = 0;
  let j = from;
  for (; j < cCount && n < ROWS_BATCH; j++) {
    const ip = load<i32>(cList + j * 4);
    const rec = recs + ip * R_IP;
    if (load<i32>(rec, P_USED) != 1) continue;
    let tls = load<i32>(rec, P_TLS);
    if (tls < 0 || tls >= cWidth) tls = 0;
    const code = load<i32>(cCodes + tls * 4);
    const m = <f64>load<i32>(rec, P_N);
    const last = load<f64>(rec, P_LAST);
    const row = cRows + n * bytes;
    memory.fill(row, 0, bytes);
    store<f64>(row + rSess * 8, m);
    store<f64>(row + rFirst * 8, load<f64>(rec, P_FIRST));
    store<f64>(row + rLast * 8, last);
    const v = code & (ROW_NONE | ROW_FAILED) ? -1 : code & 0xff;
    for (let k = 0; k < rVersions; k++) store<f64>(row + (rVl + k) * 8, k == v ? last : -Infinity);
    if (code & ROW_FAILED) store<f64>(row + rFail * 8, m);
    else if (code & ROW_NONE) store<f64>(row + rNoTls * 8, m);
    else {
      store<f64>(row + rTls * 8, m);
      if (v < rVersions) store<f64>(row + (rVc + v) * 8, m);
      if (code & ROW_SUITE) store<f64>(row + rSuite * 8, m);
    }
    const t = cTotals + tls * 8;
    store<f64>(t, load<f64>(t) + m);
    if (code & ROW_LISTED) store<i32>(cListed + (listedN++) * 4, rowsDone + n);
    store<i32>(ids + n * 4, ip);
    store<i32>(ids + (ROWS_BATCH + n) * 4, load<i32>(rec, P_NAME));
    store<i32>(ids + (2 * ROWS_BATCH + n) * 4, load<i32>(rec, P_CONN));
    store<i32>(ids + (3 * ROWS_BATCH + n) * 4, tls);
    n++;
  }
  rowsN = n;
  rowsDone += n;
  return j;
}

/** Hands session e to the parser (C_PROMOTE); its lines go to the parser from now on. */
function promote(e: i32, line: i32): void {
  recSession(C_PROMOTE, line, e);
  store<i32>(sAt(e), 1, 48);
}

/** Ends session mode for this file: every open session goes to the parser in start order (C_ADOPT). */
function leave(line: i32): void {
  let e = sHead;
  while (e >= 0) {
    recSession(C_ADOPT, line, e);
    e = load<i32>(sAt(e), 12);
  }
  memory.fill(sHash, 0, (sMask + 1) * 4);
  sHead = -1;
  sTail = -1;
  sOpen = 0;
  sHwm = 0;
  sFree = -1;
  fastOn = false;
}

/** Ends session mode for this file (the parser found a line it must read itself); returns the records written. */
export function fastLeave(out: i32): i32 {
  rOut = out;
  rN = 0;
  if (fastOn) leave(0);
  return rN;
}

/** At the end of a file: every open session ends, in start order (as ExchangeParser.end()); returns the records. */
export function fastEnd(out: i32): i32 {
  rOut = out;
  rN = 0;
  while (sHead >= 0) finish(sHead, 0);
  fastOn = false;
  return rN;
}

/**
 * Milliseconds since 1970 of Exchange's `yyyy-mm-ddThh:mm:ss.fffZ` day key and millisecond of the day (as dayKeyMs()
 * in src/logs/time.ts), or NaN where that takes another path (a month out of range, a year below 100).
 */
function tsOf(day: i32, ms: i32): f64 {
  const y = day / 10000;
  const m = (day / 100) % 100;
  const d = day % 100;
  if (m < 1 || m > 12 || y < 100) return NaN;
  const yy = y - (m <= 2 ? 1 : 0);
  const era = yy / 400;
  const yoe = yy - era * 400;
  const doy = (153 * ((m + 9) % 12) + 2) / 5 + d - 1;
  const doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return <f64>(era * 146097 + doe - 719468) * 86400000 + <f64>ms;
}

let tDay: i32 = 0;
let tMs: i32 = 0;
/** The time stamp of the line at ls in Exchange's own form `yyyy-mm-ddThh:mm:ss.fffZ`: tDay (yyyymmdd), tMs; else 0, 0. */
function lineTime(ls: i32, le: i32): void {
  tDay = 0;
  tMs = 0;
  if (ls + 24 <= le && at(ls + 4) == 45 && at(ls + 7) == 45 && at(ls + 19) == 46 && at(ls + 23) == 90) {
    const y = digits(ls, 4), mo = digits(ls + 5, 2), dd = digits(ls + 8, 2);
    const h = digits(ls + 11, 2), mi = digits(ls + 14, 2), se = digits(ls + 17, 2), ms = digits(ls + 20, 3);
    if ((y | mo | dd | h | mi | se | ms) >= 0) {
      tDay = y * 10000 + mo * 100 + dd;
      tMs = ((h * 60 + mi) * 60 + se) * 1000 + ms;
    }
  }
}

/** Closes sessions that started more than an hour before `now`, and the oldest beyond MAX_OPEN (evict()). */
function evict(now: f64, line: i32): void {
  while (sHead >= 0) {
    const e = sHead;
    if (sOpen > MAX_OPEN || load<f64>(sAt(e), 24) < now - SESSION_TTL) finish(e, line);
    else break;
  }
}

/** Sets the start time and ids of new session e. */
function sInit(e: i32, day: i32, ms: i32, ts: f64, ip: i32, conn: i32, js: i32): void {
  const p = sAt(e);
  store<i32>(p, day, 16);
  store<i32>(p, ms, 20);
  store<f64>(p, ts, 24);
  store<i32>(p, ip, 32);
  store<i32>(p, 0, 36);
  store<i32>(p, conn, 40);
  store<i32>(p, -1, 44);
  store<i32>(p, js, 48);
}

/** `,TLS protocol` or `,"TLS protocol` at p. */
function tlsProtocolAt(p: i32): bool {
  const a = load<u64>(p);
  const b = load<u64>(p, 8);
  if (a == 0x6f727020534c542c && (b & 0xffffffffff) == 0x6c6f636f74) return true;
  return a == 0x727020534c54222c && (b & 0xffffffffffff) == 0x6c6f636f746f;
}

/**
 * The name id of the EHLO name [nameStart, nameEnd) of session p: the name its IP's last session gave when the bytes
 * are the same (kept in the IP's record), else from the names interner (then kept as the IP's last); -1 when not kept.
 */
function nameOf(p: i32): i32 {
  const n = nameEnd - nameStart;
  const rec = load<i32>(p, 52);
  if (rec != 0) {
    const last = load<i32>(rec, 8);
    if (last > 0 && load<i32>(rec, 12) == n) {
      const head = n < R_NAME_HEAD ? n : R_NAME_HEAD;
      if (memEq(rec + 48, nameStart, head) && (n <= R_NAME_HEAD || memEq(load<i32>(rec, 36) + R_NAME_HEAD - 16, nameStart + R_NAME_HEAD, n - R_NAME_HEAD)))
        return last;
    }
  }
  nameHash = quickHash(nameStart, nameEnd);
  const id = intern(T_NAME, nameStart, nameEnd, nameHash);
  if (id > 0 && rec != 0) {
    store<i32>(rec, id, 8);
    store<i32>(rec, n, 12);
    store<i32>(rec, load<i32>(lastRec, 4), 36);
    memory.copy(rec + 48, nameStart, n < R_NAME_HEAD ? n : R_NAME_HEAD);
  }
  return id;
}

/**
 * The remote's name in a `220` banner whose data starts at d (send logs), as ExchangeParser's bannerName(): after an
 * opening quote, false for Exchange's own `220 2.0.0` answer to STARTTLS; else the second space-separated token of the
 * rest of the line (empty when there is none, or when two spaces follow each other), without trailing `,` and `"`,
 * at most 255 bytes, in nameStart/nameEnd (hash in nameHash).
 */
function bannerName(d: i32, le: i32): bool {
  let v = d;
  if (at(v) == 34) v++;
  // `220 2.0.0`
  if (v + 9 <= le && at(v) == 50 && at(v + 1) == 50 && at(v + 2) == 48 && at(v + 3) == 32 && at(v + 4) == 50 && at(v + 5) == 46 && at(v + 6) == 48 && at(v + 7) == 46 && at(v + 8) == 48)
    return false;
  let a = v;
  while (a < le && at(a) != 32) a++;
  if (a >= le) {
    nameStart = le;
    nameEnd = le;
    nameHash = 0;
    return true;
  }
  a++;
  let b = a;
  while (b < le && at(b) != 32) b++;
  while (b > a && (at(b - 1) == 44 || at(b - 1) == 34)) b--;
  if (b - a > 255) b = a + 255;
  nameStart = a;
  nameEnd = b;
  nameHash = quickHash(a, b);
  return true;
}

/** The parser's reading of TLS text `id` (tlsStatus()): 0 not yet, 1 a success, 2 a line it cannot read, 3 a failure. */
function tlsStatusOf(id: i32): i32 {
  return load<i32>(tlsStatusAt(id));
}

/** `,TLS negotiation failed` or `,"TLS negotiation failed` at p (as failureAt()). */
function tlsFailedAt(p: i32): bool {
  const a = load<u64>(p);
  const b = load<u64>(p, 8);
  const c = load<u64>(p, 16);
  if (a == 0x67656e20534c542c && b == 0x6e6f69746169746f && (c & 0xffffffffffffff) == 0x64656c69616620) return true;
  return a == 0x656e20534c54222c && b == 0x6f69746169746f67 && c == 0x64656c696166206e;
}

/** `,TLS negotiation failed`, `,Failed to connect` or either quoted at p (bytes past the line compared as the parser does). */
function failureAt(p: i32): bool {
  const a = load<u64>(p);
  const b = load<u64>(p, 8);
  const c = load<u64>(p, 16);
  if (a == 0x67656e20534c542c && b == 0x6e6f69746169746f && (c & 0xffffffffffffff) == 0x64656c69616620) return true;
  if (a == 0x656e20534c54222c && b == 0x6f69746169746f67 && c == 0x64656c696166206e) return true;
  if (a == 0x2064656c6961462c && b == 0x656e6e6f63206f74 && (c & 0xffff) == 0x7463) return true;
  return a == 0x64656c696146222c && b == 0x6e6e6f63206f7420 && (c & 0xffffff) == 0x746365;
}

/**
 * One line of kind `kind` (not K_LONG) in session mode: what ExchangeParser.fastLine()/sessionFor() would do with it,
 * for sessions of this table, or the records that make the parser do it. Returns true when the batch is to end
 * after this line (the parser must act on it before the next: a line of another shape, a TLS text first seen).
 */
function fastLine(kind: i32, line: i32, ls: i32, le: i32, next: i32): bool {
  if (kind == K_SLOW) {
    recLine(kind, line, ls, le, next, -1, 0, -1);
    return true;
  }
  if (sidLower != 0) {
    leave(line);
    recLine(kind, line, ls, le, next, -1, 0, -1);
    return false;
  }
  let e = sFind(sidHi, sidLo);
  if (kind == K_CONNECT) {
    const ts = nameStart != 0 ? tsOf(nameStart, nameEnd) : NaN;
    if (ts != ts) {
      leave(line);
      recLine(kind, line, ls, le, next, -1, 0, -1);
      return false;
    }
    if (e >= 0) finish(e, line);
    const ip = intern(T_IP, ipStart, ipEnd, ipHash);
    const ipRec = ip > 0 ? lastRec : 0;
    // (a log has a few connectors: compared with the last one first, without a hash or a look-up)
    let conn: i32 = -1;
    if (at(gC1 + 1) != 34) {
      if (lastConn > 0 && sameText(T_CONN, lastConn, gC1 + 1, gC2)) conn = lastConn;
      else {
        conn = intern(T_CONN, gC1 + 1, gC2, quickHash(gC1 + 1, gC2));
        if (conn > 0) lastConn = conn;
      }
    }
    e = sAdd(sidHi, sidLo);
    if (e < 0) {
      leave(line);
      recLine(kind, line, ls, le, next, -1, 0, -1);
      return false;
    }
    const js = ip < 0 || conn < 0 ? 1 : 0;
    sInit(e, nameStart, nameEnd, ts, ip, conn, js);
    store<i32>(sAt(e), ipRec, 52);
    if (js != 0) recLine(kind, line, ls, le, next, e, 1, -1);
    evict(ts, line);
    return false;
  }
  if (kind == K_DISCONNECT) {
    if (e >= 0) finish(e, line);
    return false;
  }
  if (e < 0) {
    // a session whose `+` line is not in this file: the parser opens it from this line
    lineTime(ls, le);
    const ts = tDay != 0 ? tsOf(tDay, tMs) : NaN;
    if (ts == ts) e = sAdd(sidHi, sidLo);
    if (e < 0) {
      leave(line);
      recLine(kind, line, ls, le, next, -1, 0, -1);
      return false;
    }
    sInit(e, tDay, tMs, ts, -1, -1, 1);
    recLine(kind, line, ls, le, next, e, 2, -1);
    return false;
  }
  const p = sAt(e);
  if (load<i32>(p, 48) != 0) {
    recLine(kind, line, ls, le, next, e, 0, -1);
    return false;
  }
  if (kind == K_EHLO || kind == K_BANNER) {
    if (load<i32>(p, 36) != 0) return false;
    // a banner's name (bannerName() in src/logs/exchange.ts), in the name fields as an EHLO line's
    if (kind == K_BANNER && !bannerName(gRemoteEnd + 3, le)) return false;
    if (nameEnd == nameStart) return false;
    const id = nameOf(p);
    if (id > 0) {
      store<i32>(p, id, 36);
      return false;
    }
  } else if (kind == K_STAR) {
    const d = gRemoteEnd + 3;
    const ok = tlsProtocolAt(d);
    // a TLS success or a TLS negotiation failure whose text the parser has read is kept as the session's TLS text:
    // successes (the last one counts, as the parser reads them) or one failure; a failure with another TLS text before
    // or after it goes to the parser
    if (ok || tlsFailedAt(d)) {
      const had = load<i32>(p, 44);
      // (most TLS lines of a log repeat the one before: compared with it first, without a hash or a look-up)
      let id: i32;
      if (lastTls > 0 && sameText(T_TLS, lastTls, d, le)) {
        id = lastTls;
        added = false;
      } else {
        id = intern(T_TLS, d, le, starHash(d, le));
        if (id > 0) lastTls = id;
      }
      if (id > 0 && tlsStatusOf(id) == (ok ? 1 : 3) && (had < 0 || (ok && tlsStatusOf(had) == 1))) {
        store<i32>(p, id, 44);
        return false;
      }
      promote(e, line);
      recLine(kind, line, ls, le, next, e, 0, added ? id : -1);
      return added;
    }
    // a failed connection goes to the parser; any other `*` line does nothing (as in fastLine())
    if (!failureAt(d)) return false;
  }
  promote(e, line);
  recLine(kind, line, ls, le, next, e, 0, -1);
  return false;
}
