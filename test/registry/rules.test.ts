// Every rule against its fixture: the findings an admin should see, per Windows version, with file and line.
import { describe, expect, it } from 'vitest';
import { auditRegistry } from '../../src/registry/audit.js';
import type { AuditOptions } from '../../src/registry/audit.js';
import type { OsId } from '../../src/registry/types.js';
import { fixture } from './helpers.js';

const audit = (names: string[], opts: AuditOptions = {}) => auditRegistry(names.map(fixture), opts);
const ids = (names: string[], os?: OsId) => audit(names, { os: os ?? null }).findings.map((f) => f.id);
const errors = (names: string[], os?: OsId) =>
  audit(names, { os: os ?? null })
    .findings.filter((f) => f.severity === 'error')
    .map((f) => f.id);
const DOTNET = 'export-dotnet-good.reg';

describe('a healthy server', () => {
  it('has no findings on Server 2019 (official TLS 1.2 enable / TLS 1.0+1.1 disable, .NET in both views)', () => {
    const r = audit(['export-2019-good.reg', DOTNET], { os: '2019' });
    expect(r.findings).toEqual([]);
    expect(r.fix).toEqual([]);
    expect(r.protocols['TLS 1.2']).toMatchObject({ effective: 'enabled', client: { state: 'on' }, server: { state: 'on' } });
    expect(r.protocols['TLS 1.0'].effective).toBe('disabled');
    expect(r.protocols['TLS 1.3'].effective).toBe('not-supported');
    expect(r.protocols['SSL 2.0'].effective).toBe('not-supported');
  });

  it('without --os says where the verdict differs between versions', () => {
    const r = audit(['export-2019-good.reg', DOTNET]);
    expect(r.os).toBeNull();
    expect(r.protocols['TLS 1.3'].effective).toBe('depends-on-os');
    expect(r.protocols['TLS 1.3'].effectiveByOs).toMatchObject({ '2019': 'not-supported', '2022': 'enabled', '2025': 'enabled' });
    const tls13 = r.findings.find((f) => f.id === 'registry.tls13-on');
    expect(tls13).toMatchObject({ severity: 'info', os: ['2022', '2025'] });
    expect(tls13?.message).toContain('(only on Windows Server 2022, 2025)');
    expect(r.findings.filter((f) => f.severity === 'error')).toEqual([]);
  });
});

