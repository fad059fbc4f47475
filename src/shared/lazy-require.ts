import { createRequire } from 'node:module';

/**
 * Loads a CommonJS package at its first use instead of at start-up (issue 10: ioredis, pg, nodemailer
 * and yaml loaded hundreds of files into every server start that never used them). Import the
 * package's types with `import type`, and call this where a value is first needed.
 */
export const requireLazily = createRequire(import.meta.url) as <T>(id: string) => T;
