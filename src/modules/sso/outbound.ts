import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import http from 'node:http';
import https from 'node:https';
import { BlockList, isIP, type LookupFunction } from 'node:net';

/**
 * Where the server may connect on behalf of an SSO configuration. An admin chooses the issuer, and an
 * unauthenticated `/auth/sso/:ws/start` makes the server fetch it: without these rules, a workspace
 * admin could make MDL probe its own loopback, the cloud metadata address or the internal network.
 */
export interface SsoNetworkPolicy {
  /** Plain http (loopback hosts only). Never in production; MDL_ENV=development or test. */
  allowHttp: boolean;
  /** Loopback, private, link-local and other non-public addresses (MDL_SSO_ALLOW_PRIVATE_ISSUERS). */
  allowPrivate: boolean;
}

/** The default: https to public addresses only. */
export const STRICT_SSO_NETWORK: SsoNetworkPolicy = { allowHttp: false, allowPrivate: false };

/** Addresses that are not on the public internet (IANA special-purpose registries, both families). */
const NON_PUBLIC = new BlockList();
for (const [net, bits] of [
  ['0.0.0.0', 8], ['10.0.0.0', 8], ['100.64.0.0', 10], ['127.0.0.0', 8], ['169.254.0.0', 16], ['172.16.0.0', 12],
  ['192.0.0.0', 24], ['192.0.2.0', 24], ['192.88.99.0', 24], ['192.168.0.0', 16], ['198.18.0.0', 15], ['198.51.100.0', 24],
  ['203.0.113.0', 24], ['224.0.0.0', 4], ['240.0.0.0', 4],
] as const) NON_PUBLIC.addSubnet(net, bits, 'ipv4');
for (const [net, bits] of [
  ['::', 128], ['::1', 128], ['64:ff9b:1::', 48], ['100::', 64], ['2001:db8::', 32], ['fc00::', 7], ['fe80::', 10], ['fec0::', 10], ['ff00::', 8],
] as const) NON_PUBLIC.addSubnet(net, bits, 'ipv6');

/** IPv6 forms that carry an IPv4 address (mapped, compatible, NAT64, 6to4): judged by that address. */
function embeddedIpv4(address: string): string | undefined {
  const a = address.toLowerCase();
  const dotted = /^(?:::ffff:|::|64:ff9b::)(\d{1,3}(?:\.\d{1,3}){3})$/.exec(a);
  if (dotted) return dotted[1];
  const hex = /^(?:::ffff:|64:ff9b::)([0-9a-f]{1,4}):([0-9a-f]{1,4})$/.exec(a) ?? /^2002:([0-9a-f]{1,4}):([0-9a-f]{1,4})(?::|$)/.exec(a);
  if (!hex) return undefined;
  const hi = parseInt(hex[1]!, 16);
  const lo = parseInt(hex[2]!, 16);
  return [hi >> 8, hi & 255, lo >> 8, lo & 255].join('.');
}

/** Whether an IP address (v4 or v6, without brackets) is outside the public internet. */
export function isNonPublicAddress(address: string): boolean {
  const family = isIP(address);
  if (family === 4) return NON_PUBLIC.check(address, 'ipv4');
  if (family !== 6) return true; // not an address at all: never connect to it
  const v4 = embeddedIpv4(address);
  return v4 !== undefined ? NON_PUBLIC.check(v4, 'ipv4') : NON_PUBLIC.check(address, 'ipv6');
}

const LOOPBACK_NAMES = new Set(['localhost', 'localhost.', '127.0.0.1', '::1']);

/** The host of a URL as an address or name, without IPv6 brackets. */
export function hostOf(url: URL): string {
  return url.hostname.replace(/^\[|\]$/g, '').toLowerCase();
}

/**
 * Why a provider URL may not be fetched under the policy, or undefined when it may. Names resolved
 * later are checked again at connect time (`guardedFetch`): this only judges what the URL itself says.
 */
