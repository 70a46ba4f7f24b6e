// `--html FILE` on the checking commands writes the same self-contained page `mailtls report` would, next to --json.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli, ROOT } from '../helpers/cli.js';

const dir = mkdtempSync(join(tmpdir(), 'mailtls-html-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('--html on commands', () => {
  it('registry --html writes a page with the verdict and the finding ids, and --json still prints clean JSON', async () => {
    const out = join(dir, 'registry.html');
    const r = await runCli(['registry', join(ROOT, 'test/fixtures/registry/tls12-disabled.reg'), '--os', '2019', '--json', '--html', out]);
    expect(r.code).toBe(1);
    const json = JSON.parse(r.stdout) as { findings: { id: string }[] };
    const html = readFileSync(out, 'utf8');
    expect(html).toMatch(/^<!doctype html>/i);
    expect(html).not.toMatch(/<script[^>]+src=|<link[^>]+href=["']https?:/i);
    for (const f of json.findings.filter((x) => x.id.startsWith('registry.tls12'))) expect(html).toContain(f.id);
  });

  it('an unwritable --html path is exit 2 with one line on stderr', async () => {
    const r = await runCli(['registry', join(ROOT, 'test/fixtures/registry/export-2019-good.reg'), '--html', join(dir, 'missing-dir', 'x.html')]);
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
  });
});
