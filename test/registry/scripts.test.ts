// Scripts, listings, control sets and refusals: the state a script leaves, ControlSet00N = CurrentControlSet, exit 2 for the rest.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { auditRegistry, parseRegistryInput } from '../../src/registry/audit.js';
import { decodeInput } from '../../src/registry/decode.js';
import { lineRanges } from '../../src/registry/rules.js';
import { main } from '../../src/cli/main.js';
import type { AuditResult, RegOp, RegSource } from '../../src/registry/types.js';
import { fixtureBytes } from './helpers.js';

const P = 'HKEY_LOCAL_MACHINE\\SYSTEM\\CurrentControlSet\\Control\\SecurityProviders\\SCHANNEL\\Protocols';
const NET = 'HKEY_LOCAL_MACHINE\\SOFTWARE\\Microsoft\\.NETFramework\\v4.0.30319';
const NET32 = 'HKEY_LOCAL_MACHINE\\SOFTWARE\\Wow6432Node\\Microsoft\\.NETFramework\\v4.0.30319';

const parse = (text: string, file: string): RegSource => parseRegistryInput(text, file);
/** The values a source sets, as "path\\name=dword" (or the text), in order. */
const sets = (src: RegSource): string[] =>
  src.ops
    .filter((o): o is Extract<RegOp, { op: 'set' }> => o.op === 'set')
    .map((o) => `${o.path}\\${o.value.name}=${o.value.dword ?? o.value.text ?? o.value.multi?.join('|') ?? o.value.hex}`);
const ids = (r: AuditResult): string[] => r.findings.map((f) => f.id);
const kinds = (src: RegSource): [string, number][] => src.issues.map((i) => [i.kind, i.line]);

describe('control sets', () => {
  const text = decodeInput(fixtureBytes('export-2019-good.reg'), 'x').text;
  const base = auditRegistry(parse(text, 'ccs.reg'), { os: '2019' });
  const strip = (r: AuditResult) => ({
    protocols: r.protocols,
    dotnet: r.dotnet,
    fix: r.fix,
    ids: ids(r).filter((i) => !i.startsWith('registry.controlset') && i !== 'registry.loaded-hive'),
  });

  it('an export under ControlSet001 gives the same audit as the same values under CurrentControlSet, and says so', () => {
    const r = auditRegistry(parse(text.replaceAll('CurrentControlSet', 'ControlSet001'), 'ccs.reg'), { os: '2019' });
    expect(base.protocols['TLS 1.0'].effective).toBe('disabled'); // the fixture is not all defaults
    expect(strip(r)).toEqual(strip(base));
    expect(r.controlSet).toEqual({ audited: 'SYSTEM\\ControlSet001', chosenBy: 'only-one', notAudited: [] });
    const note = r.findings.find((f) => f.id === 'registry.controlset.audited');
    expect(note?.message).toContain('HKLM\\SYSTEM\\Select\\Current');
    expect(note?.message).toContain('reg query HKLM\\SYSTEM\\Select /v Current');
  });

  it('a hive loaded as HKLM\\OFFLINE or HKLM\\BROKENSYSTEM is read too, and named', () => {
    for (const hive of ['OFFLINE', 'BROKENSYSTEM']) {
      const r = auditRegistry(
        parse(text.replaceAll('HKEY_LOCAL_MACHINE\\SYSTEM\\CurrentControlSet', `HKEY_LOCAL_MACHINE\\${hive}\\ControlSet001`), 'ccs.reg'),
        { os: '2019' },
      );
      expect(strip(r)).toEqual(strip(base));
      expect(r.controlSet?.audited).toBe(`${hive}\\ControlSet001`);
      expect(ids(r)).toContain('registry.loaded-hive');
    }
  });

  it('with several control sets, audits the one Select\\Current names and lists the other', () => {
    const off = '[HKEY_LOCAL_MACHINE\\SYSTEM\\ControlSet001\\Control\\SecurityProviders\\SCHANNEL\\Protocols\\TLS 1.2\\Client]\r\n"Enabled"=dword:00000000\r\n';
    const on = '[HKEY_LOCAL_MACHINE\\SYSTEM\\ControlSet002\\Control\\SecurityProviders\\SCHANNEL\\Protocols\\TLS 1.2\\Client]\r\n"Enabled"=dword:00000001\r\n';
    const head = 'Windows Registry Editor Version 5.00\r\n\r\n';
    const sel = '[HKEY_LOCAL_MACHINE\\SYSTEM\\Select]\r\n"Current"=dword:00000002\r\n';
    const r = auditRegistry(parse(head + off + on + sel, 'two.reg'), { os: '2019' });
    expect(r.controlSet).toEqual({ audited: 'SYSTEM\\ControlSet002', chosenBy: 'select-current', notAudited: [{ set: 'SYSTEM\\ControlSet001', values: 1 }] });
    expect(r.protocols['TLS 1.2'].client.enabled).toBe(1);
    expect(ids(r)).toContain('registry.controlset.not-audited');
    // Without Select\Current: the lowest is audited, and that is said.
    const r2 = auditRegistry(parse(head + off + on, 'two.reg'), { os: '2019' });
    expect(r2.controlSet?.chosenBy).toBe('lowest');
    expect(r2.protocols['TLS 1.2'].client.enabled).toBe(0);
    expect(r2.findings.find((f) => f.id === 'registry.controlset.not-audited')?.message).toContain('ControlSet002 (1 values) is not audited');
  });
});

