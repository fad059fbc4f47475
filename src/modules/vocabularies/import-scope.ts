import { AsyncLocalStorage } from 'node:async_hooks';
import type { Db } from '../../db/connect.js';
import type { ImportService } from '../import/service.js';
import type { VocabularySet } from './model.js';
import type { VocabularyService } from './service.js';

/**
 * The workspace vocabularies an import checks its records against. An import validates every record
 * on its own before writing any (src/modules/import/plan.ts), and a record with a value outside a
 * closed vocabulary must be refused there, for its own fault and with its record path, not fail the
 * whole batch at write time. Record normalization is synchronous and knows no workspace, so the
 * import runs inside this scope (read once per import) and normalizeMetric applies it when present.
 * Outside an import (the API's own writes, tests of the normalizer) there is no scope; API writes
 * are checked in the write path instead (EntityKind.prepareBatch).
 */
const storage = new AsyncLocalStorage<VocabularySet>();

/** The vocabularies of the import in progress, if any. */
export function importVocabularies(): VocabularySet | undefined {
  return storage.getStore();
}

/** Makes every import of `importer` run inside the vocabulary scope of its workspace. */
export function scopeImports(importer: ImportService, vocabularies: VocabularyService, db: Db): ImportService {
  const inner = importer.import.bind(importer);
  importer.import = async (ctx, ...rest) => {
    const set = await vocabularies.snapshot(db, ctx.workspaceId);
    return storage.run(set, () => inner(ctx, ...rest));
  };
  return importer;
}
