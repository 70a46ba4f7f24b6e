// Cheap timestamp readers for log lines (ISO 8601, Exim, syslog without a year), straight from bytes or strings.

const MONTHS: Record<string, number> = {
  Jan: 0,
  Feb: 1,
  Mar: 2,
  Apr: 3,
  May: 4,
  Jun: 5,
  Jul: 6,
  Aug: 7,
  Sep: 8,
  Oct: 9,
  Nov: 10,
  Dec: 11,
};

let dayCacheKey = -1;
let dayCacheMs = 0;

/** Digits at s[i..i+n) as a number, NaN when any is not a digit. */
function num(s: string, i: number, n: number): number {
  let v = 0;
  for (let k = i; k < i + n; k++) {
    const d = s.charCodeAt(k) - 48;
    if (d < 0 || d > 9) return NaN;
    v = v * 10 + d;
  }
  return v;
}

/** `yyyy-mm-ddThh:mm:ss[.fff][Z|±hh:mm]` or `yyyy-mm-dd hh:mm:ss [±hhmm]` at s[i..]; zone-less times are UTC. NaN if none. */
export function isoAt(s: string, i = 0): number {
  const y = num(s, i, 4),
    mo = num(s, i + 5, 2),
    d = num(s, i + 8, 2);
  const h = num(s, i + 11, 2),
    mi = num(s, i + 14, 2),
    se = num(s, i + 17, 2);
  if (s.charCodeAt(i + 4) !== 45 || s.charCodeAt(i + 7) !== 45 || Number.isNaN(y + mo + d + h + mi + se)) return NaN;
  const key = y * 10000 + mo * 100 + d;
  if (key !== dayCacheKey) {
    dayCacheKey = key;
    dayCacheMs = Date.UTC(y, mo - 1, d);
  }
  let t = dayCacheMs + ((h * 60 + mi) * 60 + se) * 1000;
  let j = i + 19;
  if (s.charCodeAt(j) === 46) {
    // fraction: take milliseconds
    let k = j + 1,
      ms = 0,
      digits = 0;
    for (; k < s.length; k++) {
      const c = s.charCodeAt(k) - 48;
      if (c < 0 || c > 9) break;
      if (digits < 3) {
        ms = ms * 10 + c;
        digits++;
      }
    }
    while (digits < 3) {
      ms *= 10;
      digits++;
    }
    t += ms;
    j = k;
  }
  // zone: Z, ±hh:mm, ±hhmm, or " ±hhmm" (Exim)
  let z = s.charCodeAt(j);
  if (z === 32 && (s.charCodeAt(j + 1) === 43 || s.charCodeAt(j + 1) === 45)) {
    j++;
    z = s.charCodeAt(j);
  }
  if (z === 43 || z === 45) {
    const oh = num(s, j + 1, 2);
    const om = s.charCodeAt(j + 3) === 58 ? num(s, j + 4, 2) : num(s, j + 3, 2);
    if (!Number.isNaN(oh + om)) t -= (z === 43 ? 1 : -1) * (oh * 60 + om) * 60000;
  }
  return t;
}

/** Syslog `Mmm dd hh:mm:ss` (no year, local time taken as UTC) at the start of s; NaN if none. */
export function syslogTime(s: string, year: number, nowMonth: number): number {
  const mon = MONTHS[s.slice(0, 3)];
  if (mon === undefined || s.charCodeAt(3) !== 32) return NaN;
  const d = s.charCodeAt(4) === 32 ? num(s, 5, 1) : num(s, 4, 2);
  const h = num(s, 7, 2),
    mi = num(s, 10, 2),
    se = num(s, 13, 2);
  if (Number.isNaN(d + h + mi + se)) return NaN;
  return syslogMs(year, nowMonth, mon, d, h, mi, se);
}

/**
 * The time of a syslog stamp's fields: a month after the current one belongs to last year (logs are not from the
 * future). Date.UTC(y, mon, d, h, mi, se) is the day's start plus the time of day (ECMAScript MakeDate is linear): the
 * day is worked out once per day, not per line.
 */
function syslogMs(year: number, nowMonth: number, mon: number, d: number, h: number, mi: number, se: number): number {
  const y = mon > nowMonth ? year - 1 : year;
  const key = (y * 12 + mon) * 100 + d;
  if (key !== syslogDayKey) {
    syslogDayKey = key;
    syslogDayMs = Date.UTC(y, mon, d);
  }
  return syslogDayMs + ((h * 60 + mi) * 60 + se) * 1000;
}
let syslogDayKey = NaN;
let syslogDayMs = 0;

/**
 * Date.UTC() of a day given as yyyy * 10000 + mm * 100 + dd (the scanner's form). Worked out on every call, without a
 * cache: the steps are the same for every line, so the compiled code of the parser's hot loop has none that first runs
 * when the day changes (and is thrown away there). Months outside 1-12 and years below 100 (which Date.UTC takes as
 * 1900-1999) go to Date.UTC itself.
 */
