// The CLI's message catalogue: every finding and every UI string (explain's catalogue of findings, plus report's and the CLI's own strings).
import { catalogue } from '../findings/catalog.js';
import { MESSAGE_TABLES } from '../explain/index.js';
import { REPORT_CONNECTOR_MESSAGES, REPORT_MESSAGES } from '../report/index.js';
import * as cli from './messages.js';

const all = catalogue(
  ...MESSAGE_TABLES,
  { name: 'report', findings: REPORT_MESSAGES.findings, ui: REPORT_MESSAGES.ui },
  { name: 'report-connector', findings: REPORT_CONNECTOR_MESSAGES.findings, ui: REPORT_CONNECTOR_MESSAGES.ui },
  { name: 'cli', findings: cli.findings, ui: cli.ui },
);

/** Every finding id known to mailtls, with its texts. */
export const CATALOG = all.CATALOG;
/** Every human-interface string, keyed `capability.name`. */
export const UI = all.UI;
/** Builds a finding, renders an entry, a finding in another language, or a UI string (an unknown key throws). */
export const { finding, entry, rerender, text: ui } = all;
export { SEVERITY_RANK, worst } from '../findings/catalog.js';
export type { FindingId } from '../explain/index.js';
