import type { ManagedFields } from './kind.js';

/** Domains and objectives carry their server-managed fields at the top level. */
export function topLevelManaged<T extends { version?: string; created_at?: string; updated_at?: string }>() {
  return {
    managedPrefix: '',
    getManaged: (doc: T): Partial<ManagedFields> => ({ version: doc.version, created_at: doc.created_at, updated_at: doc.updated_at }),
    withManaged: (doc: T, managed: ManagedFields | null): T => {
      const { version: _v, created_at: _c, updated_at: _u, ...rest } = doc;
      return (managed ? { ...rest, ...managed } : rest) as T;
    },
  };
}