describe('breaks mail flow', () => {
  it('TLS 1.2 Client off → sending to Exchange Online fails with 421 4.4.2 SocketError', () => {
    const r = audit(['tls12-disabled.reg', DOTNET], { os: '2019' });
    const f = r.findings.find((x) => x.id === 'registry.tls12-client-disabled');
    expect(f).toMatchObject({ severity: 'error', group: 'breaks-mail-flow', source: { file: 'tls12-disabled.reg', line: 7 } });
    expect(f?.message).toContain('421 4.4.2 Connection dropped due to SocketError');
    expect(f?.message).toContain('Enabled=0, DisabledByDefault=1');
    expect(errors(['tls12-disabled.reg', DOTNET], '2019')).toEqual(['registry.tls12-client-disabled', 'registry.tls12-server-disabled']);
  });

  it('Client set but Server off → Exchange Online cannot deliver inbound', () => {
    expect(errors(['client-only.reg', DOTNET], '2019')).toEqual(['registry.tls12-server-disabled']);
    const m = audit(['client-only.reg', DOTNET], { os: '2019', lang: 'nl' }).findings[0]?.message;
    expect(m).toContain('Exchange Online kan niet via TLS bij deze server afleveren');
  });

  it('TLS 1.2 with DisabledByDefault=1 (HealthChecker Half Disabled) breaks both directions', () => {
    expect(errors(['healthchecker-half-disabled.reg', DOTNET], '2016')).toEqual([
      'registry.tls12-client-disabled-by-default',
      'registry.tls12-server-disabled-by-default',
    ]);
    expect(ids(['healthchecker-half-disabled.reg', DOTNET], '2016')).toContain('registry.enabled-ffffffff');
  });

  it('Server set but Client missing: fine where TLS 1.2 is on by default, broken on 2008 R2', () => {
    expect(errors(['healthchecker-misconfigured.reg', DOTNET], '2019')).toEqual([]);
    expect(errors(['healthchecker-misconfigured.reg', DOTNET], '2008r2')).toEqual(['registry.tls12-client-disabled']);
    const all = audit(['healthchecker-misconfigured.reg', DOTNET]);
    expect(all.findings.find((f) => f.id === 'registry.tls12-client-disabled')?.os).toEqual(['2008r2']);
    expect(all.protocols['TLS 1.2'].effectiveByOs?.['2008r2']).toBe('misconfigured');
  });

  it('.NET values missing or not 1 in either view (error for v4, warning for v2)', () => {
    const r = audit(['export-2019-good.reg', 'dotnet-partial.reg'], { os: '2019' });
    const v4 = r.findings.filter((f) => f.params?.version === 'v4.0.30319');
    expect(v4.map((f) => [f.id, f.severity, f.params?.values])).toEqual([
      ['registry.dotnet-system-default-tls-versions', 'error', '32-bit (Wow6432Node): not set'],
      ['registry.dotnet-strong-crypto', 'error', '64-bit: not set, 32-bit (Wow6432Node): not set'],
    ]);
    expect(r.findings.filter((f) => f.params?.version === 'v2.0.50727').every((f) => f.severity === 'warning' && f.group === 'risky')).toBe(true);
  });

  it('TLS 1.3 switched on: error before Server 2022, a note from 2022 on', () => {
    expect(errors(['tls13-enabled.reg', DOTNET], '2019')).toEqual(['registry.tls13-enabled-unsupported-os']);
    expect(errors(['tls13-enabled.reg', DOTNET], '2022')).toEqual([]);
    expect(ids(['tls13-enabled.reg', DOTNET], '2022').filter((i) => i !== 'registry.legacy-protocol-enabled')).toEqual(['registry.tls13-on']);
  });

  it('AES switched off leaves no suite Exchange Online accepts', () => {
    expect(errors(['no-aes.reg', DOTNET], '2019')).toEqual(['registry.no-eo-cipher']);
  });

  it('a suite order without any Exchange Online suite (local hex(7), also from REGEDIT4)', () => {
    expect(errors(['suite-order-local-no-eo.reg', DOTNET], '2019')).toEqual(['registry.suite-order-no-eo-suite']);
    const r = audit(['regedit4-ansi.reg', DOTNET], { os: '2012r2' });
    expect(r.suiteOrder).toEqual({ where: 'local', suites: ['TLS_DHE_RSA_WITH_AES_256_CBC_SHA', 'TLS_RSA_WITH_3DES_EDE_CBC_SHA', 'TLS_RSA_WITH_RC4_128_SHA'] });
    expect(r.findings.map((f) => f.id)).toEqual([
      'registry.suite-order-no-eo-suite',
      'registry.ssl-enabled',
      'registry.legacy-protocol-enabled',
      'registry.legacy-protocol-enabled',
      'registry.suite-order-weak-suite',
      'registry.tls12-relies-on-default',
    ]);
    // 2012 R2 names with _P384/_P256 count as the suites they are.
    expect(errors(['suite-order-local-2012r2.reg', DOTNET], '2012r2')).toEqual([]);
    expect(audit(['iiscrypto-suite-order.reg', DOTNET], { os: '2016' }).suiteOrder?.where).toBe('policy');
  });
});

