import type { Logger } from '../platform/logger.ts';

/**
 * Wraps a listener callback (HTTP request, upgrade, WebSocket connection, TCP connection) so that
 * nothing it throws can end the process: the error is logged and `cleanup` ends that one request or
 * socket. Nothing that arrives on a socket may stop the broker.
 */
export function guard<A extends unknown[]>(
  log: Logger,
  what: string,
  handler: (...args: A) => void,
  cleanup: (...args: A) => void,
): (...args: A) => void {
  return (...args: A) => {
    try {
      handler(...args);
    } catch (error) {
      log.error(
        `${what} failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`,
      );
      try {
        cleanup(...args);
      } catch {
        // the socket is already gone
      }
    }
  };
}
