import { isIP } from 'node:net';

/** How to reach the upstream hub (`--upstream` and its TLS files); ADR 0008. */
export interface UpstreamOptions {
  /** `mqtt://host[:1883]` or `mqtts://host[:8883]` (also `tcp://`, `ssl://`, `tls://`). */
  url: string;
  /** PEM text of the CA(s) that signed the hub's certificate; default: Node's trusted roots. */
  ca?: string | Buffer;
  /** PEM client certificate and key, for hubs that authenticate the bridge by X.509. */
  cert?: string | Buffer;
  key?: string | Buffer;
  /**
   * Bridge only the CONNECTs whose username or client id matches an entry (`prefix*` or exact;
   * `provision` for provisioning sessions). Absent: every device and provision session is bridged.
   */
  onlyFor?: readonly string[];
  /** Most bridged sessions at once; default 100. */
  maxSessions?: number;
  /** How long to wait for the upstream's TCP/TLS connection and CONNACK; default 10 s. */
  connectTimeoutMs?: number;
}

/** A parsed, checked upstream. */
export interface UpstreamTarget {
  host: string;
  port: number;
  tls: boolean;
  /** `host:port` as the console shows it (never credentials). */
  display: string;
  /** `mqtt://host:port` or `mqtts://host:port`. */
  url: string;
  ca: string | Buffer | undefined;
  cert: string | Buffer | undefined;
  key: string | Buffer | undefined;
}

const SCHEMES: Record<string, { tls: boolean; port: number }> = {
  'mqtt:': { tls: false, port: 1883 },
  'tcp:': { tls: false, port: 1883 },
  'mqtts:': { tls: true, port: 8883 },
  'ssl:': { tls: true, port: 8883 },
  'tls:': { tls: true, port: 8883 },
};

/** Checks `options`; the error text says what to change. */
export function parseUpstream(
  options: UpstreamOptions,
): { ok: true; value: UpstreamTarget } | { ok: false; error: string } {
  let url: URL;
  try {
    url = new URL(options.url);
  } catch {
    return {
      ok: false,
      error: `--upstream: "${options.url}" is not a URL; expected mqtt://host:1883 or mqtts://host:8883`,
    };
  }
  const scheme = SCHEMES[url.protocol];
  if (!scheme)
    return {
      ok: false,
      error: `--upstream: scheme "${url.protocol}" is not supported; use mqtt:// (TCP) or mqtts:// (TLS)`,
    };
  if (url.username !== '' || url.password !== '')
    return {
      ok: false,
      error: '--upstream: leave credentials out of the URL; each device session sends its own',
    };
  if (url.hostname === '') return { ok: false, error: `--upstream: "${options.url}" has no host` };
  if (!scheme.tls && (options.ca ?? options.cert ?? options.key) !== undefined)
    return {
      ok: false,
      error: '--upstream-ca, --upstream-cert and --upstream-key need an mqtts:// upstream',
    };
  if ((options.cert === undefined) !== (options.key === undefined))
    return { ok: false, error: '--upstream-cert and --upstream-key go together' };
  const host = url.hostname.replace(/^\[(.*)\]$/, '$1');
  const port = url.port === '' ? scheme.port : Number(url.port);
  const shown = isIP(host) === 6 ? `[${host}]` : host;
  const display = `${shown}:${String(port)}`;
  return {
    ok: true,
    value: {
      host,
      port,
      tls: scheme.tls,
      display,
      url: `${scheme.tls ? 'mqtts' : 'mqtt'}://${display}`,
      ca: options.ca,
      cert: options.cert,
      key: options.key,
    },
  };
}