describe('reg add / reg delete (.cmd, .bat)', () => {
  it('reads /v /t /d /f /reg:32 /reg:64, quoting, HKLM and HKEY_LOCAL_MACHINE, 0x data, reg delete', () => {
    const bat = [
      '@echo off',
      'rem enable TLS 1.2',
      'reg add "HKLM\\SYSTEM\\CurrentControlSet\\Control\\SecurityProviders\\SCHANNEL\\Protocols\\TLS 1.2\\Client" /v DisabledByDefault /t REG_DWORD /d 0 /f',
      'REG ADD "HKEY_LOCAL_MACHINE\\SYSTEM\\CurrentControlSet\\Control\\SecurityProviders\\SCHANNEL\\Protocols\\TLS 1.2\\Client" /V Enabled /T REG_DWORD /D 0x1 /F >nul 2>&1',
      'reg add HKLM\\SOFTWARE\\Microsoft\\.NETFramework\\v4.0.30319 /v SchUseStrongCrypto /t REG_DWORD /d 1 /f /reg:32',
      'reg add HKLM\\SOFTWARE\\Microsoft\\.NETFramework\\v4.0.30319 /v SchUseStrongCrypto /t REG_DWORD /d 1 /f /reg:64',
      'reg add "HKLM\\SYSTEM\\CurrentControlSet\\Control\\SecurityProviders\\SCHANNEL\\Protocols\\TLS 1.0\\Server" /v Enabled /t REG_DWORD /d 0 /f',
      'reg delete "HKLM\\SYSTEM\\CurrentControlSet\\Control\\SecurityProviders\\SCHANNEL\\Protocols\\TLS 1.0\\Server" /v Enabled /f',
      ':: reg add "HKLM\\SYSTEM\\x" /v y /d 1',
      'if exist C:\\x reg add "HKLM\\SYSTEM\\x" /v y /d 1',
      'reg add HKLM\\SYSTEM\\CurrentControlSet\\Control\\SecurityProviders\\SCHANNEL\\Protocols\\TLS 1.1\\Server /v Enabled /t REG_DWORD /d 0 /f',
      'pause',
    ].join('\r\n');
    const src = parse(bat, 'tls.cmd');
    expect(src.format).toBe('cmd');
    expect(sets(src)).toEqual([
      `${P}\\TLS 1.2\\Client\\DisabledByDefault=0`,
      `${P}\\TLS 1.2\\Client\\Enabled=1`,
      `${NET32}\\SchUseStrongCrypto=1`,
      `${NET}\\SchUseStrongCrypto=1`,
      `${P}\\TLS 1.0\\Server\\Enabled=0`,
    ]);
    expect(kinds(src)).toEqual([
      ['commented-out', 9],
      ['not-evaluated', 10],
      ['command-fails', 11],
    ]);
    const r = auditRegistry(src, { os: '2019' });
    expect(r.protocols['TLS 1.0'].server.enabled).toBeNull(); // deleted again on line 8
    expect(r.dotnet['v4.0.30319']['32-bit'].SchUseStrongCrypto).toBe(1);
    expect(ids(r)).toContain('registry.script.state-after');
    expect(r.findings.find((f) => f.id === 'registry.script.state-after')?.message).toContain('AFTER the script on a default Windows');
  });
});

