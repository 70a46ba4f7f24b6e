// audit → fix → merge → audit: for every fixture and Windows version, the fix leaves no error and changes nothing more.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { auditRegistry, parseRegFile } from '../../src/registry/audit.js';
import { hex7Lines, renderFixReg, writeFixPs1, writeFixReg } from '../../src/registry/fix.js';
import { OS_IDS, type OsId } from '../../src/registry/types.js';
import { FIXTURES, allFixtures, fixture, ps1ToSource } from './helpers.js';

const SCOPES: (OsId | null)[] = [null, ...OS_IDS];
const LEGACY_IDS = ['registry.legacy-protocol-enabled', 'registry.ssl-enabled', 'registry.weak-cipher-enabled', 'registry.weak-hash-enabled'];

describe('round trip', () => {
  for (const name of allFixtures()) {
    it(`${name}: merged with its .reg and .ps1 fix, no error is left, and a second fix is empty`, () => {
      for (const os of SCOPES) {
        for (const disableLegacy of [false, true]) {
          const input = fixture(name);
          const first = auditRegistry(input, { os, disableLegacy });
          const reg = parseRegFile(writeFixReg(first.fix, { os }), 'fix.reg');
          expect(reg.issues).toEqual([]);
          const after = auditRegistry([input, reg], { os, disableLegacy });
          const ctx = `${name} os=${os} disableLegacy=${disableLegacy}`;
          expect(
            after.findings.filter((f) => f.severity === 'error').map((f) => f.id),
            ctx,
          ).toEqual([]);
          expect(after.fix, ctx).toEqual([]);
          if (disableLegacy)
            expect(
              after.findings.filter((f) => LEGACY_IDS.includes(f.id)).map((f) => f.id),
              ctx,
            ).toEqual([]);
          // The PowerShell script makes exactly the same change.
          const ps = auditRegistry([input, ps1ToSource(writeFixPs1(first.fix, { os }))], { os, disableLegacy });
          const noSource = (x: unknown): unknown => JSON.parse(JSON.stringify(x, (k, v) => (k === 'source' ? null : v)));
          expect(noSource(ps.protocols), ctx).toEqual(noSource(after.protocols));
          expect(ps.dotnet, ctx).toEqual(after.dotnet);
          expect(
            ps.findings.filter((f) => f.severity === 'error'),
            ctx,
          ).toEqual([]);
        }
      }
    });
  }

  it('changes nothing that is already right (the fix of a healthy server is empty)', () => {
    const r = auditRegistry([fixture('export-2019-good.reg'), fixture('export-dotnet-good.reg')], { os: '2019' });
    expect(r.fix).toEqual([]);
    expect(renderFixReg(r.fix, { os: '2019' })).toBe(
      'Windows Registry Editor Version 5.00\r\n\r\n; mailtls registry fix for Windows Server 2019\r\n; Nothing to change.\r\n\r\n',
    );
  });

  it('only touches the values that are wrong (IIS Crypto TLS 1.2 at 0xffffffff stays as it is)', () => {
    const r = auditRegistry([fixture('iiscrypto-best-practices.reg')], { os: '2016' });
    expect(r.fix.every((c) => c.path.includes('.NETFramework'))).toBe(true);
    const half = auditRegistry([fixture('healthchecker-half-disabled.reg')], { os: '2016' });
    expect(half.fix.filter((c) => c.path.includes('TLS 1.2')).map((c) => [c.path.split('\\').pop(), c.name, c.dword])).toEqual([
      ['Client', 'DisabledByDefault', 0],
      ['Server', 'DisabledByDefault', 0],
    ]);
  });
});

describe('fix file format', () => {
  it('is UTF-16LE with BOM and CRLF, byte for byte the expected file for the Dutch article on 2008 R2', () => {
    const r = auditRegistry(fixture('dutch-article-lines.reg'), { os: '2008r2' });
    const got = writeFixReg(r.fix, {
      os: '2008r2',
      ignoredKeys: ['HKEY_LOCAL_MACHINE\\SYSTEM\\CurrentControlSet\\Control\\SecurityProviders\\SCHANNEL\\Protocols\\TLS 1,2'],
    });
    const want = readFileSync(join(FIXTURES, 'expected', 'dutch-article-lines.2008r2.fix.reg'));
    expect(got.equals(want)).toBe(true);
    expect([...got.subarray(0, 2)]).toEqual([0xff, 0xfe]);
    expect(got.subarray(2).toString('utf16le')).not.toMatch(/[^\r]\n/);
  });

  it('wraps hex(7) the way regedit does (80 columns, two-space continuation) and reads back the same strings', () => {
    const suites = ['TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384', 'TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256'];
    const lines = hex7Lines('"Functions"=hex(7):', suites);
    expect(lines[0]).toBe('"Functions"=hex(7):54,00,4c,00,53,00,5f,00,45,00,43,00,44,00,48,00,45,00,5f,00,\\');
    expect(lines.slice(1, -1).every((l) => l.startsWith('  ') && l.endsWith('\\') && l.length <= 80)).toBe(true);
    const r = auditRegistry(
      parseRegFile(
        renderFixReg([
          {
            path: 'SYSTEM\\CurrentControlSet\\Control\\Cryptography\\Configuration\\Local\\SSL\\00010002',
            name: 'Functions',
            kind: 'multi-sz',
            multi: suites,
            because: [],
          },
        ]),
        'x.reg',
      ),
      { os: '2019' },
    );
    expect(r.suiteOrder).toEqual({ where: 'local', suites });
  });

  it('appends the Exchange Online suites to a suite order without any, keeping the type (REG_MULTI_SZ)', () => {
    const r = auditRegistry(fixture('suite-order-local-no-eo.reg'), { os: '2019' });
    const c = r.fix.find((x) => x.name === 'Functions');
    expect(c?.kind).toBe('multi-sz');
    expect(c?.multi?.slice(0, 3)).toEqual([
      'TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384_P384',
      'TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256_P256',
      'TLS_DHE_RSA_WITH_AES_256_GCM_SHA384',
    ]);
  });

  it('the .ps1 writes through the 64-bit registry view and never through New-Item', () => {
    const r = auditRegistry(fixture('no-aes.reg'), { os: '2019', disableLegacy: true });
    const ps = writeFixPs1(r.fix, { os: '2019', lang: 'nl' });
    expect(ps).toContain('[Microsoft.Win32.RegistryView]::Registry64');
    expect(ps).not.toContain('New-Item');
    expect(ps).toContain("Set-MailtlsDword 'SYSTEM\\CurrentControlSet\\Control\\SecurityProviders\\SCHANNEL\\Ciphers\\AES 128/128' 'Enabled' 4294967295");
    expect(ps).toContain('Start de server opnieuw op');
  });
});
