// The `--html FILE` option shared by probe, listen, registry, logs and scan: the same page `mailtls report` writes.
import type { Lang } from '../i18n/lang.js';
import { renderReportWithSummary } from '../report/index.js';
import { writeOutput, type PlannedOutput } from './contract.js';

/** Writes the self-contained HTML report of a command's JSON result to a planned `--html` output (file or `-`). */
export async function writeHtmlIfAsked(doc: unknown, out: PlannedOutput | undefined, lang: Lang): Promise<void> {
  if (!out) return;
  // JSON round trip: the page is built from exactly what --json would print.
  const { html } = renderReportWithSummary([JSON.parse(JSON.stringify(doc)) as unknown], { lang });
  await writeOutput(out, html, lang);
}