describe('risky', () => {
  it('IIS Crypto Best Practices: 0xffffffff is on, TLS 1.0/1.1 are Half Disabled, TLS 1.2 fine', () => {
    const r = audit(['iiscrypto-best-practices.reg', DOTNET], { os: '2016' });
    expect(r.findings.map((f) => [f.id, f.params?.protocol ?? null])).toEqual([
      ['registry.half-disabled', 'TLS 1.0'],
      ['registry.half-disabled', 'TLS 1.1'],
      ['registry.enabled-ffffffff', null],
    ]);
    expect(r.findings[0]?.params).toEqual({ protocol: 'TLS 1.0', sides: 'Client and Server', values: 'Enabled=0xffffffff, DisabledByDefault=1' });
    expect(r.protocols['TLS 1.2'].client).toMatchObject({ enabled: 0xffffffff, state: 'on' });
    expect(r.ciphers['AES 128/128']).toBe(0xffffffff);
  });

  it('HealthChecker Misconfigured: TLS 1.0 Client on, Server off', () => {
    const r = audit(['healthchecker-misconfigured.reg', DOTNET], { os: '2019' });
    expect(r.protocols['TLS 1.0'].effective).toBe('misconfigured');
    expect(r.findings.map((f) => [f.id, f.params?.protocol ?? null, f.params?.sides ?? null])).toEqual([
      ['registry.client-server-mismatch', 'TLS 1.0', null],
      ['registry.legacy-protocol-enabled', 'TLS 1.0', 'Client'],
      ['registry.legacy-protocol-enabled', 'TLS 1.1', 'Client and Server'],
      ['registry.tls12-relies-on-default', null, 'Client'],
    ]);
  });

  it('TLS 1.0/1.1 still on is a warning, not an error', () => {
    const r = audit(['reg-query-schannel.txt', DOTNET], { os: '2019' });
    expect(r.findings.find((f) => f.id === 'registry.legacy-protocol-enabled')).toMatchObject({
      severity: 'warning',
      params: { protocol: 'TLS 1.0', sides: 'Client and Server' },
    });
  });

  it('weak ciphers, MD5, short DH keys and SSL 3.0 switched on', () => {
    const r = audit(['weak-ciphers.reg', DOTNET], { os: '2019' });
    expect(r.findings.map((f) => f.id)).toEqual([
      'registry.ssl-enabled',
      'registry.legacy-protocol-enabled',
      'registry.legacy-protocol-enabled',
      'registry.weak-cipher-enabled',
      'registry.weak-hash-enabled',
      'registry.dh-key-too-short',
      'registry.tls12-relies-on-default',
      'registry.enabled-ffffffff',
    ]);
    expect(r.findings[0]?.params).toEqual({ protocol: 'SSL 3.0', sides: 'Client and Server' });
    expect(r.findings[3]?.params?.names).toBe('RC4 128/128, Triple DES 168');
    expect(r.findings[5]?.params?.bits).toBe(1024);
  });

  it('WinHTTP DefaultSecureProtocols without 0x800', () => {
    const r = audit(['winhttp-no-tls12.reg', DOTNET], { os: '2012' });
    expect(r.findings.filter((f) => f.id.startsWith('registry.winhttp')).map((f) => [f.id, f.params])).toEqual([
      ['registry.winhttp-no-tls12', { value: '0xA0', views: '64-bit' }],
    ]);
    // Where the value is not set at all, 2008 R2 and 2012 get a note (KB3140245).
    expect(audit([DOTNET], { os: '2012' }).findings.map((f) => f.id)).toContain('registry.winhttp-default-no-tls12');
    expect(audit([DOTNET], { os: '2016' }).findings.map((f) => f.id)).not.toContain('registry.winhttp-default-no-tls12');
  });
});

