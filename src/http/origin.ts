import type { FastifyRequest } from 'fastify';
import { BadRequestError } from '../shared/errors.js';

export interface OriginOptions {
  /** Clients reach us over TLS (directly or through a TLS-terminating proxy): links are https. */
  secure?: boolean;
  /** MDL_PUBLIC_URL: links are built on this origin, not on the request's Host header. */
  publicUrl?: string;
}

/**
 * The origin clients reach MDL at, for absolute URLs handed out (an invitation link): MDL_PUBLIC_URL
 * when set, else the request's scheme and Host. A Host that does not make a URL is a 400.
 */
export function publicOrigin(request: FastifyRequest, opts: OriginOptions): string {
  if (opts.publicUrl) return opts.publicUrl;
  const scheme = opts.secure ? 'https' : request.protocol;
  try {
    return new URL(`${scheme}://${request.host}`).origin;
  } catch {
    throw new BadRequestError('invalid Host header');
  }
}
