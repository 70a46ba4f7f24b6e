// The .reg parser against hand-made fixtures in every encoding regedit and editors produce, and the whole grammar.
import { describe, expect, it } from 'vitest';
import { parseRegFile, parseRegistryInput } from '../../src/registry/audit.js';
import { decodeInput } from '../../src/registry/decode.js';
import { parseRegText } from '../../src/registry/parse-reg.js';
import { fixture, fixtureBytes } from './helpers.js';
import type { RegOp } from '../../src/registry/types.js';

const P = 'HKEY_LOCAL_MACHINE\\SYSTEM\\CurrentControlSet\\Control\\SecurityProviders\\SCHANNEL';
const sets = (ops: RegOp[]) => ops.filter((o): o is Extract<RegOp, { op: 'set' }> => o.op === 'set');

describe('encodings', () => {
  it('reads a regedit export: UTF-16LE with BOM and CRLF', () => {
    const bytes = fixtureBytes('export-2019-good.reg');
    expect([...bytes.subarray(0, 4)]).toEqual([0xff, 0xfe, 0x57, 0x00]); // BOM, "W"
    const text = bytes.subarray(2).toString('utf16le');
    expect(text.split('\r\n').length).toBe(text.split('\n').length); // every LF has its CR
    const src = fixture('export-2019-good.reg');
    expect(src).toMatchObject({ format: 'reg5', encoding: 'utf-16le-bom', issues: [] });
    const tls12 = sets(src.ops).filter((o) => o.path === `${P}\\Protocols\\TLS 1.2\\Client`);
    expect(tls12.map((o) => [o.value.name, o.value.dword])).toEqual([
      ['DisabledByDefault', 0],
      ['Enabled', 1],
    ]);
  });

  it('reads UTF-8 with BOM (Notepad) and without BOM', () => {
    expect(fixture('dutch-article-lines.reg').encoding).toBe('utf-8-bom');
    expect(fixture('dutch-article-pasted.reg').encoding).toBe('utf-8');
  });

  it('reads REGEDIT4 files in the ANSI code page, hex(7) as ANSI bytes', () => {
    const src = fixture('regedit4-ansi.reg');
    expect(src).toMatchObject({ format: 'reg4', encoding: 'windows-1252' });
    const fn = sets(src.ops).find((o) => o.value.name === 'Functions');
    expect(fn?.value).toMatchObject({ type: 7, ansi: true });
    expect(src.issues).toEqual([]);
  });

  it('reads UTF-16BE with BOM and UTF-16LE without BOM', () => {
    const text = 'Windows Registry Editor Version 5.00\r\n\r\n[HKLM\\X]\r\n"A"=dword:00000001\r\n';
    const le = Buffer.from(text, 'utf16le');
    const be = Buffer.from(le).swap16();
    expect(decodeInput(Buffer.concat([Buffer.from([0xfe, 0xff]), be]), 'x')).toEqual({ text, encoding: 'utf-16be-bom' });
    expect(decodeInput(le, 'x')).toEqual({ text, encoding: 'utf-16le' });
  });
});

describe('grammar', () => {
  const src = fixture('grammar.reg');
  const ops = src.ops;

  it('spells out abbreviated roots and keeps key paths as written (compared case-insensitively later)', () => {
    expect(ops[0]).toEqual({
      op: 'key',
      path: `HKEY_LOCAL_MACHINE\\system\\currentcontrolset\\control\\securityproviders\\schannel\\protocols\\tls 1.2\\client`,
      line: 4,
    });
  });

  it('reads dword with blanks around = and a trailing comment, @, hex(4), escaped strings', () => {
    const s = sets(ops)
      .filter((o) => o.line >= 5 && o.line <= 8)
      .map((o) => o.value);
    expect(s).toEqual([
      { name: 'Enabled', type: 4, dword: 0 },
      { name: '', type: 1, text: 'default value' },
      { name: 'DisabledByDefault', type: 4, hex: '01,00,00,00' },
      { name: 'Note', type: 1, text: 'quoted "text" with \\ backslash' },
    ]);
  });

  it('reads [-key] and "v"=- deletions, short dwords and hex continuation lines', () => {
    expect(ops).toContainEqual({ op: 'delete-key', path: `${P}\\Protocols\\TLS 1.2`, line: 10 });
    expect(ops).toContainEqual({ op: 'delete-value', path: `${P}\\Protocols\\TLS 1.2\\Server`, name: 'DisabledByDefault', line: 15 });
    const server = sets(ops)
      .filter((o) => o.path.endsWith('TLS 1.2\\Server'))
      .map((o) => o.value);
    expect(server).toContainEqual({ name: 'Enabled', type: 4, dword: 1 });
    expect(server).toContainEqual({ name: 'Blob', type: 3, hex: 'de,ad,be,ef' });
  });

  it('ignores "[ " lines as Windows does, and flags dword:0x1 as data Windows cannot read', () => {
    expect(ops.some((o) => o.path.includes('ignored because'))).toBe(false);
    expect(src.issues).toEqual([
      {
        kind: 'invalid-data',
        line: 22,
        text: '"SchUseStrongCrypto"=dword:0x1',
        path: 'HKEY_LOCAL_MACHINE\\SOFTWARE\\Microsoft\\.NETFramework\\v4.0.30319',
        name: 'SchUseStrongCrypto',
      },
    ]);
  });
});

