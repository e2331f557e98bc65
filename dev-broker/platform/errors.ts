/** Error codes shared by hub services and, later, the operator API. */
export type HubErrorCode =
  | 'INVALID_ARGUMENT'
  | 'NOT_FOUND'
  | 'ALREADY_EXISTS'
  | 'FAILED_PRECONDITION'
  | 'DEADLINE_EXCEEDED'
  | 'PERMISSION_DENIED'
  | 'INTERNAL';

export class HubError extends Error {
  constructor(
    readonly code: HubErrorCode,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = 'HubError';
  }
}

export const notFound = (what: string): HubError =>
  new HubError('NOT_FOUND', `${what} was not found`);
export const invalid = (message: string): HubError => new HubError('INVALID_ARGUMENT', message);