describe('PowerShell', () => {
  it('reads literal New-Item / New-ItemProperty / Set-ItemProperty / Remove-ItemProperty in their usual forms', () => {
    const ps = [
      "New-Item 'HKLM:\\SYSTEM\\CurrentControlSet\\Control\\SecurityProviders\\SCHANNEL\\Protocols\\TLS 1.2\\Server' -Force | Out-Null",
      "New-ItemProperty -Path 'HKLM:\\SYSTEM\\CurrentControlSet\\Control\\SecurityProviders\\SCHANNEL\\Protocols\\TLS 1.2\\Server' -Name Enabled -Value 0xffffffff -PropertyType DWord -Force",
      'Set-ItemProperty "Registry::HKEY_LOCAL_MACHINE\\SYSTEM\\CurrentControlSet\\Control\\SecurityProviders\\SCHANNEL\\Protocols\\TLS 1.2\\Server" DisabledByDefault 0 \u2013Type DWord',
      "Set-ItemProperty -Path 'HKLM:\\SOFTWARE\\Microsoft\\.NETFramework\\v4.0.30319' `",
      "  -Name 'SchUseStrongCrypto' -Value '1' -Type DWord",
      "New-ItemProperty -path 'HKLM:\\SOFTWARE\\Wow6432Node\\Microsoft\\.NETFramework\\v4.0.30319' -name SystemDefaultTlsVersions -value 1",
      "New-ItemProperty -Path 'HKLM:\\SOFTWARE\\Wow6432Node\\Microsoft\\.NETFramework\\v4.0.30319' -Name SchUseStrongCrypto -Value '1'",
      "Remove-ItemProperty -Path 'HKLM:\\SOFTWARE\\Wow6432Node\\Microsoft\\.NETFramework\\v4.0.30319' -Name SystemDefaultTlsVersions",
      "Remove-Item 'HKLM:\\SYSTEM\\CurrentControlSet\\Control\\SecurityProviders\\SCHANNEL\\Protocols\\TLS 1.2\\Server\\Enabled'",
      "# Set-ItemProperty -Path 'HKLM:\\SOFTWARE\\Microsoft\\.NETFramework\\v2.0.50727' -Name SchUseStrongCrypto -Value 1 -Type DWord",
      '$p = "HKLM:\\SOFTWARE\\Microsoft\\.NETFramework\\v2.0.50727"',
      'Set-ItemProperty -Path $p -Name SchUseStrongCrypto -Value 1 -Type DWord',
      'foreach ($v in 1,2) { Write-Host $v }',
      '[Net.ServicePointManager]::SecurityProtocol = [Net.SecurityProtocolType]::Tls12',
    ].join('\n');
    const src = parse(ps, 'tls.ps1');
    expect(src.format).toBe('ps1');
    expect(sets(src)).toEqual([
      `${P}\\TLS 1.2\\Server\\Enabled=4294967295`,
      `${P}\\TLS 1.2\\Server\\DisabledByDefault=0`,
      `${NET}\\SchUseStrongCrypto=1`,
      `${NET32}\\SystemDefaultTlsVersions=1`,
      `${NET32}\\SchUseStrongCrypto=1`,
    ]);
    // -Value '1' without a type is a REG_SZ, which Windows does not read as a DWORD.
    const sz = src.ops.find((o) => o.op === 'set' && o.path === NET32 && o.value.name === 'SchUseStrongCrypto');
    expect(sz?.op === 'set' && sz.value.type).toBe(1);
    expect(kinds(src)).toEqual([
      ['commented-out', 10],
      ['remove-item-value', 9],
      ['not-evaluated', 11],
      ['not-evaluated', 12],
      ['not-evaluated', 13],
      ['not-evaluated', 14],
    ]);
    const r = auditRegistry(src, { os: '2019' });
    expect(r.protocols['TLS 1.2'].server.enabled).toBe(0xffffffff); // Remove-Item on a value removes nothing
    expect(r.dotnet['v4.0.30319']['32-bit']).toEqual({ SystemDefaultTlsVersions: null, SchUseStrongCrypto: null });
    expect(ids(r)).toEqual(
      expect.arrayContaining([
        'registry.no-effect.wrong-type',
        'registry.script.remove-item-value',
        'registry.script.commented-out',
        'registry.script.not-evaluated',
        'registry.script.state-after',
      ]),
    );
    expect(r.findings.filter((f) => f.id === 'registry.script.not-evaluated').map((f) => f.source?.line)).toEqual([11, 12, 14]);
    expect(r.findings.find((f) => f.id === 'registry.script.not-evaluated-other')?.params).toMatchObject({ lines: '13' });
  });

  it('New-ItemProperty without -Force fails on a value set before; New-Item -Force wipes the key', () => {
    const k = "'HKLM:\\SYSTEM\\CurrentControlSet\\Control\\SecurityProviders\\SCHANNEL\\Protocols\\TLS 1.0\\Client'";
    const src = parse(
      [
        `New-Item ${k} -Force`,
        `New-ItemProperty ${k} -Name Enabled -Value 0 -PropertyType DWord`,
        `New-ItemProperty ${k} -Name Enabled -Value 1 -PropertyType DWord`,
        `New-Item ${k} -Force`,
      ].join('\n'),
      'x.ps1',
    );
    expect(kinds(src)).toEqual([
      ['command-fails', 3],
      ['command-fails', 4],
    ]);
    expect(auditRegistry(src, { os: '2019' }).protocols['TLS 1.0'].client.enabled).toBeNull();
  });

  it('a script whose only registry line is dynamic is never audited as defaults in silence', () => {
    const src = parse('$k = "HKLM:\\SOFTWARE\\Microsoft\\.NETFramework\\v4.0.30319"\nSet-ItemProperty $k SchUseStrongCrypto 1\n', 'dyn.ps1');
    const r = auditRegistry(src);
    expect(ids(r)).toEqual(expect.arrayContaining(['registry.script.no-change', 'registry.script.not-evaluated']));
    expect(r.findings.find((f) => f.id === 'registry.script.no-change')?.severity).toBe('warning');
  });
});

