// The `--html FILE` option shared by probe, listen, registry, logs and scan: the same page `mailtls report` writes.
import { MailtlsError } from '../errors.js';
import type { Lang } from '../i18n/lang.js';
import { writeHtmlReport } from '../report/index.js';
import { sanitize } from '../net/sanitize.js';

/** Writes the self-contained HTML report of a command's JSON result when `--html` was given. */
export async function writeHtmlIfAsked(doc: unknown, file: string | undefined, lang: Lang): Promise<void> {
  if (!file) return;
  try {
    // JSON round trip: the page is built from exactly what --json would print.
    await writeHtmlReport(JSON.parse(JSON.stringify(doc)) as unknown, file, lang);
  } catch (e) {
    if (e instanceof MailtlsError) throw e;
    throw new MailtlsError('EIO', `${sanitize(file, 200)}: ${(e as Error).message}`);
  }
}
