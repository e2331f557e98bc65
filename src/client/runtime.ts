/**
 * The few globals every JavaScript runtime has (browsers, Node, workers), typed here so that
 * `src/client` compiles without the DOM or Node type libraries (tsconfig.check.json). Timers are
 * looked up on each call, so fake timers installed by a test after import still apply.
 */
interface Runtime {
  setTimeout(callback: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
  TextDecoder: new () => { decode(bytes: Uint8Array): string };
  TextEncoder: new () => { encode(text: string): Uint8Array };
  console?: { error(...values: unknown[]): void };
}

const host: object = globalThis;
const runtime = (): Runtime => host as Runtime;

/** An opaque timer handle. */
export type TimerHandle = unknown;

export const startTimer = (ms: number, callback: () => void): TimerHandle =>
  runtime().setTimeout(callback, ms);

export const stopTimer = (handle: TimerHandle): void => {
  runtime().clearTimeout(handle);
};

let decoder: { decode(bytes: Uint8Array): string } | undefined;
let encoder: { encode(text: string): Uint8Array } | undefined;

/** UTF-8 text of `bytes` (invalid bytes become U+FFFD). */
export function utf8Text(bytes: Uint8Array): string {
  decoder ??= new (runtime().TextDecoder)();
  return decoder.decode(bytes);
}

/** UTF-8 bytes of `text`. */
export function utf8Bytes(text: string): Uint8Array {
  encoder ??= new (runtime().TextEncoder)();
  return encoder.encode(text);
}

/** Reports an error a listener threw without stopping the caller (the console's `console.error`). */
export function reportListenerError(where: string, error: unknown): void {
  runtime().console?.error(`${where}: a listener threw`, error);
}
