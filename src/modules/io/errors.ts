import { BadRequestError, DomainError } from '../../shared/errors.js';

export interface SourceLocation {
  line: number;
  column: number;
  /** True when only the region is known (a JSON stream that cannot be re-read to pinpoint it). */
  approximate?: boolean;
}

/** An import file that cannot be read: malformed JSON/YAML or a shape that is not a catalog or record. */
export class ImportSourceError extends BadRequestError {
  declare readonly details: { location?: SourceLocation } | undefined;
  constructor(message: string, readonly location?: SourceLocation) {
    super(location ? `${message} (${location.approximate ? 'near ' : 'at '}line ${location.line}, column ${location.column})` : message, location ? { location } : undefined);
  }
}

/** One record of a YAML file spans more text than the YAML reader holds at once (HTTP 413). */
export class YamlRecordTooLargeError extends DomainError {
  readonly code = 'YAML_RECORD_TOO_LARGE';
  declare readonly details: { limit_bytes: number; location: SourceLocation };
}
