// Shared helpers for the registry tests: fixture loading and a reader for the PowerShell fix scripts mailtls writes.
import { readFileSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { parseRegistryInput } from '../../src/registry/audit.js';
import type { RegOp, RegSource } from '../../src/registry/types.js';

export const FIXTURES = fileURLToPath(new URL('../fixtures/registry/', import.meta.url));

export function fixtureBytes(name: string): Buffer {
  return readFileSync(join(FIXTURES, name));
}

/** Parses a fixture the way the CLI does (format detected from the content). */
export function fixture(name: string): RegSource {
  return parseRegistryInput(fixtureBytes(name), name);
}

/** Every input fixture (not the expected outputs). */
export function allFixtures(): string[] {
  return readdirSync(FIXTURES)
    .filter((f) => f.endsWith('.reg') || f.endsWith('.txt'))
    .sort();
}

/**
 * Reads the Set-Mailtls* lines of a fix script written by writeFixPs1 back into registry operations, so the script can
 * be checked the same way as the .reg file (no PowerShell on this machine).
 */
export function ps1ToSource(script: string, file = 'fix.ps1'): RegSource {
  const ops: RegOp[] = [];
  const q = String.raw`'((?:[^']|'')*)'`;
  const dword = new RegExp(`^Set-MailtlsDword ${q} ${q} (\\d+)$`);
  const str = new RegExp(`^Set-MailtlsValue ${q} ${q} ${q} \\(\\[Microsoft\\.Win32\\.RegistryValueKind\\]::String\\)$`);
  const multi = new RegExp(`^Set-MailtlsValue ${q} ${q} \\(\\[string\\[\\]\\]@\\((.*)\\)\\) \\(\\[Microsoft\\.Win32\\.RegistryValueKind\\]::MultiString\\)$`);
  const un = (s: string): string => s.replace(/''/g, "'");
  script.split('\r\n').forEach((line, i) => {
    const path = (p: string): string => `HKEY_LOCAL_MACHINE\\${un(p)}`;
    let m = dword.exec(line);
    if (m) {
      ops.push({ op: 'set', path: path(m[1]!), value: { name: un(m[2]!), type: 4, dword: Number(m[3]) }, line: i + 1 });
      return;
    }
    m = str.exec(line);
    if (m) {
      ops.push({ op: 'set', path: path(m[1]!), value: { name: un(m[2]!), type: 1, text: un(m[3]!) }, line: i + 1 });
      return;
    }
    m = multi.exec(line);
    if (m) {
      const items = [...m[3]!.matchAll(new RegExp(q, 'g'))].map((x) => un(x[1]!));
      ops.push({ op: 'set', path: path(m[1]!), value: { name: un(m[2]!), type: 7, multi: items }, line: i + 1 });
      return;
    }
    if (line.startsWith('Set-Mailtls')) throw new Error(`unrecognised fix line ${i + 1}: ${line}`);
  });
  return { file, format: 'reg5', encoding: 'utf-8', ops, issues: [], issuesDropped: 0 };
}
