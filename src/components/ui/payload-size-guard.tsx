import { useId } from 'react';

const utf8 = new TextEncoder();
const number = new Intl.NumberFormat('en-US');

/** The payload's size in bytes as MQTT sends it (UTF-8). */
export function payloadBytes(text: string): number {
  return utf8.encode(text).length;
}

/** Whether a payload of `bytes` may be sent: under the limit, the limit unknown, or "send anyway". */
export function mayExceed(bytes: number, limit: number | null, anyway: boolean): boolean {
  return limit === null || bytes <= limit || anyway;
}

/**
 * Before a send: the payload's size, and when it is over the broker's `maxPayloadSize`
 * (getSessionLimits, spec §8) a warning in plain words with a "Send anyway" box.
 */
export function PayloadSizeGuard({
  bytes,
  limit,
  anyway,
  onAnyway,
}: {
  bytes: number;
  limit: number | null;
  anyway: boolean;
  onAnyway: (anyway: boolean) => void;
}) {
  const id = useId();
  if (limit === null || bytes <= limit)
    return (
      <p className="hint" aria-label="Payload size">
        {number.format(bytes)} bytes
        {limit === null ? '' : ` (the broker accepts up to ${number.format(limit)})`}
      </p>
    );
  return (
    <div className="check check--error" role="alert" aria-label="Payload size">
      <p>
        <strong>Too large:</strong> {number.format(bytes)} bytes, over the broker&apos;s limit of{' '}
        {number.format(limit)} bytes. The broker would close the connection instead of storing it.
        Send less (fewer keys, or several messages), or send it anyway to see what happens.
      </p>
      <label className="choice" htmlFor={`${id}-anyway`}>
        <input
          id={`${id}-anyway`}
          type="checkbox"
          checked={anyway}
          onChange={(event) => {
            onAnyway(event.target.checked);
          }}
        />
        Send anyway
      </label>
    </div>
  );
}
