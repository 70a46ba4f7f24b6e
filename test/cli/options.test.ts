// The shared option vocabulary (src/net/options.ts) and the progress line: durations, ports, host names, resolvers.
import { describe, expect, it, onTestFinished } from 'vitest';
import { MAX_TIMER_MS, parseChoice, parseDuration, parseHostName, parseInteger, parseName, parsePort, parseResolver } from '../../src/net/options.js';
import { Progress } from '../../src/cli/output.js';

describe('durations', () => {
  it('reads units and plain seconds', () => {
    expect(parseDuration('10s', '--t')).toBe(10_000);
    expect(parseDuration('500ms', '--t')).toBe(500);
    expect(parseDuration('5m', '--t')).toBe(300_000);
    expect(parseDuration('2h', '--t')).toBe(7_200_000);
    expect(parseDuration('30', '--t')).toBe(30_000);
    expect(parseDuration('1.5', '--t')).toBe(1500);
    expect(parseDuration('24d', '--t')).toBe(24 * 86_400_000);
  });
  it('refuses what Node timers would overflow (2^31-1 ms) and nonsense', () => {
    expect(() => parseDuration('720h', '--duration')).toThrow(/--duration must be from 1ms to 2147483647ms/);
    expect(() => parseDuration(String(MAX_TIMER_MS / 1000 + 1), '--t')).toThrow();
    expect(parseDuration(`${MAX_TIMER_MS}ms`, '--t')).toBe(MAX_TIMER_MS);
    for (const bad of ['', 'abc', '0', '-5s', '10 parsecs', '1e9', 'Infinity', 'NaN', '10s5']) expect(() => parseDuration(bad, '--t'), bad).toThrow(/--t/);
    expect(() => parseDuration('99999999', '--timeout', 'en', { maxMs: 600_000 })).toThrow(/to 10m/);
  });
  it('speaks Dutch', () => {
    expect(() => parseDuration('abc', '--t', 'nl')).toThrow(/verwacht een tijd/);
  });
});

describe('ports, counts, names', () => {
  it('ports 1-65535 (0 only for a listener)', () => {
    expect(parsePort('25', '--port', 'en')).toBe(25);
    expect(parsePort('0', '--listen', 'en', true)).toBe(0);
    for (const bad of ['0', '65536', '-1', '2.5', 'abc', '', '0x19']) expect(() => parsePort(bad, '--port', 'en'), bad).toThrow(/--port/);
  });
  it('counts are whole numbers in range', () => {
    expect(parseInteger('3', '--n', 'en', 1, 5)).toBe(3);
    for (const bad of ['0', '6', '1.5', 'x', '', '1e3']) expect(() => parseInteger(bad, '--n', 'en', 1, 5), bad).toThrow();
  });
  it('host names never carry CR, LF or spaces onto the wire', () => {
    for (const ok of ['mx.example.com', 'mx1', 'a-b.example', 'x_y.example', '[192.0.2.1]', '[IPv6:2001:db8::1]', 'mx.example.com.'])
      expect(parseHostName(ok, '--ehlo', 'en')).toBe(ok);
    for (const bad of ['mx example', 'mx\r\nRSET', 'mx\n', '', '-mx', 'a'.repeat(64) + '.example', '[300.1.1.1]', 'mx;rm', 'mx\u200b.example'])
      expect(() => parseHostName(bad, '--ehlo', 'en'), JSON.stringify(bad)).toThrow(/--ehlo/);
  });
  it('resolvers are addresses, with an optional port', () => {
    for (const ok of ['192.0.2.53', '192.0.2.53:5353', '[2001:db8::53]:53', '::1']) expect(parseResolver(ok, '--resolver', 'en')).toBe(ok);
    for (const bad of ['abc', 'dns.example', '192.0.2.53:0', '192.0.2.53:99999', '1.2.3'])
      expect(() => parseResolver(bad, '--resolver', 'en'), bad).toThrow(/--resolver/);
  });
  it('choices and queue names', () => {
    expect(parseChoice('csv', '--export', 'en', ['json', 'csv'] as const)).toBe('csv');
    expect(() => parseChoice('xml', '--export', 'en', ['json', 'csv'] as const)).toThrow(/json, csv/);
    expect(parseName('mailtls-scan', '--queue-name', 'en')).toBe('mailtls-scan');
    for (const bad of ['a:b', 'a b', '', 'x\n', 'x'.repeat(101)]) expect(() => parseName(bad, '--queue-name', 'en')).toThrow();
  });
});

describe('progress line', () => {
  const capture = (): { lines: string[]; stream: NodeJS.WriteStream } => {
    const lines: string[] = [];
    return {
      lines,
      stream: {
        isTTY: true,
        write: (s: string) => {
          lines.push(s);
          return true;
        },
      } as unknown as NodeJS.WriteStream,
    };
  };
  it('never shows 1/0 when the total is not known, and carries its unit', () => {
    // The bar is drawn only on a TTY outside CI (CI=true turns it off): this test is about the drawing.
    const ci = process.env.CI;
    delete process.env.CI;
    onTestFinished(() => {
      if (ci !== undefined) process.env.CI = ci;
    });
    const { lines, stream } = capture();
    const p = new Progress(0, 'probe', stream, 'hosts');
    p.update(1);
    expect(lines.join('')).not.toMatch(/\d+\/0\b/);
    expect(lines.join('')).toMatch(/probe 1 hosts/);
    const q = new Progress(40, 'scan', stream, 'hosts');
    q.update(12);
    expect(lines.at(-1)).toMatch(/12\/40 hosts .* ETA \d+ s/);
  });
});
