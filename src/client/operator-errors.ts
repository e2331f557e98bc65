import type { OperatorErrorCode, OperatorMethod } from '../protocol/operator-api.ts';

/**
 * Why an operator call failed: an error code of the API (docs/operator-api.md "Errors"), or one of
 * the client's own — `TIMEOUT` (no reply in time), `CANCELLED` (the connection went, or the client
 * was disposed), `PUBLISH_FAILED` (the request could not be sent or the broker refused it) and
 * `BAD_REPLY` (the reply was not an operator API envelope).
 */
export type OperatorClientErrorCode =
  OperatorErrorCode | 'TIMEOUT' | 'CANCELLED' | 'PUBLISH_FAILED' | 'BAD_REPLY';

/** A failed operator call. `cause` is the request id. */
export class OperatorRequestError extends Error {
  override readonly name = 'OperatorRequestError';
  readonly code: OperatorClientErrorCode;
  /** `details` of the API's error reply (e.g. `{ issues }` of INVALID_ARGUMENT). */
  readonly details: unknown;
  /** The method called, when known. */
  readonly method: OperatorMethod | undefined;

  constructor(
    code: OperatorClientErrorCode,
    message: string,
    options: { cause: string; details?: unknown; method?: OperatorMethod },
  ) {
    super(message, { cause: options.cause });
    this.code = code;
    this.details = options.details;
    this.method = options.method;
  }

  /** True for the codes the broker answered with (not the client's own). */
  get fromApi(): boolean {
    return !CLIENT_CODES.has(this.code);
  }
}

const CLIENT_CODES: ReadonlySet<OperatorClientErrorCode> = new Set([
  'TIMEOUT',
  'CANCELLED',
  'PUBLISH_FAILED',
  'BAD_REPLY',
]);