describe('mistakes Windows ignores', () => {
  it('flags nine-digit DWORDs of the Dutch article and does not set them', () => {
    const src = fixture('dutch-article-lines.reg');
    expect(src.issues.map((i) => [i.kind, i.line, i.name])).toEqual([
      ['dword-too-long', 5, 'DisabledByDefault'],
      ['dword-too-long', 6, 'Enabled'],
      ['dword-too-long', 8, 'DisabledByDefault'],
    ]);
    expect(sets(src.ops).map((o) => [o.path.split('\\').slice(-2).join('\\'), o.value.name, o.value.dword])).toEqual([['TLS 1.2\\Server', 'Enabled', 1]]);
  });

  it('flags a key and values on one line and applies nothing from that line', () => {
    const src = fixture('dutch-article-pasted.reg');
    expect(src.issues.map((i) => [i.kind, i.line])).toEqual([['key-and-value-one-line', 3]]);
    expect(sets(src.ops)).toEqual([]);
    const one = fixture('key-value-one-line.reg');
    expect(one.issues.map((i) => [i.kind, i.line])).toEqual([['key-and-value-one-line', 3]]);
    // The key on that line is still created, so the next line's value lands in it, as in regedit.
    expect(sets(one.ops).map((o) => [o.value.name, o.value.dword, o.line])).toEqual([['DisabledByDefault', 0, 4]]);
  });

  it('flags a missing header, a bad header, a value before any key and an unknown root', () => {
    const src = parseRegText('[HKLM\\A]\n"x"=dword:1\n', 'a.reg', 'utf-8');
    expect(src.issues.map((i) => i.kind)).toEqual(['missing-header']);
    expect(src.ops.length).toBe(2);
    const bad = parseRegText('REGEDIT 4\n"x"=dword:1\n[HKEY_NOWHERE\\A]\n', 'b.reg', 'utf-8');
    expect(bad.issues.map((i) => [i.kind, i.line])).toEqual([
      ['bad-header', 1],
      ['value-outside-key', 2],
      ['unknown-root', 3],
    ]);
  });

  it('keeps a cap on the number of issues it records', () => {
    const src = parseRegText('REGEDIT4\n' + 'junk\n'.repeat(2000), 'c.reg', 'utf-8');
    expect(src.issues.length).toBe(500);
    expect(src.issuesDropped).toBe(1500);
  });
});

describe('hostile input', () => {
  it('refuses an over-long line with EINPUT and the line number', () => {
    const text = 'Windows Registry Editor Version 5.00\r\n"' + 'a'.repeat(1024 * 1024 + 1) + '\r\n';
    expect(() => parseRegFile(text, 'long.reg')).toThrow(
      expect.objectContaining({ code: 'EINPUT', message: expect.stringContaining('long.reg:2: line is longer') }),
    );
  });

  it('refuses input above the size cap', () => {
    expect(() => parseRegFile(Buffer.alloc(2048, 0x41), 'big.reg', { maxBytes: 1024 })).toThrow(expect.objectContaining({ code: 'EINPUT' }));
  });

  it('refuses text that is neither .reg nor reg query output, and empty input', () => {
    expect(() => parseRegistryInput('hello world\n', 'x.txt')).toThrow(
      expect.objectContaining({ code: 'EINPUT', message: expect.stringContaining('looks like plain text (first line: "hello world"), not a registry export') }),
    );
    expect(() => parseRegistryInput('\r\n \r\n', 'e.reg')).toThrow(expect.objectContaining({ code: 'EINPUT', message: 'e.reg: input is empty' }));
  });

  it('stays linear on pathological lines (many brackets, blanks, backslashes)', () => {
    const n = 200_000;
    const text = 'REGEDIT4\n[' + ']'.repeat(n) + '\n"' + ' '.repeat(n) + '\n"a"=hex:' + '0,\\\n'.repeat(n / 10) + '\n' + '    REG_'.repeat(n / 10) + '\n';
    const src = parseRegFile(text, 'p.reg');
    expect(src.issues.length).toBeGreaterThan(0);
  });
});
