// Property-based: arbitrary bytes and mangled fixtures never crash the parser or the audit; bad input is EINPUT (exit 2).
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { isMailtlsError } from '../../src/errors.js';
import { auditRegistry, parseRegistryInput } from '../../src/registry/audit.js';
import { parseRegQueryText } from '../../src/registry/parse-query.js';
import { parseRegText } from '../../src/registry/parse-reg.js';
import { allFixtures, fixtureBytes } from './helpers.js';

const RUNS = Number(process.env.FUZZ_RUNS ?? 300);

/** Parses and audits; returns 'ok' or 'einput'; anything else (a crash) fails the property. */
function judge(bytes: Uint8Array): 'ok' | 'einput' {
  try {
    const src = parseRegistryInput(bytes, 'fuzz.reg');
    const r = auditRegistry(src);
    JSON.stringify(r);
    auditRegistry(src, { os: '2008r2', disableLegacy: true, lang: 'nl' });
    return 'ok';
  } catch (e) {
    if (isMailtlsError(e) && e.code === 'EINPUT' && !e.message.includes('\n')) return 'einput';
    throw e;
  }
}

const line = fc.oneof(
  fc.constantFrom(
    'Windows Registry Editor Version 5.00',
    'REGEDIT4',
    '',
    ';c',
    '@=-',
    '"Enabled"=-',
    '[-HKLM\\A]',
    '  00,01,\\',
    'End of search: 1 match(es) found.',
  ),
  fc
    .tuple(
      fc.constantFrom('[', '[-', '[ ', ''),
      fc.constantFrom('HKLM', 'HKEY_LOCAL_MACHINE', 'HKCU', 'HKXX', ''),
      fc.constantFrom('\\SYSTEM\\CurrentControlSet\\Control\\SecurityProviders\\SCHANNEL\\Protocols\\', '\\SOFTWARE\\Microsoft\\.NETFramework\\', '\\'),
      fc.constantFrom('TLS 1.2', 'TLS 1,2', 'TLS 1.3', 'Ciphers\\RC4 128', 'v4.0.30319', ''),
      fc.constantFrom('\\Client', '\\Server', '\\', ''),
      fc.constantFrom(']', '] "x"=dword:1', ''),
    )
    .map((p) => p.join('')),
  fc
    .tuple(
      fc.constantFrom('"Enabled"', '"DisabledByDefault"', '"SchUseStrongCrypto"', '"Functions"', '@', '"a\\"b"'),
      fc.constantFrom('=', ' = ', '=='),
      fc.constantFrom('dword:', 'dword:0x', 'hex:', 'hex(7):', 'hex(4):', 'hex(b):', '"', '-', 'str:'),
      fc.stringMatching(/^[0-9a-fA-F,\\ ;"]{0,20}$/),
    )
    .map((p) => p.join('')),
  fc
    .tuple(
      fc.constantFrom('    ', '\t'),
      fc.string({ maxLength: 10 }),
      fc.constantFrom('    REG_DWORD    ', '    REG_SZ    ', '    REG_MULTI_SZ    ', '    REG_BINARY    ', '    REG_QWORD    ', '    REG_'),
      fc.string({ maxLength: 12 }),
    )
    .map((p) => p.join('')),
  fc.string({ maxLength: 40 }),
);

const encode = fc.constantFrom<(t: string) => Buffer>(
  (t) => Buffer.from(t, 'utf8'),
  (t) => Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(t, 'utf16le')]),
  (t) => Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(t, 'utf8')]),
  (t) => Buffer.from(t, 'latin1'),
);

describe('never crashes', () => {
  it('on arbitrary bytes: parses or throws EINPUT with a one-line message', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 2000 }), (b) => {
        judge(b);
      }),
      { numRuns: RUNS * 3 },
    );
  });

  it('on arbitrary bytes behind each BOM', () => {
    const boms = [[0xff, 0xfe], [0xfe, 0xff], [0xef, 0xbb, 0xbf], []];
    fc.assert(
      fc.property(fc.constantFrom(...boms), fc.uint8Array({ maxLength: 1000 }), (bom, b) => {
        judge(Buffer.concat([Buffer.from(bom), b]));
      }),
      { numRuns: RUNS * 2 },
    );
  });

  it('on grammar-shaped lines in every encoding, with CRLF, LF or CR', () => {
    fc.assert(
      fc.property(fc.array(line, { maxLength: 40 }), fc.constantFrom('\r\n', '\n', '\r'), encode, (lines, eol, enc) => {
        judge(enc(lines.join(eol)));
        // The two parsers on their own accept any text.
        parseRegText(lines.join(eol), 'x', 'utf-8');
        parseRegQueryText(lines.join(eol), 'x', 'utf-8');
      }),
      { numRuns: RUNS * 2 },
    );
  });

  it('on every fixture with bytes flipped, cut or duplicated', () => {
    const files = allFixtures().map(fixtureBytes);
    fc.assert(
      fc.property(fc.constantFrom(...files), fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { maxLength: 8 }), fc.nat(), (file, flips, cut) => {
        const b = Buffer.from(file);
        for (const [at, v] of flips) b[at % b.length] = v;
        judge(b);
        judge(b.subarray(0, cut % (b.length + 1)));
        judge(Buffer.concat([b, b]));
      }),
      { numRuns: RUNS },
    );
  });

  it('says "not a .reg file" for text that is neither format', () => {
    fc.assert(
      fc.property(
        fc.string({ minLength: 1, maxLength: 200 }).filter((s) => /^[a-z]/.test(s) && !s.includes('[') && !/^(hk|regedit|windows registry)/i.test(s)),
        (s) => {
          expect(judge(Buffer.from(s))).toBe('einput');
        },
      ),
      { numRuns: RUNS },
    );
  });
});
