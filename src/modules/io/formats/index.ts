import { cubeConverter } from './cube.js';
import { osiConverter } from './osi.js';
import type { DialectConverter } from './types.js';

/**
 * The converters an import asks, in this order, whether a parsed file is theirs (formats/types.ts).
 * dbt's (./dbt.js) joins when it lands.
 */
export const CONVERTERS: DialectConverter[] = [cubeConverter, osiConverter];

export type { ConvertedRecord, ConvertOptions, ConvertResult, Dialect, DialectConverter, DialectFile, Provenance } from './types.js';
