import { readFileSync } from 'node:fs';

import { parseOnlyFor } from '../bridge/connect-rule.ts';
import type { UpstreamOptions } from '../bridge/upstream-target.ts';

/** The bridge-mode flags as given (file paths, not their contents); ADR 0008. */
export interface UpstreamArgs {
  url?: string;
  ca?: string;
  cert?: string;
  key?: string;
  onlyFor?: string;
  maxSessions?: string;
}

const FLAGS: Record<string, keyof UpstreamArgs> = {
  '--upstream': 'url',
  '--upstream-ca': 'ca',
  '--upstream-cert': 'cert',
  '--upstream-key': 'key',
  '--upstream-only-for': 'onlyFor',
  '--upstream-max-sessions': 'maxSessions',
};

const ENV: Record<keyof UpstreamArgs, string> = {
  url: 'IOTHUB_UPSTREAM',
  ca: 'IOTHUB_UPSTREAM_CA',
  cert: 'IOTHUB_UPSTREAM_CERT',
  key: 'IOTHUB_UPSTREAM_KEY',
  onlyFor: 'IOTHUB_UPSTREAM_ONLY_FOR',
  maxSessions: 'IOTHUB_UPSTREAM_MAX_SESSIONS',
};

export const UPSTREAM_USAGE = `
Bridge mode: device sessions relayed one to one to a real hub (README "Bridge mode")
  --upstream <url>             mqtt://host:1883 or mqtts://host:8883   env IOTHUB_UPSTREAM
  --upstream-ca <file>         PEM CA of the hub's TLS certificate     env IOTHUB_UPSTREAM_CA
  --upstream-cert <file>       PEM client certificate (X.509)          env IOTHUB_UPSTREAM_CERT
  --upstream-key <file>        PEM key of that certificate             env IOTHUB_UPSTREAM_KEY
  --upstream-only-for <list>   bridge only these, the rest stays       env IOTHUB_UPSTREAM_ONLY_FOR
                               local: prefix*, exact token or client id, provision
  --upstream-max-sessions <n>  most bridged sessions (default 100)     env IOTHUB_UPSTREAM_MAX_SESSIONS
`;

/** Which UpstreamArgs field a flag sets, if it is a bridge-mode flag. */
export function upstreamFlag(flag: string): keyof UpstreamArgs | undefined {
  return FLAGS[flag];
}

/** The bridge-mode environment variables that are set (empty counts as unset). */
export function upstreamArgsFromEnv(env: NodeJS.ProcessEnv): UpstreamArgs {
  const args: UpstreamArgs = {};
  for (const [field, name] of Object.entries(ENV) as [keyof UpstreamArgs, string][]) {
    const value = env[name];
    if (value !== undefined && value !== '') args[field] = value;
  }
  return args;
}

/**
 * Checks the flags together and reads the PEM files: undefined without --upstream, or the
 * options for startDevBroker, or an error text naming the flag to fix.
 */
export function loadUpstream(
  args: UpstreamArgs,
  read: (path: string) => Buffer = (path) => readFileSync(path),
): { ok: true; value: UpstreamOptions | undefined } | { ok: false; error: string } {
  const { url, ca, cert, key, onlyFor, maxSessions } = args;
  if (url === undefined) {
    const stray = (Object.keys(args) as (keyof UpstreamArgs)[])[0];
    if (stray === undefined) return { ok: true, value: undefined };
    const flag = Object.keys(FLAGS).find((f) => FLAGS[f] === stray) ?? stray;
    return { ok: false, error: `${flag} needs --upstream` };
  }
  if (maxSessions !== undefined && !/^[1-9]\d*$/.test(maxSessions))
    return {
      ok: false,
      error: `--upstream-max-sessions must be a whole number ≥ 1, got "${maxSessions}"`,
    };
  const files: Partial<Record<'ca' | 'cert' | 'key', Buffer>> = {};
  for (const [field, path] of [
    ['ca', ca],
    ['cert', cert],
    ['key', key],
  ] as const) {
    if (path === undefined) continue;
    try {
      files[field] = read(path);
    } catch (error) {
      return {
        ok: false,
        error: `--upstream-${field}: cannot read ${path}: ${(error as Error).message}`,
      };
    }
  }
  return {
    ok: true,
    value: {
      url,
      ...files,
      ...(onlyFor === undefined ? {} : { onlyFor: parseOnlyFor(onlyFor) }),
      ...(maxSessions === undefined ? {} : { maxSessions: Number(maxSessions) }),
    },
  };
}
