// Fuzzing the .reg / `reg query` parsers and the audit: the existing properties (test/registry/fuzz.test.ts, run here
// too so `npm run fuzz` covers them at FUZZ_RUNS) plus pathological sizes and sanitised findings.
import { afterAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { isMailtlsError } from '../../src/errors.js';
import { auditRegistry, parseRegistryInput } from '../../src/registry/audit.js';
import { UNSAFE } from '../hostile/results.js';
import { FUZZ_TIMEOUT_MS, RUNS, saveFuzz, timed } from './budget.js';
import '../registry/fuzz.test.js';

afterAll(() => saveFuzz('registry'));

const SCHANNEL = 'HKEY_LOCAL_MACHINE\\SYSTEM\\CurrentControlSet\\Control\\SecurityProviders\\SCHANNEL\\Protocols';

/** Parses and audits; EINPUT is an answer, anything else thrown fails. Findings must not carry control characters. */
function judge(b: Buffer): void {
  try {
    const r = auditRegistry(parseRegistryInput(b, 'fuzz.reg'));
    JSON.stringify(r, (_k, v: unknown) => {
      if (typeof v === 'string') expect(UNSAFE.test(v), `unsafe string: ${JSON.stringify(v).slice(0, 120)}`).toBe(false);
      return v;
    });
  } catch (e) {
    if (!(isMailtlsError(e) && e.code === 'EINPUT')) throw e;
  }
}

describe('fuzz: registry parsers, pathological inputs', () => {
  it(
    'huge lines, many keys, long hex continuations, control characters in names: bounded and sanitised',
    () => {
      const { fn } = timed('registry/parse-*.ts', 'pathological sizes + control chars in names', (kind: number, n: number, junk: string) => {
        const head = 'Windows Registry Editor Version 5.00\r\n\r\n';
        let text: string;
        if (kind === 0) text = `${head}[${SCHANNEL}\\TLS 1.2\\Client]\r\n"Enabled"=hex:${'00,'.repeat(n * 50)}00\r\n`;
        else if (kind === 1)
          text =
            head +
            Array.from(
              { length: Math.min(n, 5000) },
              (_, i) => `[${SCHANNEL}\\TLS 1.${i % 4}\\${i % 2 ? 'Client' : 'Server'}${junk}]\r\n"Enabled"=dword:0000000${i % 2}\r\n`,
            ).join('');
        else if (kind === 2) text = `${head}[${SCHANNEL}\\${junk}\\Client]\r\n"${junk}"=dword:00000001\r\n"DisabledByDefault"="${junk}"\r\n`;
        else text = `${head}[${SCHANNEL}\\TLS 1.2\\Client]\r\n"Enabled"=hex(7):${'41,00,\\\r\n  '.repeat(Math.min(n, 20_000))}00,00\r\n`;
        judge(Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]));
        judge(Buffer.from(text, 'utf8'));
      });
      const junk = fc.string({ maxLength: 30 }).map((s) => `${s}\x1b[31m\u202e\x07`);
      fc.assert(fc.property(fc.integer({ min: 0, max: 3 }), fc.integer({ min: 1, max: 20_000 }), junk, fn), { numRuns: Math.max(20, Math.ceil(RUNS / 10)) });
    },
    FUZZ_TIMEOUT_MS,
  );
});
