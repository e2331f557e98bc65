import { OperatorRequestError } from '@/client/operator-client.ts';
import { errorMessage } from '@/lib/error-message.ts';

/** What went wrong with a profile call, in plain words with what to do about it. */
export function profileErrorText(error: unknown, profileName: string): string {
  if (!(error instanceof OperatorRequestError)) return errorMessage(error);
  const said = error.message;
  switch (error.code) {
    case 'ALREADY_EXISTS':
      return `Another profile already has this name or provision key (${said}). Choose another name or generate a new key.`;
    case 'INVALID_ARGUMENT':
      return `The broker refused a value: ${said}. Correct it and save again.`;
    case 'NOT_FOUND':
      return `Profile ${profileName} no longer exists (${said}). Refresh the list.`;
    case 'FAILED_PRECONDITION':
      return /still has devices/.test(said)
        ? `Profile ${profileName} is still used by devices, so it cannot be deleted. Move those devices to another profile or delete them first.`
        : /default profile/.test(said)
          ? 'The default profile cannot be deleted or renamed: devices created without a profile use it.'
          : `The broker refused: ${said}.`;
    case 'TIMEOUT':
    case 'CANCELLED':
    case 'PUBLISH_FAILED':
      return `The broker did not answer (${said}). Check the operator connection and try again.`;
    case 'DEADLINE_EXCEEDED':
    case 'PERMISSION_DENIED':
    case 'INTERNAL':
    case 'BAD_REPLY':
      return `The broker could not do it: ${said}.`;
  }
}
