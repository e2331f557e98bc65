import type {
  OperatorMethod,
  OperatorParsedParams,
  OperatorResult,
} from '../../src/protocol/operator-api.ts';
import type { DeviceSession } from '../platform/device-session.ts';

/** Who is calling: the operator session and the request id of the call. */
export interface CallContext {
  session: DeviceSession;
  requestId: string;
}

/** Runs one method with validated params; throws HubError for the caller's mistakes. */
export type MethodHandler<M extends OperatorMethod> = (
  params: OperatorParsedParams<M>,
  ctx: CallContext,
) => OperatorResult<M> | Promise<OperatorResult<M>>;

/** One handler per method: the compiler checks none is missing. */
export type MethodHandlers = { [M in OperatorMethod]: MethodHandler<M> };