describe('has no effect', () => {
  const noEffect = (names: string[], os: OsId = '2019') =>
    audit(names, { os })
      .findings.filter((f) => f.group === 'no-effect')
      .map((f) => [f.id, f.source?.line]);

  it("the Dutch article split into lines: 'TLS 1,2' and nine-digit DWORDs, with file and line", () => {
    expect(noEffect(['dutch-article-lines.reg'])).toEqual([
      ['registry.no-effect.comma-in-key', 3],
      ['registry.no-effect.dword-too-long', 5],
      ['registry.no-effect.dword-too-long', 6],
      ['registry.no-effect.dword-too-long', 8],
    ]);
    const r = audit(['dutch-article-lines.reg'], { os: '2008r2', lang: 'nl' });
    const comma = r.findings.find((f) => f.id === 'registry.no-effect.comma-in-key');
    expect(comma?.message).toMatch(/^dutch-article-lines\.reg:3: sleutel .*\\TLS 1,2 heeft een komma .* moet .*\\Protocols\\TLS 1\.2 zijn\.$/);
    // On 2008 R2 nothing the admin meant for the Client took effect, and the Server misses DisabledByDefault=0.
    expect(
      r.findings
        .filter((f) => f.severity === 'error')
        .map((f) => f.id)
        .slice(0, 2),
    ).toEqual(['registry.tls12-client-disabled', 'registry.tls12-server-disabled-by-default']);
  });

  it('the Dutch article pasted as one paragraph: nothing is imported', () => {
    expect(noEffect(['dutch-article-pasted.reg'])).toEqual([['registry.no-effect.key-and-value-one-line', 3]]);
    expect(errors(['dutch-article-pasted.reg', DOTNET], '2008r2')).toEqual(['registry.tls12-client-disabled', 'registry.tls12-server-disabled']);
  });

  it('PowerShell mistakes: U+2215, New-Item split at "/", a missing space, a REG_SZ "0"', () => {
    const r = audit(['powershell-mistakes.reg'], { os: '2019' });
    const ne = r.findings.filter((f) => f.group === 'no-effect');
    expect(ne.map((f) => [f.id, f.source?.line, f.params?.char ?? f.params?.type ?? null])).toEqual([
      ['registry.no-effect.unicode-lookalike', 5, 'U+2215'],
      ['registry.no-effect.nested-key', 10, null],
      ['registry.no-effect.unknown-name', 15, null],
      ['registry.no-effect.wrong-type', 23, 'REG_SZ'],
    ]);
    expect(ne[1]?.params?.expected).toMatch(/\\Ciphers\\RC4 128\/128$/);
    expect(ne[2]?.params?.expected).toMatch(/\\Protocols\\TLS 1\.2$/);
    // The REG_SZ "0" does not switch TLS 1.1 Server off.
    expect(r.protocols['TLS 1.1'].server).toMatchObject({ enabled: null, state: 'on' });
  });

  it('keys under the wrong hive', () => {
    const r = audit(['wrong-hive.reg'], { os: '2019' });
    expect(r.findings.filter((f) => f.group === 'no-effect').map((f) => [f.id, f.source?.line, f.params?.expected])).toEqual([
      ['registry.no-effect.wrong-hive', 3, 'HKEY_LOCAL_MACHINE\\SYSTEM\\CurrentControlSet\\Control\\SecurityProviders\\SCHANNEL'],
      ['registry.no-effect.wrong-hive', 7, 'HKEY_LOCAL_MACHINE\\SOFTWARE\\Microsoft\\.NETFramework'],
      ['registry.no-effect.wrong-hive', 10, 'HKEY_LOCAL_MACHINE\\SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\Internet Settings\\WinHttp'],
    ]);
    expect(r.findings.find((f) => f.source?.line === 7)?.params?.key).toBe('HKEY_LOCAL_MACHINE\\SYSTEM\\CurrentControlSet\\Control\\.NETFramework\\v4.0.30319');
    expect(r.protocols['TLS 1.2'].client.enabled).toBeNull();
  });

  it('key and value on one line: the value after the key is not set', () => {
    const r = audit(['key-value-one-line.reg', DOTNET], { os: '2008r2' });
    expect(r.protocols['TLS 1.2'].server).toMatchObject({ enabled: null, disabledByDefault: 0, state: 'off' });
    expect(r.findings.map((f) => f.id)).toContain('registry.no-effect.key-and-value-one-line');
  });

  it('the grammar fixture: [-key] deletes the earlier Client values; dword:0x1 is not set', () => {
    const r = audit(['grammar.reg'], { os: '2019' });
    expect(r.protocols['TLS 1.2'].client).toMatchObject({ enabled: null, disabledByDefault: null });
    expect(r.protocols['TLS 1.2'].server).toMatchObject({ enabled: 1, disabledByDefault: null, source: 'grammar.reg:13' });
    expect(r.dotnet['v4.0.30319']['64-bit']).toEqual({ SystemDefaultTlsVersions: 1, SchUseStrongCrypto: null });
    expect(r.findings.find((f) => f.id === 'registry.no-effect.invalid-data')?.source).toEqual({ file: 'grammar.reg', line: 22 });
  });
});

describe('JSON contract', () => {
  it('has os, protocols with client/server/effective, dotnet and findings with id/severity/message', () => {
    const r = JSON.parse(JSON.stringify(audit(['dutch-article-lines.reg'], { os: '2019' })));
    expect(Object.keys(r)).toEqual(expect.arrayContaining(['os', 'protocols', 'dotnet', 'findings']));
    expect(r.os).toBe('2019');
    expect(Object.keys(r.protocols)).toEqual(['SSL 2.0', 'SSL 3.0', 'TLS 1.0', 'TLS 1.1', 'TLS 1.2', 'TLS 1.3']);
    expect(r.protocols['TLS 1.2']).toEqual({
      client: { enabled: null, disabledByDefault: null, source: null, state: 'on' },
      server: { enabled: 1, disabledByDefault: null, source: 'dutch-article-lines.reg:9', state: 'on' },
      effective: 'enabled',
    });
    for (const f of r.findings)
      expect(f).toEqual(expect.objectContaining({ id: expect.stringMatching(/^registry\./), severity: expect.any(String), message: expect.any(String) }));
  });
});
