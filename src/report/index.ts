// The report capability's public face: what the CLI and the library use (nothing else reaches into src/report/).
export {
  renderReport,
  renderReportWithSummary,
  parseReportInput,
  validateReportInput,
  writeReport,
  writeHtmlReport,
  type ReportOptions,
  type ReportSummary,
} from './render.js';
export { detectKind, REPORT_KINDS, type ReportKind, type Verdict } from './types.js';
export * as REPORT_MESSAGES from './messages.js';
export * as REPORT_CONNECTOR_MESSAGES from './connector-messages.js';
