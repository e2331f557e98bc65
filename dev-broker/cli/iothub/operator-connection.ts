/**
 * The CLI's operator session: the typed OperatorClient of src/client over the MQTT.js port (ADR 0007),
 * with the CLI's errors — an API error (exit 1, its code and message printed), a connection that could
 * not be made or was lost (exit 3).
 */
import {
  connectOperator as connect,
  type OperatorConnection as Connection,
} from '../../../src/client/adapters/connect-operator.ts';
import { MqttConnectError } from '../../../src/client/adapters/mqtt-node.ts';
import { OperatorRequestError } from '../../../src/client/operator-client.ts';
import type {
  OperatorError,
  OperatorMethod,
  OperatorParams,
  OperatorResult,
} from '../../../src/protocol/operator-api.ts';
import type { ParsedEventTopic } from '../../../src/protocol/operator-events.ts';
import { operatorEventTopic } from '../../../src/protocol/operator-topics.ts';

/** The API answered with an error: its code and message are what the CLI prints. */
export class ApiError extends Error {
  override name = 'ApiError';
  constructor(readonly error: OperatorError) {
    super(`${error.code}: ${error.message}`);
  }
}

/** Could not connect or log in, or the connection was lost. */
export class ConnectError extends Error {
  override name = 'ConnectError';
}

export interface ConnectOptions {
  url: string;
  account: string;
  password: string;
}

/** One live event as `events --follow` prints it. */
export type EventListener = (topic: string, parsed: ParsedEventTopic, payload: unknown) => void;

export interface OperatorConnection {
  /** Calls one method; resolves with the result or rejects with an ApiError or ConnectError. */
  call<M extends OperatorMethod>(
    method: M,
    params: OperatorParams<M>,
    timeoutMs: number,
  ): Promise<OperatorResult<M>>;
  /** Subscribes to event filters; `listener` gets every event. */
  follow(filters: string[], listener: EventListener): Promise<void>;
  close(): Promise<void>;
}

const CLOSED = 'the connection to the broker closed';

/** Connects as `operator:<account>` (MQTT 5); rejects with a plain-words ConnectError. */
export async function connectOperator(o: ConnectOptions): Promise<OperatorConnection> {
  let connection: Connection;
  try {
    connection = await connect({ ...o, timeoutMs: 30_000 });
  } catch (error) {
    throw new ConnectError(connectFailure(error, o));
  }
  const { client, port } = connection;
  const asCliError = (error: unknown, method: OperatorMethod, timeoutMs: number): Error => {
    if (!(error instanceof OperatorRequestError)) return error as Error;
    if (error.fromApi) {
      const { code, message, details } = error;
      const api = { code, message, ...(details === undefined ? {} : { details }) };
      return new ApiError(api as OperatorError);
    }
    if (error.code === 'CANCELLED' || port.closed) return new ConnectError(CLOSED);
    if (error.code === 'TIMEOUT')
      return new Error(`no reply to ${method} within ${String(timeoutMs)} ms`, { cause: error });
    return error;
  };
  return {
    call: (method, params, timeoutMs) =>
      client.request(method, params, { timeoutMs }).catch((error: unknown) => {
        throw asCliError(error, method, timeoutMs);
      }),
    async follow(filters, listener) {
      client.onEvent((e) => {
        listener(
          operatorEventTopic(e.deviceId, e.kind),
          { scope: 'device', deviceId: e.deviceId, kind: e.kind },
          e.payload,
        );
      });
      client.onBrokerEvent((e) => {
        listener(operatorEventTopic(null, e.kind), { scope: 'broker', kind: e.kind }, e.payload);
      });
      await client.subscribeEvents(filters);
    },
    close: () => connection.close(),
  };
}

function connectFailure(error: unknown, o: ConnectOptions): string {
  if (!(error instanceof MqttConnectError)) return (error as Error).message;
  if (error.reason === 'closed') return `cannot reach the broker at ${o.url}`;
  const refused = error.code === 134 || error.code === 135 || error.code === 5;
  const why = refused ? `wrong password or unknown operator account "${o.account}"` : error.message;
  return `cannot log in at ${o.url}: ${why}`;
}