export function providerUrlProblem(url: URL, policy: SsoNetworkPolicy): string | undefined {
  const host = hostOf(url);
  if (url.protocol === 'http:') {
    if (!policy.allowHttp || !LOOPBACK_NAMES.has(host)) return 'must use https (http only on a loopback address, outside production, with MDL_SSO_ALLOW_PRIVATE_ISSUERS=true)';
  } else if (url.protocol !== 'https:') {
    return 'must use https';
  }
  const literal = isIP(host) !== 0;
  const local = LOOPBACK_NAMES.has(host) || host.endsWith('.localhost') || (literal && isNonPublicAddress(host));
  if (local && !policy.allowPrivate) return 'must not be a loopback, private or link-local address (an instance setting, MDL_SSO_ALLOW_PRIVATE_ISSUERS, allows it)';
  return undefined;
}

/** Thrown when a name resolves to an address the policy forbids; `code` reaches the audit log as the reason. */
export class ForbiddenAddressError extends Error {
  readonly code = 'FORBIDDEN_ADDRESS';
}

/**
 * A DNS lookup that refuses non-public answers. The socket connects to the address it returns, so a
 * name that answers differently on a second lookup (DNS rebinding) cannot slip past the check.
 */
function guardedLookup(policy: SsoNetworkPolicy): LookupFunction {
  return (hostname, options, callback) => {
    dnsLookup(hostname, { ...options, all: true }, (err, addresses: LookupAddress[]) => {
      if (err) return callback(err, '', 0);
      const bad = !policy.allowPrivate && addresses.some((a) => isNonPublicAddress(a.address));
      if (bad || addresses.length === 0) return callback(new ForbiddenAddressError(`${hostname} resolves to a non-public address`), '', 0);
      if (options.all) return (callback as unknown as (e: null, a: LookupAddress[]) => void)(null, addresses);
      callback(null, addresses[0]!.address, addresses[0]!.family);
    });
  };
}

/** Provider answers larger than this are cut off (metadata, JWKS and token answers are a few KiB). */
const MAX_RESPONSE_BYTES = 1024 * 1024;

type FetchOptions = { method: string; headers: Record<string, string>; body?: unknown; signal?: AbortSignal };

/**
 * A fetch for openid-client that applies the policy to every request it makes (discovery, JWKS, token,
 * userinfo): the URL's scheme and host, then each resolved address. Redirects are not followed
 * (openid-client asks for `redirect: 'manual'`), and answers are capped in size.
 */
export function guardedFetch(policy: SsoNetworkPolicy): (url: string, options: FetchOptions) => Promise<Response> {
  const lookup = guardedLookup(policy);
  return (rawUrl, options) => new Promise<Response>((resolve, reject) => {
    const url = new URL(rawUrl);
    const problem = providerUrlProblem(url, policy);
    if (problem) return reject(new ForbiddenAddressError(`provider URL ${problem}`));
    const body = encodeBody(options.body);
    const client = url.protocol === 'https:' ? https : http;
    const req = client.request(url, { method: options.method, headers: options.headers, lookup, signal: options.signal }, (res) => {
      const chunks: Buffer[] = [];
      let size = 0;
      res.on('data', (chunk: Buffer) => {
        size += chunk.length;
        if (size > MAX_RESPONSE_BYTES) return req.destroy(new Error('the provider answer is too large'));
        chunks.push(chunk);
      });
      res.on('error', reject);
      res.on('end', () => {
        const headers = new Headers();
        for (const [name, value] of Object.entries(res.headers)) {
          for (const v of Array.isArray(value) ? value : value === undefined ? [] : [value]) headers.append(name, v);
        }
        const status = res.statusCode ?? 502;
        const noBody = status === 204 || status === 304 || (status >= 100 && status < 200);
        resolve(new Response(noBody ? null : Buffer.concat(chunks), { status, statusText: res.statusMessage ?? '', headers }));
      });
    });
    req.on('error', reject);
    req.end(body);
  });
}

function encodeBody(body: unknown): string | Buffer | undefined {
  if (body === undefined || body === null) return undefined;
  if (typeof body === 'string') return body;
  if (body instanceof URLSearchParams) return body.toString();
  if (body instanceof Uint8Array) return Buffer.from(body);
  if (body instanceof ArrayBuffer) return Buffer.from(body);
  throw new TypeError('unsupported request body for the SSO provider');
}
