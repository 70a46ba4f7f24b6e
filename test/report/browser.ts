// Test helper: opens report pages in Debian's headless Chromium (playwright-core), records every request, screenshots.
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Browser, BrowserContext, Page } from 'playwright-core';

export const CHROMIUM = '/usr/bin/chromium';
export const HAVE_CHROMIUM = existsSync(CHROMIUM);
export const SKIP_REASON = `${CHROMIUM} is missing (apt-get install chromium) — browser tests skipped`;
export const OUT_DIR = resolve('test-output/report');

const ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-default-apps',
  '--disable-extensions',
  '--disable-domain-reliability',
  '--metrics-recording-only',
  '--no-pings',
];

export interface Opened {
  page: Page;
  requests: string[];
  errors: string[];
  url: string;
  openMs: number;
  close: () => Promise<void>;
}

export class ReportBrowser {
  private browser: Browser | null = null;

  async start(): Promise<void> {
    const { chromium } = await import('playwright-core');
    // launch() gives every run a fresh temporary user-data-dir (no cached state, no first-run network).
    this.browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS });
  }

  async stop(): Promise<void> {
    await this.browser?.close();
  }

  /** Writes `html` to test-output/report/<name>.html, opens it and records every request the page makes. */
  async open(name: string, html: string, viewport = { width: 1280, height: 900 }): Promise<Opened> {
    if (!this.browser) throw new Error('browser not started');
    mkdirSync(OUT_DIR, { recursive: true });
    const file = join(OUT_DIR, `${name}.html`);
    writeFileSync(file, html);
    const url = pathToFileURL(file).href;
    const context: BrowserContext = await this.browser.newContext({ viewport, deviceScaleFactor: 1 });
    const requests: string[] = [];
    context.on('request', (r) => requests.push(r.url()));
    // Anything other than the file itself is recorded above and then refused, so a leak cannot reach the network.
    await context.route('**/*', (route) => (route.request().url() === url ? route.continue() : route.abort()));
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    // A CSP violation (e.g. an inline script whose hash does not match) shows up as a console error.
    page.on('console', (m) => {
      if (m.type() === 'error') errors.push(m.text());
    });
    const t0 = performance.now();
    await page.goto(url, { waitUntil: 'load' });
    const openMs = performance.now() - t0;
    return { page, requests, errors, url, openMs, close: () => context.close() };
  }

  static async screenshot(page: Page, name: string): Promise<string> {
    const path = join(OUT_DIR, `${name}.png`);
    await page.screenshot({ path, fullPage: true });
    return path;
  }
}
