// The explain capability's public face: what the CLI and the library use (nothing else reaches into src/explain/).
export {
  explain,
  explainBytes,
  decodeInput,
  explainDocument,
  EXPLAIN_MAX_INPUT,
  type ExplainMatch,
  type ExplainResult,
  type ExplainOptions,
  type ExplainSuggestion,
  type ExplainDocument,
} from './explain.js';
export { renderExplain, NO_PAINT, type Paint } from './render.js';
export { EXPLAIN_SIGNATURES, SIG, TLS_ALERTS, type Side, type Direction } from './signatures.js';
export * as EXPLAIN_MESSAGES from './messages.js';
export { CATALOG, entry, rerender, finding, MESSAGE_TABLES, type FindingId } from './catalogue.js';