export function dayKeyMs(key: number): number {
  const y = Math.floor(key / 10000);
  const m = Math.floor(key / 100) % 100;
  const d = key % 100;
  if (m < 1 || m > 12 || y < 100) return Date.UTC(y, m - 1, d);
  // days since 1970-01-01 of the proleptic Gregorian date (H. Hinnant's days_from_civil), the day of the month linear
  // as in Date.UTC (day 0 is the last of the month before, day 31 of a 30-day month the first of the next)
  const yy = y - (m <= 2 ? 1 : 0);
  const era = Math.floor(yy / 400);
  const yoe = yy - era * 400;
  const doy = Math.floor((153 * ((m + 9) % 12) + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return (era * 146097 + doe - 719468) * 86_400_000;
}

/** A byte of buf[0..end), or -1 past `end` (so reads past the line end fail like charCodeAt past a string's end). */
function byteAt(buf: Uint8Array, k: number, end: number): number {
  return k < end ? (buf[k] as number) : -1;
}

/** Digits at buf[i..i+n) (bounded by `end`) as a number, NaN when any is not a digit. */
function numB(buf: Uint8Array, i: number, n: number, end: number): number {
  let v = 0;
  for (let k = i; k < i + n; k++) {
    const d = byteAt(buf, k, end) - 48;
    if (d < 0 || d > 9) return NaN;
    v = v * 10 + d;
  }
  return v;
}

/** isoAt() over the bytes of a line buf[i..end): the same result as isoAt(buf.toString('latin1', i, end), 0). */
export function isoAtBytes(buf: Uint8Array, i: number, end: number): number {
  const y = numB(buf, i, 4, end),
    mo = numB(buf, i + 5, 2, end),
    d = numB(buf, i + 8, 2, end);
  const h = numB(buf, i + 11, 2, end),
    mi = numB(buf, i + 14, 2, end),
    se = numB(buf, i + 17, 2, end);
  if (byteAt(buf, i + 4, end) !== 45 || byteAt(buf, i + 7, end) !== 45 || Number.isNaN(y + mo + d + h + mi + se)) return NaN;
  const key = y * 10000 + mo * 100 + d;
  if (key !== dayCacheKey) {
    dayCacheKey = key;
    dayCacheMs = Date.UTC(y, mo - 1, d);
  }
  let t = dayCacheMs + ((h * 60 + mi) * 60 + se) * 1000;
  let j = i + 19;
  if (byteAt(buf, j, end) === 46) {
    let k = j + 1,
      ms = 0,
      digits = 0;
    for (; k < end; k++) {
      const c = (buf[k] as number) - 48;
      if (c < 0 || c > 9) break;
      if (digits < 3) {
        ms = ms * 10 + c;
        digits++;
      }
    }
    while (digits < 3) {
      ms *= 10;
      digits++;
    }
    t += ms;
    j = k;
  }
  let z = byteAt(buf, j, end);
  if (z === 32 && (byteAt(buf, j + 1, end) === 43 || byteAt(buf, j + 1, end) === 45)) {
    j++;
    z = byteAt(buf, j, end);
  }
  if (z === 43 || z === 45) {
    const oh = numB(buf, j + 1, 2, end);
    const om = byteAt(buf, j + 3, end) === 58 ? numB(buf, j + 4, 2, end) : numB(buf, j + 3, 2, end);
    if (!Number.isNaN(oh + om)) t -= (z === 43 ? 1 : -1) * (oh * 60 + om) * 60000;
  }
  return t;
}

/** Month index of the three bytes at buf[i..i+3) (`Jan`…`Dec`), -1 when none. */
function monthB(buf: Uint8Array, i: number): number {
  const a = buf[i] as number,
    b = buf[i + 1] as number,
    c = buf[i + 2] as number;
  switch (a) {
    case 74: // J
      return b === 97 && c === 110 ? 0 : b === 117 ? (c === 110 ? 5 : c === 108 ? 6 : -1) : -1;
    case 70: // F
      return b === 101 && c === 98 ? 1 : -1;
    case 77: // M
      return b === 97 ? (c === 114 ? 2 : c === 121 ? 4 : -1) : -1;
    case 65: // A
      return b === 112 && c === 114 ? 3 : b === 117 && c === 103 ? 7 : -1;
    case 83: // S
      return b === 101 && c === 112 ? 8 : -1;
    case 79: // O
      return b === 99 && c === 116 ? 9 : -1;
    case 78: // N
      return b === 111 && c === 118 ? 10 : -1;
    case 68: // D
      return b === 101 && c === 99 ? 11 : -1;
    default:
      return -1;
  }
}

/** syslogTime() over the bytes of a line buf[i..end): the same result as syslogTime(buf.toString('latin1', i, end), …). */
export function syslogTimeBytes(buf: Uint8Array, i: number, end: number, year: number, nowMonth: number): number {
  const mon = end - i >= 3 ? monthB(buf, i) : -1;
  if (mon < 0 || byteAt(buf, i + 3, end) !== 32) return NaN;
  const d = byteAt(buf, i + 4, end) === 32 ? numB(buf, i + 5, 1, end) : numB(buf, i + 4, 2, end);
  const h = numB(buf, i + 7, 2, end),
    mi = numB(buf, i + 10, 2, end),
    se = numB(buf, i + 13, 2, end);
  if (Number.isNaN(d + h + mi + se)) return NaN;
  return syslogMs(year, nowMonth, mon, d, h, mi, se);
}
