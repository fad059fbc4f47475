import type * as Yaml from 'yaml';
import { requireLazily } from '../../shared/lazy-require.js';

let lib: typeof Yaml | undefined;

/** The `yaml` library, loaded at the first YAML read or write rather than at every start (about 70 files). */
export function yaml(): typeof Yaml {
  return (lib ??= requireLazily<typeof Yaml>('yaml'));
}
