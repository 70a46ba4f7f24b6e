// `mailtls report` command: files, JSON lines, stdin-less use, exit 2 with one line on bad input, writeHtmlReport.
import { mkdtempSync, readFileSync, existsSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { register } from '../../src/cli/commands/report.js';
import { runCli } from '../../src/cli/program.js';
import { writeHtmlReport } from '../../src/report/render.js';
import { fixtureDoc, FIXTURES } from './fixtures.js';

const dir = mkdtempSync(join(tmpdir(), 'mailtls-report-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Runs `mailtls report ...args` in-process through the CLI's own runCli() (report registered alone) and captures output. */
async function run(...args: string[]): Promise<{ status: number; stdout: string; stderr: string }> {
  let stdout = '',
    stderr = '';
  const o = vi.spyOn(process.stdout, 'write').mockImplementation((c) => {
    stdout += String(c);
    return true;
  });
  const e = vi.spyOn(process.stderr, 'write').mockImplementation((c) => {
    stderr += String(c);
    return true;
  });
  try {
    const status = await runCli(['node', 'mailtls', 'report', ...args], { report: register }, [register]);
    return { status, stdout, stderr };
  } finally {
    o.mockRestore();
    e.mockRestore();
  }
}

describe('mailtls report', () => {
  it('writes one page for several inputs of several kinds', async () => {
    const out = join(dir, 'all.html');
    const r = await run(resolve(FIXTURES, 'probe.json'), resolve(FIXTURES, 'listen.jsonl'), resolve(FIXTURES, 'logs.json'), '--html', out, '--lang', 'nl');
    expect(r.status).toBe(0);
    expect(r.stderr).toBe('');
    expect(r.stdout).toBe(`Rapport geschreven naar ${out} (probe, listen, logs, oordeel: Niet geslaagd).\n`);
    const html = readFileSync(out, 'utf8');
    expect(html).toContain('<html lang="nl">');
    expect(html.match(/<section class="card/g)).toHaveLength(3);
  });

  it('prints a JSON summary with --json', async () => {
    const out = join(dir, 'scan.html');
    const r = await run(resolve(FIXTURES, 'scan.json'), '--html', out, '--json', '--lang', 'en');
    expect(r.status).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ html: out, verdict: 'fail', kinds: ['scan'] });
  });

  it('exits 2 with one line for input that is no mailtls JSON, bad JSON or a missing file', async () => {
    const bad = join(dir, 'bad.json');
    writeFileSync(bad, '{"hello":"world"}');
    const notJson = join(dir, 'lines.jsonl');
    writeFileSync(notJson, '{"remote":"1.2.3.4:5","outcome":"x","verdict":"pass"}\nnot json at all\n');
    for (const [file, re] of [
      [bad, /^mailtls: .*bad\.json: not a mailtls probe, listen, registry, logs, scan or explain JSON document/],
      [notJson, /^mailtls: .*lines\.jsonl: line 2 is not JSON/],
      [join(dir, 'missing.json'), /^mailtls: cannot read .*missing\.json: no such file/],
    ] as const) {
      const out = join(dir, 'never.html');
      const r = await run(file, '--html', out);
      expect(r.status).toBe(2);
      expect(r.stderr).toMatch(re);
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
      expect(existsSync(out)).toBe(false);
    }
  });

  it('needs --html and a known language', async () => {
    expect((await run(resolve(FIXTURES, 'probe.json'))).status).toBe(2);
    const r = await run(resolve(FIXTURES, 'probe.json'), '--html', join(dir, 'x.html'), '--lang', 'fr');
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/^mailtls: unknown language "fr"/);
  });

  it('writes the page to stdout with --html -', async () => {
    const r = await run(resolve(FIXTURES, 'explain.json'), '--html', '-', '--lang', 'en');
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^<!DOCTYPE html>/);
  });
});

describe('writeHtmlReport (for --html FILE on other commands)', () => {
  it('writes a probe result and a listen session array, and reports what it concluded', async () => {
    const p = join(dir, 'probe.html');
    expect(await writeHtmlReport(fixtureDoc('probe.json'), p, 'en')).toMatchObject({ verdict: 'fail', kinds: ['probe'] });
    expect(readFileSync(p, 'utf8')).toContain('contoso-logistics.nl');
    const sessions = readFileSync(resolve(FIXTURES, 'listen.jsonl'), 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as unknown);
    expect((await writeHtmlReport(sessions, join(dir, 'listen.html'), 'nl')).kinds).toEqual(['listen']);
  });

  it('turns a write failure into EIO', async () => {
    await expect(writeHtmlReport(fixtureDoc('probe.json'), join(dir, 'no/such/dir/x.html'), 'en')).rejects.toMatchObject({ code: 'EIO' });
  });
});
