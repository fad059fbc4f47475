import { cubeConverter } from './cube.js';
import { dbtConverter } from './dbt.js';
import { osiConverter } from './osi.js';
import type { DialectConverter } from './types.js';

/**
 * The converters an import asks, in this order, whether a parsed file is theirs (formats/types.ts).
 * dbt's is asked first: a dbt file's top-level `metrics:` is also MDL's record list, and its detect
 * tells the two apart (and refuses Cube and OSI documents itself).
 */
export const CONVERTERS: DialectConverter[] = [dbtConverter, cubeConverter, osiConverter];

export type { ConvertedRecord, ConvertOptions, ConvertResult, Dialect, DialectConverter, DialectFile, Provenance } from './types.js';
