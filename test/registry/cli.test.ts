// The CLI wrapper run in-process: exit statuses, --json on stdout only, --lang nl, fix files, one-line errors.
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { main } from '../../src/cli/main.js';
import { FIXTURES } from './helpers.js';

let out = '';
let err = '';
beforeEach(() => {
  out = '';
  err = '';
  vi.spyOn(process.stdout, 'write').mockImplementation((s: string | Uint8Array) => {
    out += String(s);
    return true;
  });
  vi.spyOn(process.stderr, 'write').mockImplementation((s: string | Uint8Array) => {
    err += String(s);
    return true;
  });
});
afterEach(() => vi.restoreAllMocks());

const run = (...args: string[]) => main(['node', 'mailtls', 'registry', ...args]);
const fx = (n: string) => join(FIXTURES, n);

describe('mailtls registry', () => {
  it('exits 1 on error findings and groups them by consequence', async () => {
    expect(await run(fx('dutch-article-lines.reg'), '--os', '2008r2', '--lang', 'en')).toBe(1);
    expect(out).toMatch(/Breaks mail flow \(\d+\)[\s\S]*Risky \(\d+\)[\s\S]*Has no effect \(4\)/);
    expect(out).toContain('dutch-article-lines.reg:3: key');
    expect(err).toBe('');
  });

  it('exits 0 for a healthy server (export + .NET export)', async () => {
    expect(await run(fx('export-2019-good.reg'), fx('export-dotnet-good.reg'), '--os', '2019', '--lang', 'en')).toBe(0);
    expect(out).toContain('No findings');
  });

  it('--lang nl speaks Dutch', async () => {
    await run(fx('client-only.reg'), '--os', '2019', '--lang', 'nl');
    expect(out).toContain('Breekt de e-mailstroom');
    expect(out).toContain('Exchange Online kan niet via TLS bij deze server afleveren');
  });

  it('--json prints exactly one JSON document', async () => {
    expect(await run(fx('iiscrypto-best-practices.reg'), '--json', '--os', '2016')).toBe(1);
    const doc = JSON.parse(out);
    expect(doc.os).toBe('2016');
    expect(doc.protocols['TLS 1.0'].effective).toBe('half-disabled');
    expect(doc.findings[0]).toMatchObject({ id: 'registry.dotnet-system-default-tls-versions', severity: 'error' });
  });

  it('writes the fix files, and auditing input + fix exits 0', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'mailtls-reg-'));
    const reg = join(dir, 'fix.reg');
    expect(await run(fx('tls12-disabled.reg'), '--fix-reg', reg, '--fix-ps1', join(dir, 'fix.ps1'), '--lang', 'en')).toBe(1);
    expect(out).toContain('Restart the server');
    expect([...readFileSync(reg).subarray(0, 2)]).toEqual([0xff, 0xfe]);
    expect(readFileSync(join(dir, 'fix.ps1'), 'utf8')).toContain('Set-MailtlsDword');
    out = '';
    expect(await run(fx('tls12-disabled.reg'), reg, '--lang', 'en')).toBe(0);
  });

  it('bad input, a missing file, a bad --os: exit 2 with one line on stderr and no stack trace', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'mailtls-reg-'));
    const junk = join(dir, 'junk.bin');
    (await import('node:fs')).writeFileSync(junk, Buffer.from([0x00, 0x01, 0x02, 0x9f, 0xff, 0x41]));
    for (const args of [[junk], [fx('nope.reg')], [fx('grammar.reg'), '--os', '2003'], []]) {
      err = '';
      expect(await run(...args), args.join(' ')).toBe(2);
      expect(err.split('\n').filter(Boolean)).toHaveLength(1);
      expect(err).toMatch(/^mailtls: /);
      expect(err).not.toMatch(/\n\s+at /);
    }
  });

  it('--live says it needs Windows (exit 2) on other systems', async () => {
    if (process.platform === 'win32') return;
    expect(await run('--live')).toBe(2);
    expect(err).toContain('only works on Windows');
  });
});
