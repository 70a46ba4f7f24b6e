// The real corpus (test/fixtures/real/registry, sources in SOURCES.md): for each file, what it sets and what the audit says.
import { readFileSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { auditRegistry, parseRegistryInput } from '../../src/registry/audit.js';
import type { AuditResult, RegSource } from '../../src/registry/types.js';

const DIR = fileURLToPath(new URL('../fixtures/real/registry/', import.meta.url));
const load = (f: string): { src: RegSource; r: AuditResult } => {
  const src = parseRegistryInput(readFileSync(DIR + f), f);
  return { src, r: auditRegistry(src, { os: '2019' }) };
};
/** "Enabled/DisabledByDefault" of one side, "-" for not set. */
const side = (r: AuditResult, p: keyof AuditResult['protocols'], s: 'client' | 'server'): string =>
  `${r.protocols[p][s].enabled ?? '-'}/${r.protocols[p][s].disabledByDefault ?? '-'}`;
const ids = (r: AuditResult): string[] => r.findings.map((f) => f.id);
const issueKinds = (src: RegSource): string[] => [...new Set(src.issues.map((i) => i.kind))].sort();
const net4 = (r: AuditResult) => r.dotnet['v4.0.30319'];
const FFFF = 0xffffffff;

describe('real registry inputs', () => {
  it('every file in the corpus has its source in SOURCES.md and a test here', () => {
    const files = readdirSync(DIR).filter((f) => f !== 'SOURCES.md');
    const sources = readFileSync(DIR + 'SOURCES.md', 'utf8');
    const here = readFileSync(fileURLToPath(import.meta.url), 'utf8');
    expect(files.length).toBeGreaterThanOrEqual(20);
    for (const f of files) {
      expect(sources, f).toContain(`| ${f} |`);
      expect(here, f).toContain(`'${f}'`);
    }
  });

  it('bwilli-enable-tls12.ps1: Set-ItemProperty with en-dash –Type sets TLS 1.2 Client and Server to Enabled=1, DisabledByDefault=0', () => {
    const { src, r } = load('bwilli-enable-tls12.ps1');
    expect(src.format).toBe('ps1');
    expect([side(r, 'TLS 1.2', 'client'), side(r, 'TLS 1.2', 'server')]).toEqual(['1/0', '1/0']);
    expect(src.issues).toEqual([]);
    expect(ids(r)).toContain('registry.script.state-after');
  });

  it('bwilli-disable-tls10.ps1: TLS 1.0 off on both sides (Enabled=0, DisabledByDefault=1); TLS 1.1 still on', () => {
    const { r } = load('bwilli-disable-tls10.ps1');
    expect([side(r, 'TLS 1.0', 'client'), side(r, 'TLS 1.0', 'server')]).toEqual(['0/1', '0/1']);
    expect(r.protocols['TLS 1.0'].effective).toBe('disabled');
    expect(r.findings.find((f) => f.id === 'registry.legacy-protocol-enabled')?.message).toContain('TLS 1.1');
  });

  it('bwilli-enable-tls10.ps1: despite the repository name, it sets TLS 1.0 Enabled=1, DisabledByDefault=0', () => {
    const { r } = load('bwilli-enable-tls10.ps1');
    expect([side(r, 'TLS 1.0', 'client'), side(r, 'TLS 1.0', 'server')]).toEqual(['1/0', '1/0']);
  });

  it('dirtydabe-Configure-TLS.ps1: –PropertyType (en dash) read; TLS 1.2 on, an HTTP value outside what mailtls judges', () => {
    const { src, r } = load('dirtydabe-Configure-TLS.ps1');
    expect([side(r, 'TLS 1.2', 'client'), side(r, 'TLS 1.2', 'server')]).toEqual(['1/0', '1/0']);
    expect(src.ops.some((o) => o.op === 'set' && o.value.name === 'EnableHttp3')).toBe(true);
  });

  it("enginsight-setup.ps1: SSL 3.0/TLS 1.0 Server Enabled=0, Client DisabledByDefault=1 (HealthChecker: Misconfigured); 'RC4 40/128' split by New-Item", () => {
    const { r } = load('enginsight-setup.ps1');
    expect([side(r, 'TLS 1.0', 'client'), side(r, 'TLS 1.0', 'server')]).toEqual(['-/1', '0/-']);
    expect(r.protocols['TLS 1.0'].effective).toBe('misconfigured');
    expect(r.findings.filter((f) => f.id === 'registry.no-effect.nested-key').map((f) => f.params?.key)).toContain(
      'HKEY_LOCAL_MACHINE\\SYSTEM\\CurrentControlSet\\Control\\SecurityProviders\\SCHANNEL\\Ciphers\\RC4 40\\128',
    );
  });

  it('gholliday-tls-checksettings.cmd: only reads (reg query, Get-ItemProperty): changes nothing, and says so', () => {
    const { src, r } = load('gholliday-tls-checksettings.cmd');
    expect(src.format).toBe('cmd');
    expect(src.ops).toEqual([]);
    expect(ids(r)).toEqual(expect.arrayContaining(['registry.script.no-change', 'registry.script.not-evaluated']));
  });

  it('gholliday-tls1-defaulttlsversions.cmd: SystemDefaultTlsVersions=1 in both views (/reg:64, /reg:32), SchUseStrongCrypto untouched', () => {
    const { r } = load('gholliday-tls1-defaulttlsversions.cmd');
    expect(net4(r)).toEqual({
      '64-bit': { SystemDefaultTlsVersions: 1, SchUseStrongCrypto: null },
      '32-bit': { SystemDefaultTlsVersions: 1, SchUseStrongCrypto: null },
    });
    expect(r.dotnet['v2.0.50727']['32-bit'].SystemDefaultTlsVersions).toBe(1);
    expect(ids(r)).toContain('registry.dotnet-strong-crypto');
    expect(ids(r)).not.toContain('registry.dotnet-system-default-tls-versions');
  });

  it('gholliday-tls1-disable-protocols.cmd: TLS 1.0 and 1.1 Enabled=0 on both sides, TLS 1.2 left to Windows', () => {
    const { r } = load('gholliday-tls1-disable-protocols.cmd');
    expect(['TLS 1.0', 'TLS 1.1'].map((p) => r.protocols[p as 'TLS 1.0'].effective)).toEqual(['disabled', 'disabled']);
    expect(ids(r)).toContain('registry.tls12-relies-on-default');
  });

  it('gholliday-tls1-revert-protocols.cmd and -revert-defaulttlsversions.cmd: reg delete only, so the state is the default', () => {
    for (const f of ['gholliday-tls1-revert-protocols.cmd', 'gholliday-tls1-revert-defaulttlsversions.cmd']) {
      const { src, r } = load(f);
      expect(src.ops.filter((o) => o.op === 'delete-value')).toHaveLength(4);
      expect(src.ops.filter((o) => o.op === 'set')).toEqual([]);
      expect(ids(r)).toContain('registry.legacy-protocol-enabled');
    }
    const { src } = load('gholliday-tls1-revert-defaulttlsversions.cmd');
    expect(src.ops.map((o) => o.path)).toContain('HKEY_LOCAL_MACHINE\\SOFTWARE\\Wow6432Node\\Microsoft\\.NETFramework\\v4.0.30319');
  });

  it('igbaseline-regadd.bat: the SCHANNEL keys are not quoted, so reg.exe refuses all 12 TLS lines; nothing of TLS is changed', () => {
    const { src, r } = load('igbaseline-regadd.bat');
    const fails = src.issues.filter((i) => i.kind === 'command-fails');
    expect(fails.map((i) => i.line)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]);
    expect(fails[0]?.detail).toContain('double quotes');
    expect(['TLS 1.0', 'TLS 1.1', 'TLS 1.2'].map((p) => side(r, p as 'TLS 1.0', 'server'))).toEqual(['-/-', '-/-', '-/-']);
  });

  it('issue-azure-devops-tls12-1-listing.txt: Get-ChildItem listing; SSL 2.0 Enabled 4294967295 read as 0xffffffff on both sides', () => {
    const { src, r } = load('issue-azure-devops-tls12-1-listing.txt');
    expect(src.format).toBe('ps-listing');
    expect([side(r, 'SSL 2.0', 'client'), side(r, 'SSL 2.0', 'server')]).toEqual([`${FFFF}/0`, `${FFFF}/0`]);
    expect(src.ops.some((o) => o.op === 'set' && o.path.endsWith('PCT 1.0\\Client') && o.value.name === 'DisabledByDefault' && o.value.dword === 1)).toBe(true);
    // The excerpt ends with a lone "Name": reported, not dropped.
    expect(src.issues.map((i) => [i.kind, i.line])).toEqual([['invalid-line', 33]]);
    expect(ids(r)).toContain('registry.listing.types');
  });

  it('issue-lithnet-31-controlset002.reg.txt: ControlSet002 is audited (TLS 1.0 and SSL 3.0 off), and said to be', () => {
    const { src, r } = load('issue-lithnet-31-controlset002.reg.txt');
    expect(r.controlSet).toEqual({ audited: 'SYSTEM\\ControlSet002', chosenBy: 'only-one', notAudited: [] });
    expect([side(r, 'TLS 1.0', 'client'), side(r, 'TLS 1.0', 'server'), side(r, 'SSL 3.0', 'server')]).toEqual(['0/1', '0/1', '0/1']);
    expect(r.protocols['TLS 1.0'].effective).toBe('disabled');
    expect(issueKinds(src)).toEqual(['missing-header', 'value-outside-key']);
  });

  it('kazmierczak-Disable_SSL_1.0_2.0_3.0_RC4_3DES.ps1: cipher names with "/" become nested keys; a commented-out line is reported', () => {
    const { src, r } = load('kazmierczak-Disable_SSL_1.0_2.0_3.0_RC4_3DES.ps1');
    expect(r.findings.filter((f) => f.id === 'registry.no-effect.nested-key')).toHaveLength(4);
    expect(src.issues.map((i) => [i.kind, i.line])).toEqual([['commented-out', 31]]);
    expect(side(r, 'SSL 3.0', 'server')).toBe('0/-');
  });

  it('kazmierczak-Disable_TLS_1.0_1.1.ps1: Server side off; its Remove-Item aimed at the Enabled value removes nothing', () => {
    const { r } = load('kazmierczak-Disable_TLS_1.0_1.1.ps1');
    expect([side(r, 'TLS 1.0', 'server'), side(r, 'TLS 1.1', 'server')]).toEqual(['0/1', '0/1']);
    expect(r.findings.find((f) => f.id === 'registry.script.remove-item-value')?.source?.line).toBe(7);
    expect(ids(r)).toContain('registry.client-server-mismatch');
  });

  it('kazmierczak-Enable_tls_1.2.ps1: positional New-ItemProperty path; TLS 1.2 Server Enabled=1, DisabledByDefault=0', () => {
    const { r } = load('kazmierczak-Enable_tls_1.2.ps1');
    expect(side(r, 'TLS 1.2', 'server')).toBe('1/0');
  });

  it('kissima-tls12.ps1: the dash before PropertyType was lost (U+FFFD), so every New-ItemProperty fails; [Net.…] lines not evaluated', () => {
    const { src, r } = load('kissima-tls12.ps1');
    expect(src.issues.filter((i) => i.kind === 'command-fails').map((i) => i.line)).toEqual([13, 14, 15, 16]);
    expect(src.ops.filter((o) => o.op === 'set')).toEqual([]);
    expect(r.findings.filter((f) => f.id === 'registry.script.not-evaluated').map((f) => f.source?.line)).toEqual([2, 5, 7, 8]);
  });

  it('kschulenburg-StrongCrypto.ps1: both Set-ItemProperty lines are commented out: no change, and said so', () => {
    const { src, r } = load('kschulenburg-StrongCrypto.ps1');
    expect(src.issues.filter((i) => i.kind === 'commented-out').map((i) => i.line)).toEqual([4, 5]);
    expect(ids(r)).toContain('registry.script.no-change');
    expect(net4(r)['64-bit'].SchUseStrongCrypto).toBeNull();
  });

  it('mikiedan-EnableNuget.ps1: line 2 is [Net.ServicePointManager] (not evaluated); SchUseStrongCrypto=1 in both views', () => {
    const { src, r } = load('mikiedan-EnableNuget.ps1');
    expect(src.encoding).toBe('utf-8-bom');
    expect(net4(r)['64-bit'].SchUseStrongCrypto).toBe(1);
    expect(net4(r)['32-bit'].SchUseStrongCrypto).toBe(1);
    expect(r.findings.find((f) => f.id === 'registry.script.not-evaluated')?.source?.line).toBe(2);
  });

  it('navdocker-tls12.ps1: Set-ItemProperty -value 00000001 (no type: an Int32, so REG_DWORD 1) in the 64-bit view only', () => {
    const { r } = load('navdocker-tls12.ps1');
    expect(net4(r)).toEqual({
      '64-bit': { SystemDefaultTlsVersions: null, SchUseStrongCrypto: 1 },
      '32-bit': { SystemDefaultTlsVersions: null, SchUseStrongCrypto: null },
    });
    expect(r.findings.find((f) => f.id === 'registry.dotnet-strong-crypto')?.message).toContain('32-bit');
  });

  it('winsslconfig-DefaultConfig.iss: Inno Setup [Registry] read: $FFFFFFFF Server values, MD5 and RC4 on', () => {
    const { src, r } = load('winsslconfig-DefaultConfig.iss');
    expect(src.format).toBe('inno');
    expect([side(r, 'TLS 1.0', 'server'), side(r, 'SSL 3.0', 'server')]).toEqual([`${FFFF}/0`, `${FFFF}/0`]);
    expect(ids(r)).toEqual(
      expect.arrayContaining(['registry.ssl-enabled', 'registry.weak-hash-enabled', 'registry.weak-cipher-enabled', 'registry.script.state-after']),
    );
  });

  it('winsslconfig-WinSSLConfig.iss: each Functions line overwrites the last, leaving only TLS_RSA_WITH_3DES_EDE_CBC_SHA; Ciphers under HKLM\\CurrentControlSet go nowhere', () => {
    const { r } = load('winsslconfig-WinSSLConfig.iss');
    expect(r.suiteOrder).toEqual({ where: 'policy', suites: ['TLS_RSA_WITH_3DES_EDE_CBC_SHA'] });
    expect(ids(r)).toEqual(expect.arrayContaining(['registry.suite-order-no-eo-suite', 'registry.no-effect.wrong-hive']));
    expect([side(r, 'TLS 1.2', 'client'), side(r, 'TLS 1.2', 'server')]).toEqual(['1/0', `${FFFF}/0`]);
  });
});