describe('listings', () => {
  it('reads Get-ItemProperty output by its PSPath, and a wrapped PSPath', () => {
    const text = [
      'Enabled           : 1',
      'DisabledByDefault : 0',
      'PSPath            : Microsoft.PowerShell.Core\\Registry::HKEY_LOCAL_MACHINE\\SYSTEM\\CurrentControlSet\\Control\\SecurityProv',
      '                    iders\\SCHANNEL\\Protocols\\TLS 1.2\\Client',
      'PSParentPath      : Microsoft.PowerShell.Core\\Registry::HKEY_LOCAL_MACHINE\\SYSTEM',
      'PSChildName       : Client',
      'PSDrive           : HKLM',
      'PSProvider        : Microsoft.PowerShell.Core\\Registry',
      '',
      'SchUseStrongCrypto : 1',
    ].join('\r\n');
    const src = parse(text, 'gip.txt');
    expect(src.format).toBe('ps-listing');
    expect(sets(src)).toEqual([`${P}\\TLS 1.2\\Client\\Enabled=1`, `${P}\\TLS 1.2\\Client\\DisabledByDefault=0`]);
    expect(kinds(src)).toEqual([['listing-no-key', 10]]);
  });
});

describe('what mailtls refuses, with one line that says how to get a readable input', () => {
  const expectRefused = (input: Uint8Array | string, file: string, looks: string) => {
    let msg = '';
    try {
      parseRegistryInput(input, file);
    } catch (e) {
      msg = (e as Error).message;
      expect((e as { code?: string }).code).toBe('EINPUT');
    }
    expect(msg).toContain(looks);
    expect(msg).toContain('reg export "HKLM\\SYSTEM\\CurrentControlSet\\Control\\SecurityProviders\\SCHANNEL" schannel.reg');
    expect(msg).toContain('/s > out.txt');
    expect(msg).toContain('mailtls registry --live');
    expect(msg).not.toContain('\n');
  };
  it('an INI file, a JSON array, XML, a binary, a script without registry lines', () => {
    expectRefused('[General]\r\nName=foo\r\n[Options]\r\nTls=1\r\n', 'settings.ini', 'an INI file');
    expectRefused('[\n  {"name": "TLS 1.2", "enabled": true}\n]\n', 'x.json', 'a JSON document');
    expectRefused('<?xml version="1.0"?>\n<IISCrypto/>\n', 'x.ictpl', 'an XML or HTML document');
    expectRefused(Buffer.from([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1, 0, 0, 0]), 'ls', 'a program');
    expectRefused('Write-Host "hello"\n', 'hello.ps1', 'a script that sets no registry value');
  });

  describe('CLI', () => {
    let err = '';
    beforeEach(() => {
      err = '';
      vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
      vi.spyOn(process.stderr, 'write').mockImplementation((s: string | Uint8Array) => {
        err += String(s);
        return true;
      });
    });
    afterEach(() => vi.restoreAllMocks());
    it('registry /bin/ls, an INI file and a JSON array: exit 2 with the one line', async () => {
      const dir = mkdtempSync(join(tmpdir(), 'mailtls-reg-'));
      writeFileSync(join(dir, 'a.ini'), '[section]\nkey=value\n');
      writeFileSync(join(dir, 'a.json'), '[1, 2, 3]\n');
      for (const f of ['/bin/ls', join(dir, 'a.ini'), join(dir, 'a.json')]) {
        err = '';
        expect(await main(['node', 'mailtls', 'registry', f]), f).toBe(2);
        const lines = err.split('\n').filter(Boolean);
        expect(lines).toHaveLength(1);
        expect(lines[0]).toMatch(/looks like (a program|an INI file|a JSON document).*reg export .*reg query .*mailtls registry --live/);
      }
    });
  });
});

describe('lineRanges', () => {
  it('groups consecutive lines', () => {
    expect(lineRanges([2, 3, 4, 7, 9, 10])).toBe('2-4, 7, 9-10');
  });
});
