// Validates command output against the JSON Schemas in docs/schema/ (draft 2020-12, ajv), with readable errors.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv2020, type ErrorObject, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import { expect } from 'vitest';
import { ROOT } from '../helpers/cli.js';

export const SCHEMA_DIR = join(ROOT, 'docs', 'schema');
export const SCHEMA_NAMES = readdirSync(SCHEMA_DIR)
  .filter((f) => f.endsWith('.json'))
  .map((f) => f.slice(0, -5))
  .sort();

// ajv-formats is CommonJS: its default export arrives as the module object under NodeNext typings.
const addFormats = ((addFormatsModule as unknown as { default?: unknown }).default ?? addFormatsModule) as (ajv: Ajv2020) => Ajv2020;

/** A strict compiler: unknown keywords, formats or bad schemas are errors (so a schema typo cannot make it lenient). */
export function newAjv(): Ajv2020 {
  const ajv = new Ajv2020({ strict: true, allErrors: true, allowUnionTypes: true });
  addFormats(ajv);
  return ajv;
}

const ajv = newAjv();
const compiled = new Map<string, ValidateFunction>();

export function schemaOf(name: string): Record<string, unknown> {
  return JSON.parse(readFileSync(join(SCHEMA_DIR, `${name}.json`), 'utf8')) as Record<string, unknown>;
}

export function validator(name: string): ValidateFunction {
  let v = compiled.get(name);
  if (!v) {
    v = ajv.compile(schemaOf(name));
    compiled.set(name, v);
  }
  return v;
}

/** The errors of `doc` against schema `name` as `path: message` lines (empty when valid). */
export function schemaErrors(name: string, doc: unknown): string[] {
  const v = validator(name);
  return v(doc)
    ? []
    : (v.errors ?? []).map((e: ErrorObject) => `${e.instancePath || '/'}: ${e.message ?? e.keyword}${e.params ? ` ${JSON.stringify(e.params)}` : ''}`);
}

/** Asserts `doc` validates against schema `name`; `what` names the output in the failure message. */
export function expectValid(name: string, doc: unknown, what: string): void {
  expect(schemaErrors(name, doc), `${what} against docs/schema/${name}.json`).toEqual([]);
}
