// syslog time stamps: the per-day cache gives what Date.UTC gives for every field value, in any order of lines.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { syslogTime } from '../../src/logs/time.js';
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
