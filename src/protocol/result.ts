/** A decoder outcome: decoders in this folder never throw, they return a Result. */
export type Result<T, E = ProtocolError> = { ok: true; value: T } | { ok: false; error: E };

/** Why a frame was refused: the topic, the JSON text, or the shape of the parsed value. */
export type ProtocolErrorKind = 'bad-topic' | 'bad-json' | 'schema' | 'timeout';

export interface ProtocolError {
  kind: ProtocolErrorKind;
  message: string;
}

export const ok = <T>(value: T): Result<T, never> => ({ ok: true, value });

export const fail = (kind: ProtocolErrorKind, message: string): Result<never> => ({
  ok: false,
  error: { kind, message },
});
