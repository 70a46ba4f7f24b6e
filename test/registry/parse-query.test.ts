// reg query /s output (cmd.exe file, PowerShell UTF-16 redirect, stdin) and --live through an injected reg.exe.
import { describe, expect, it } from 'vitest';
import { auditRegistry, parseRegQuery } from '../../src/registry/audit.js';
import { LIVE_KEYS, readLiveRegistry, type Exec } from '../../src/registry/live.js';
import { fixture, fixtureBytes } from './helpers.js';

const ids = (r: ReturnType<typeof auditRegistry>) => r.findings.map((f) => f.id);

describe('reg query output', () => {
  it('reads key blocks, DWORDs in 0x form and skips the "End of search" line', () => {
    const src = fixture('reg-query-schannel.txt');
    expect(src).toMatchObject({ format: 'reg-query', encoding: 'utf-8', issues: [] });
    const r = auditRegistry(src, { os: '2019' });
    expect(r.protocols['TLS 1.2'].client).toMatchObject({ enabled: 1, disabledByDefault: 1, state: 'explicit-only', source: 'reg-query-schannel.txt:22' });
    expect(r.protocols['TLS 1.0'].server).toMatchObject({ enabled: 0xffffffff, disabledByDefault: 0, state: 'on' });
    expect(ids(r)).toContain('registry.tls12-client-disabled-by-default');
    expect(ids(r)).not.toContain('registry.tls12-server-disabled-by-default');
  });

  it('reads the same output redirected by PowerShell (UTF-16LE with BOM) to the same result', () => {
    const a = auditRegistry(fixture('reg-query-schannel.txt'), { os: '2019' });
    const b = auditRegistry(fixture('reg-query-schannel-ps.txt'), { os: '2019' });
    expect(fixture('reg-query-schannel-ps.txt').encoding).toBe('utf-16le-bom');
    expect(b.protocols).toEqual(JSON.parse(JSON.stringify(a.protocols).replaceAll('reg-query-schannel.txt', 'reg-query-schannel-ps.txt')));
  });

  it('reads (Default), names with spaces, REG_MULTI_SZ with \\0 and REG_BINARY', () => {
    const src = parseRegQuery(fixtureBytes('reg-query-dotnet.txt'), 'q.txt');
    const values = src.ops.flatMap((o) => (o.op === 'set' ? [o.value] : []));
    expect(values).toEqual([
      { name: '', type: 1, text: '' },
      { name: 'SchUseStrongCrypto', type: 4, dword: 1 },
      { name: 'SystemDefaultTlsVersions', type: 4, dword: 0 },
      { name: 'Some Value With Spaces', type: 7, multi: ['a', 'b', 'c'] },
      { name: 'Blob', type: 3, hex: 'de,ad,be,ef' },
      { name: 'SchUseStrongCrypto', type: 4, dword: 1 },
    ]);
    const r = auditRegistry(src, { os: '2019' });
    expect(r.dotnet['v4.0.30319']).toEqual({
      '64-bit': { SystemDefaultTlsVersions: 0, SchUseStrongCrypto: 1 },
      '32-bit': { SystemDefaultTlsVersions: null, SchUseStrongCrypto: 1 },
    });
    expect(r.findings.find((f) => f.id === 'registry.dotnet-system-default-tls-versions')?.message).toContain('64-bit: 0, 32-bit (Wow6432Node): not set');
  });

  it('takes the Windows version from CurrentBuild when --os is not given', () => {
    const r = auditRegistry([fixture('reg-query-build-2008r2.txt'), fixture('export-2019-good.reg')]);
    expect(r).toMatchObject({ os: '2008r2', osDetected: true });
    expect(r.protocols['TLS 1.2'].client.stateByOs).toBeUndefined();
    // An explicit --os wins over CurrentBuild.
    expect(auditRegistry([fixture('reg-query-build-2008r2.txt')], { os: '2022' }).os).toBe('2022');
  });
});

describe('--live', () => {
  it('refuses to run anywhere but Windows', async () => {
    await expect(readLiveRegistry({ platform: 'linux' })).rejects.toMatchObject({ code: 'EUNSUPPORTED' });
  });

  it('queries every key with reg.exe in the 64-bit view, skips missing keys, and parses the output', async () => {
    const calls: string[][] = [];
    const good = fixtureBytes('reg-query-schannel.txt');
    const exec: Exec = async (file, args) => {
      calls.push([file, ...args]);
      if (args[1] === `HKLM\\${LIVE_KEYS[0]}`) return { stdout: good, code: 0 };
      if (args.includes('CurrentBuild')) return { stdout: fixtureBytes('reg-query-build-2008r2.txt'), code: 0 };
      return { stdout: Buffer.from('ERROR: The system was unable to find the specified registry key or value.\r\n'), code: 1 };
    };
    const src = await readLiveRegistry({ exec, platform: 'win32' });
    expect(calls.length).toBe(LIVE_KEYS.length + 1);
    expect(calls.every((c) => c[0] === 'reg.exe' && c[1] === 'query' && c.includes('/reg:64'))).toBe(true);
    const r = auditRegistry(src);
    expect(r.os).toBe('2008r2');
    expect(r.protocols['TLS 1.2'].client.enabled).toBe(1);
    expect(src.issues).toEqual([]);
  });
});
