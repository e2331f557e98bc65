import { connect as netConnect, isIP, type Socket } from 'node:net';
import { connect as tlsConnect } from 'node:tls';

import type { UpstreamTarget } from './upstream-target.ts';

/** TLS verification failures: the hub's certificate chain is not trusted by the bridge. */
const UNTRUSTED = new Set([
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'CERT_SIGNATURE_FAILURE',
  'CERT_UNTRUSTED',
]);

/** Why the upstream could not be used, in words that name the fix. */
export function describeUpstreamError(target: UpstreamTarget, error: Error): string {
  const code = (error as NodeJS.ErrnoException).code ?? '';
  if (UNTRUSTED.has(code))
    return `TLS: the certificate of ${target.display} is not trusted (${code}: ${error.message}); pass the CA that signed it with --upstream-ca`;
  if (code === 'ERR_TLS_CERT_ALTNAME_INVALID')
    return `TLS: the certificate of ${target.display} is for another host (${error.message}); use the host name the certificate names in --upstream`;
  if (code === 'CERT_HAS_EXPIRED' || code === 'CERT_NOT_YET_VALID')
    return `TLS: the certificate of ${target.display} is not valid now (${code})`;
  // OpenSSL's text is long and multi-line; its alert name is what matters
  const alert = /(?:tlsv1\d? )?alert [a-z ]+/i.exec(error.message)?.[0];
  if (alert !== undefined)
    return `TLS: ${target.display} refused the bridge's client certificate (${alert}); check --upstream-cert and --upstream-key`;
  const message = error.message.trim().replace(/\s+/g, ' ');
  return `${message}${code && !message.includes(code) ? ` (${code})` : ''}`;
}

/**
 * Opens a TCP or TLS connection to the upstream hub. Resolves with the connected socket, or with the
 * reason it could not connect within `timeoutMs` (never rejects).
 */
export function dialUpstream(
  target: UpstreamTarget,
  timeoutMs: number,
): Promise<{ ok: true; socket: Socket } | { ok: false; error: string }> {
  return new Promise((resolve) => {
    const socket: Socket = target.tls
      ? tlsConnect({
          host: target.host,
          port: target.port,
          ...(isIP(target.host) === 0 ? { servername: target.host } : {}),
          ...(target.ca === undefined ? {} : { ca: target.ca }),
          ...(target.cert === undefined ? {} : { cert: target.cert }),
          ...(target.key === undefined ? {} : { key: target.key }),
        })
      : netConnect({ host: target.host, port: target.port });
    const timer = setTimeout(() => {
      finish({ ok: false, error: `no connection within ${String(timeoutMs)} ms` });
      socket.destroy();
    }, timeoutMs);
    const finish = (outcome: { ok: true; socket: Socket } | { ok: false; error: string }) => {
      clearTimeout(timer);
      socket.off('error', onError);
      resolve(outcome);
    };
    const onError = (error: Error) => {
      finish({ ok: false, error: describeUpstreamError(target, error) });
      socket.destroy();
    };
    socket.once('error', onError);
    socket.once(target.tls ? 'secureConnect' : 'connect', () => {
      socket.setNoDelay(true);
      finish({ ok: true, socket });
    });
  });
}
