// syslog time stamps: the per-day cache gives what Date.UTC gives for every field value, in any order of lines.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { dayKeyMs, syslogTime } from '../../src/logs/time.js';
import { RUNS } from '../fuzz/budget.js';

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const two = (n: number): string => String(n).padStart(2, '0');

describe('syslogTime', () => {
  it('equals Date.UTC(year, month, day, h, m, s) with the year rolled back for months after this one', () => {
    const stamp = fc.record({ mon: fc.nat(11), d: fc.integer({ min: 0, max: 99 }), h: fc.nat(99), mi: fc.nat(99), se: fc.nat(99), now: fc.nat(11) });
    fc.assert(
      fc.property(fc.array(stamp, { minLength: 1, maxLength: 20 }), (stamps) => {
        for (const t of stamps) {
          const s = `${MONTHS[t.mon]} ${t.d < 10 ? ` ${t.d}` : t.d} ${two(t.h)}:${two(t.mi)}:${two(t.se)} mx postfix/smtpd[1]: x`;
          const y = t.mon > t.now ? 2023 : 2024;
          expect(syslogTime(s, 2024, t.now)).toBe(Date.UTC(y, t.mon, t.d, t.h, t.mi, t.se));
        }
      }),
      { numRuns: RUNS * 3 },
    );
  });
});

describe('dayKeyMs', () => {
  it('equals Date.UTC(yyyy, mm - 1, dd) for every yyyymmdd key, odd months, days and years included', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 9999 }), fc.integer({ min: 0, max: 99 }), fc.integer({ min: 0, max: 99 }), (y, m, d) => {
        expect(dayKeyMs(y * 10000 + m * 100 + d)).toBe(Date.UTC(y, m - 1, d));
      }),
      { numRuns: RUNS * 10 },
    );
  });

  it('on the days around leap days, century years and month ends', () => {
    for (const y of [100, 1600, 1700, 1900, 1970, 1999, 2000, 2023, 2024, 2100, 2400, 9999])
      for (let m = 1; m <= 12; m++) for (const d of [0, 1, 28, 29, 30, 31, 32, 99]) expect(dayKeyMs(y * 10000 + m * 100 + d)).toBe(Date.UTC(y, m - 1, d));
  });
});
