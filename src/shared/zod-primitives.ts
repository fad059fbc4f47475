import { z } from 'zod';
import { freeValue } from './free-value.js';

/**
 * Text that may be stored in a column or looked up by one. U+0000 cannot be stored in PostgreSQL text
 * (SQLite would keep it), so it is refused on every engine alike, as a validation error.
 */
export const NO_NUL = /^[^\u0000]*$/;
export const NO_NUL_MESSAGE = 'must not contain the NUL character (U+0000)';
export const columnText = z.string().regex(NO_NUL, NO_NUL_MESSAGE);

/** Short free text (names, owners, codes). */
export const shortText = columnText.max(500);
/** Long free text (descriptions, formulas, notes). */
export const longText = columnText.max(20_000);
export const stringList = z.array(shortText).max(1000);

/**
 * Stable, user-chosen identifiers (metric_id, domain_id, objective_id, kr_id).
 * Letters, digits and . _ : - only, so ids are safe in URLs, file names and Rego data keys.
 */
/** What an id may be: also what an id prefix (`--id-prefix`) may be, since generated ids start with it. */
export const ENTITY_ID = /^[A-Za-z0-9][A-Za-z0-9._:-]*$/;

export const entityId = z
  .string()
  .min(1, 'must not be empty')
  .max(128)
  .regex(ENTITY_ID, 'may contain only letters, digits and . _ : - and must start with a letter or digit');

/** A reference to another entity: same alphabet as ids (an empty string is not a reference). */
export const entityRef = entityId;
export const entityRefList = z.array(entityRef).max(1000);

/**
 * Optional enum fields. An empty string (as in the blank public templates) is accepted and kept, so
 * files round-trip unchanged; every reader treats it as "not set".
 */
export function optionalEnum<const T extends readonly [string, ...string[]]>(values: T) {
  return z.enum([...values, ''] as unknown as readonly [...T, '']).nullish();
}

export const nullableNumber = z.number().finite().nullish();

/** ISO-8601 timestamps or dates as written in files; kept verbatim. */
export const timestamp = columnText.max(64);

/** A loose object for free-form sub-documents (example calculations, metadata blocks), under the free-object rule (free-value.ts). */
export const freeObject = freeValue(z.record(z.string(), z.unknown()));

/**
 * Unknown fields carried by imported files, keyed by JSON Pointer (RFC 6901) of where they stood.
 * Exports write them back in place, so nothing a file carries is dropped.
 */
export const extensions = freeValue(z.record(z.string().max(1000), z.unknown()));

export const semver = z.string().regex(/^\d+\.\d+\.\d+$/, 'must be a semantic version like 1.2.3');

/** Server-managed fields of domains and objectives (set on every write; kept from files on create). */
export const managedTopLevel = {
  version: columnText.optional(),
  created_at: columnText.optional(),
  updated_at: columnText.optional(),
};
