// Report pages in headless Chromium: verdict and key figures in the DOM, no network request, screenshots, 100k domains.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { renderReport } from '../../src/report/render.js';
import { HAVE_CHROMIUM, OUT_DIR, ReportBrowser, SKIP_REASON, type Opened } from './browser.js';
import { bigScan, fixture, NOW } from './fixtures.js';

if (!HAVE_CHROMIUM) console.warn(`[report] ${SKIP_REASON}`);

const text = (page: Page, sel: string) => page.locator(sel).first().innerText();
const figures = async (page: Page): Promise<Record<string, string>> => {
  const out: Record<string, string> = {};
  for (const f of await page.locator('#verdict .fig').all()) out[await f.locator('.fig-l').innerText()] = await f.locator('.fig-v').innerText();
  return out;
};

describe.skipIf(!HAVE_CHROMIUM)('report pages in headless Chromium', () => {
  const browser = new ReportBrowser();
  beforeAll(async () => {
    await browser.start();
  }, 60_000);
  afterAll(async () => {
    await browser.stop();
  });

  /** Opens a rendered page, checks it made no request but its own file and raised no error, and screenshots it. */
  async function openChecked(name: string, html: string, viewport?: { width: number; height: number }): Promise<Opened> {
    const o = await browser.open(name, html, viewport);
    expect(o.requests, 'requests other than the file itself').toEqual([o.url]);
    expect(o.errors, 'page errors / CSP violations').toEqual([]);
    const shot = await ReportBrowser.screenshot(o.page, name);
    console.log(`[report] ${name}: opened in ${o.openMs.toFixed(0)} ms, screenshot ${shot}`);
    return o;
  }

  it('probe: verdict, host matrix, escaped hostile banner; phone and print views', async () => {
    const html = renderReport(fixture('probe.json'), { lang: 'en', now: NOW });
    const o = await openChecked('probe', html);
    const { page } = o;
    expect(await page.getAttribute('#verdict', 'data-verdict')).toBe('fail');
    expect(await text(page, '.b-verdict')).toBe('Fail');
    expect(await text(page, '.b-head')).toContain('cannot deliver to 1 of 3 hosts of contoso-logistics.nl');
    const figs = await figures(page);
    expect(figs['Mail hosts']).toBe('3');
    expect(figs['Hosts that pass']).toBe('1 / 3');
    expect(figs['Hosts accepting TLS 1.0/1.1']).toBe('1');
    // The matrix: one row per host, TLS 1.2 refused on mx1 and accepted on mx2.
    const rows = page.locator('#matrix tbody tr');
    expect(await rows.count()).toBe(3);
    expect(await rows.nth(0).locator('td').nth(5).innerText()).toContain('refused');
    expect(await rows.nth(0).locator('td').nth(5).getAttribute('class')).toContain('m-bad');
    expect(await rows.nth(1).locator('td').nth(5).getAttribute('class')).toContain('m-ok');
    // The hostile banner is shown as text, not executed or parsed.
    expect(await page.locator('script').count()).toBe(0);
    expect(await page.locator('[data-host="mx2.contoso-logistics.nl"] dd.mono').nth(1).innerText()).toBe(
      `220 mx2 <script>alert("x")</script> \\x1b[31mESMTP\\x1b[0m 'quoted' & ready`,
    );
    await o.close();

    const phone = await openChecked('probe-phone', html, { width: 390, height: 844 });
    // Nothing wider than the phone screen except inside horizontal scrollers.
    // (browser-side code as a string: the test tsconfig has no DOM lib)
    const overflow = await phone.page.evaluate<number>('document.documentElement.scrollWidth - document.documentElement.clientWidth');
    expect(overflow).toBeLessThanOrEqual(0);
    await phone.close();

    const print = await browser.open('probe-print', html);
    await print.page.emulateMedia({ media: 'print' });
    await ReportBrowser.screenshot(print.page, 'probe-print');
    await print.page.pdf({ path: `${OUT_DIR}/probe.pdf`, format: 'A4', printBackground: true });
    expect(print.requests).toEqual([print.url]);
    await print.close();
  });

  it('listen: senders grouped, verdict and figures', async () => {
    const o = await openChecked('listen', renderReport(fixture('listen.jsonl'), { lang: 'en', now: NOW }));
    const { page } = o;
    expect(await page.getAttribute('#verdict', 'data-verdict')).toBe('fail');
    expect(await text(page, '.b-head')).toContain('2 of 5 senders could not deliver');
    const figs = await figures(page);
    expect(figs).toMatchObject({ Sessions: '6', Senders: '5', 'Senders that fail': '2', 'Never started TLS': '1' });
    expect(await page.locator('img').count()).toBe(0);
    expect(await page.getByText('<img src=x onerror=alert(1)>').count()).toBe(1);
    await o.close();
  });

  it('registry (Dutch): verdict, protocol table, .NET settings', async () => {
    const o = await openChecked('registry-nl', renderReport(fixture('registry.json'), { lang: 'nl', now: NOW }));
    const { page } = o;
    expect(await page.getAttribute('html', 'lang')).toBe('nl');
    expect(await page.getAttribute('#verdict', 'data-verdict')).toBe('fail');
    expect(await text(page, '.b-verdict')).toBe('Niet geslaagd');
    expect(await text(page, '.b-head')).toContain('Deze instellingen onderbreken de mailstroom met Exchange Online (fouten: 1, waarschuwingen: 1)');
    const figs = await figures(page);
    expect(figs['TLS 1.2 in werking']).toBe('uitgeschakeld');
    expect(await page.locator('table.registry tbody tr').count()).toBe(4);
    expect(await page.getByText('SchUseStrongCrypto').count()).toBeGreaterThan(0);
    await o.close();
  });

  it('logs: verdict, per-day and per-peer charts, peers table', async () => {
    const o = await openChecked('logs', renderReport(fixture('logs.json'), { lang: 'en', now: NOW }));
    const { page } = o;
    expect(await page.getAttribute('#verdict', 'data-verdict')).toBe('fail');
    const figs = await figures(page);
    expect(figs).toMatchObject({ Files: '3', Lines: '184,233', Peers: '8', 'Peers on TLS 1.0/1.1': '4', 'TLS failures': '172' });
    expect(await page.locator('figure.chart svg').count()).toBe(2);
    expect(await page.locator('figure.chart').first().locator('svg rect').count()).toBeGreaterThan(14 * 3);
    expect(await page.locator('.report-logs table tbody tr').count()).toBe(8);
    await o.close();
  });

  it('scan: verdict, charts, pagination, search and filter over the embedded data', async () => {
    const o = await openChecked('scan', renderReport(fixture('scan.json'), { lang: 'en', now: NOW }));
    const { page } = o;
    expect(await page.getAttribute('#verdict', 'data-verdict')).toBe('fail');
    expect(await text(page, '.b-head')).toBe('32 of 80 domains (40%) cannot receive mail from Exchange Online over TLS 1.2.');
    const figs = await figures(page);
    expect(figs['Domains scanned']).toBe('80');
    expect(figs['Fail (40%)']).toBe('32');
    expect(await page.locator('figure.chart').count()).toBe(3);
    const status = page.locator('.pg-status');
    expect(await status.innerText()).toBe('Rows 1–50 of 80');
    await page.click('.pg-next');
    expect(await status.innerText()).toBe('Rows 51–80 of 80');
    expect(await page.locator('.pager tbody tr').count()).toBe(30);
    await page.selectOption('.pg-v', 'inconclusive');
    expect(await status.innerText()).toBe('Rows 1–9 of 9');
    await page.fill('.pg-q', 'evil-');
    await page.locator('.pg-status', { hasText: 'Rows 1–1 of 1' }).waitFor();
    // The hostile domain from the embedded JSON is text in a cell; no script element was created from it.
    expect(await page.locator('.pager tbody td').first().innerText()).toBe('evil-</script><script>alert(1)</script>\\u{2028}.nl');
    expect(await page.locator('script:not([type])').count()).toBe(1);
    await ReportBrowser.screenshot(page, 'scan-filtered');
    expect(o.requests).toEqual([o.url]);
    await o.close();
  });

  it('explain and a combined report of several kinds', async () => {
    const e = await openChecked('explain', renderReport(fixture('explain.json'), { lang: 'en', now: NOW }));
    expect(await e.page.getAttribute('#verdict', 'data-verdict')).toBe('fail');
    expect(await e.page.locator('pre.input').innerText()).toContain("returned '421 4.4.2 Connection dropped due to SocketError'");
    await e.close();

    const docs = ['probe.json', 'listen.jsonl', 'registry.json', 'logs.json', 'scan.json', 'explain.json'].flatMap((f) => fixture(f));
    const o = await openChecked('combined-nl', renderReport(docs, { lang: 'nl', now: NOW }));
    expect(await o.page.getAttribute('#verdict', 'data-verdict')).toBe('fail');
    expect(await o.page.locator('section.card[data-kind]').count()).toBe(6);
    expect(await o.page.locator('.toc li').count()).toBe(6);
    expect(await text(o.page, '.b-head')).toBe('6 van de 6 controles vonden een probleem dat de mailstroom met Exchange Online onderbreekt.');
    await o.close();
  });

  it('a scan of 100,000 domains opens quickly and pages through all of them', async () => {
    const n = 100_000;
    const big = bigScan(n);
    const t0 = performance.now();
    const html = renderReport([big.doc], { lang: 'en', now: NOW });
    const renderMs = performance.now() - t0;
    const o = await openChecked('scan-100k', html);
    const { page } = o;
    console.log(
      `[report] 100k-domain scan: page ${(html.length / 1e6).toFixed(1)} MB, rendered in ${renderMs.toFixed(0)} ms, opened (load event) in ${o.openMs.toFixed(0)} ms`,
    );
    expect(await page.getAttribute('#verdict', 'data-verdict')).toBe('fail');
    const figs = await figures(page);
    expect(figs['Domains scanned']).toBe('100,000');
    expect(figs[Object.keys(figs).find((k) => k.startsWith('Fail')) as string]).toBe(big.fail.toLocaleString('en-GB'));
    expect(await page.locator('.pager tbody tr').count()).toBe(50);
    const t1 = performance.now();
    await page.selectOption('.pg-v', 'pass');
    const filterMs = performance.now() - t1;
    expect(await page.locator('.pg-status').innerText()).toBe(`Rows 1–50 of ${big.pass.toLocaleString('en-GB')}`);
    console.log(`[report] 100k-domain scan: first filter (parses the embedded JSON) took ${filterMs.toFixed(0)} ms`);
    await o.close();
  });
});
