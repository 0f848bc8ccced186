/**
 * Who may send requests. The endpoint has no authentication, so it must not be reachable from web pages:
 * any page open in a local browser can POST a form to 127.0.0.1 (the Query protocol's content type needs no
 * CORS preflight) or load an image from it, and DNS rebinding lets a page send requests to it under the
 * page's own host name. So, unless allowed by name:
 *
 * - a request carrying an Origin header is refused (the SDKs and the CLI never send one; browsers do on
 *   every cross-origin POST);
 * - a request a browser marks as cross-site or same-site (Sec-Fetch-Site) is refused, which covers the
 *   GET of an image or a link, sent without Origin;
 * - a Host that is not a loopback name or address, the address the endpoint listens on, or (when it
 *   listens on every interface) one of this machine's addresses is refused: a rebound name fails here.
 */
import type { IncomingHttpHeaders } from 'node:http';
import { isIP } from 'node:net';
import { networkInterfaces } from 'node:os';
import { ServiceError } from './service-error.js';

/** "*" in allowedHosts or allowedOrigins allows any. */
export const ANY = '*';

export interface OriginRules {
  /** The address the endpoint listens on. */
  readonly listenHost: string;
  readonly allowedHosts: readonly string[];
  readonly allowedOrigins: readonly string[];
}

const WILDCARD_HOSTS = new Set(['0.0.0.0', '::', '0:0:0:0:0:0:0:0']);

/** A host name without brackets, port or case: `[::1]:4582` -> `::1`. */
export function normalizeHost(host: string): string {
  const lower = host.trim().toLowerCase();
  if (lower.startsWith('[')) return lower.slice(1, lower.indexOf(']') < 0 ? undefined : lower.indexOf(']'));
  // One colon is a port; more are an IPv6 address written without brackets.
  const colons = lower.split(':').length - 1;
  return colons === 1 ? lower.slice(0, lower.indexOf(':')) : lower;
}

/** localhost, a name under .localhost (resolved to loopback by browsers), 127.0.0.0/8 or ::1. */
export function isLoopbackHost(host: string): boolean {
  const name = normalizeHost(host);
  if (name === 'localhost' || name.endsWith('.localhost')) return true;
  if (isIP(name) === 4) return name.startsWith('127.');
  return name === '::1' || name === '0:0:0:0:0:0:0:1';
}

export function isWildcardHost(host: string): boolean {
  return WILDCARD_HOSTS.has(normalizeHost(host));
}

function ownAddresses(): Set<string> {
  const addresses = new Set<string>();
  for (const list of Object.values(networkInterfaces())) {
    for (const entry of list ?? []) addresses.add(normalizeHost(entry.address));
  }
  return addresses;
}

function header(headers: IncomingHttpHeaders, name: string): string | undefined {
  const value = headers[name];
  return Array.isArray(value) ? value[0] : value;
}

/** Decides, per request, whether it may be served. */
export class OriginGuard {
  private readonly listenHost: string;
  private readonly allowedHosts: Set<string>;
  private readonly allowedOrigins: Set<string>;
  /** This machine's addresses, read once, when the endpoint listens on all of them. */
  private readonly ownAddresses: Set<string> | undefined;

  constructor(rules: OriginRules) {
    this.listenHost = normalizeHost(rules.listenHost);
    this.allowedHosts = new Set(rules.allowedHosts.map(normalizeHost));
    this.allowedOrigins = new Set(rules.allowedOrigins.map((o) => o.trim().toLowerCase()));
    this.ownAddresses = isWildcardHost(this.listenHost) ? ownAddresses() : undefined;
  }

  /** The reason to refuse a request, or undefined to serve it. */
  problem(headers: IncomingHttpHeaders): ServiceError | undefined {
    return this.hostProblem(header(headers, 'host')) ?? this.originProblem(headers);
  }

  private hostProblem(host: string | undefined): ServiceError | undefined {
    // HTTP/1.0 may omit Host; browsers never do.
    if (host === undefined || this.allowedHosts.has(ANY)) return undefined;
    const name = normalizeHost(host);
    if (
      isLoopbackHost(name) ||
      name === this.listenHost ||
      this.allowedHosts.has(name) ||
      (this.ownAddresses !== undefined && isIP(name) !== 0 && this.ownAddresses.has(name))
    ) {
      return undefined;
    }
    const shown = name.slice(0, 100);
    return new ServiceError(
      'ForbiddenHost',
      `Host ${shown} is not a name of this endpoint: it answers to localhost, loopback addresses and the ` +
        `address it listens on (${this.listenHost}), so that no web page can reach it through DNS rebinding. ` +
        `To allow this name, start it with allowedHosts: ['${shown}'] (CLI: --allowed-hosts ${shown}).`,
      403,
    );
  }

  private originProblem(headers: IncomingHttpHeaders): ServiceError | undefined {
    if (this.allowedOrigins.has(ANY)) return undefined;
    const origin = header(headers, 'origin');
    if (origin !== undefined) {
      if (this.allowedOrigins.has(origin.trim().toLowerCase())) return undefined;
      const shown = origin.slice(0, 100);
      return new ServiceError(
        'ForbiddenOrigin',
        `Requests from web pages are refused, and this one comes from Origin ${shown}: with no ` +
          'authentication, any page in a local browser could otherwise write to or reset this endpoint. ' +
          `To allow it, start it with allowedOrigins: ['${shown}'] (CLI: --allowed-origins ${shown}).`,
        403,
      );
    }
    const site = header(headers, 'sec-fetch-site')?.trim().toLowerCase();
    if (site === 'cross-site' || site === 'same-site') {
      return new ServiceError(
        'ForbiddenOrigin',
        `Requests a browser makes for another site (Sec-Fetch-Site: ${site}) are refused: with no ` +
          'authentication, any page in a local browser could otherwise write to or reset this endpoint. ' +
          "To allow them, start it with allowedOrigins: ['*'] (CLI: --allowed-origins '*').",
        403,
      );
    }
    return undefined;
  }
}
