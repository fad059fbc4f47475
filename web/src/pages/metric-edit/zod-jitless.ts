import { z } from 'zod';

/**
 * Zod compiles object parsers with `new Function` unless told not to, and merely probing whether it may
 * is a CSP violation under the dashboard's policy (no 'unsafe-eval'). The flag is read when a schema is
 * built, so this module is imported before the shared schema is (model.ts imports it first).
 */
z.config({ jitless: true });
