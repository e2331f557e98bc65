import { otaTelemetryKeys, type OtaState } from '../../src/protocol/codecs/firmware.ts';
import type { OtaKind } from '../../src/protocol/topics.ts';

/** Publishes telemetry at QoS 1 (the device client's `sendTelemetry`); rejects when disconnected. */
export type SendTelemetry = (payload: string) => Promise<unknown>;

/**
 * Reports the device-side OTA state as telemetry (spec §11): `fw_state` (or `sw_state`) plus extra
 * keys such as `fw_error` or `current_fw_version`, in the `{ts, values}` shape with strictly increasing
 * timestamps, so that two states sent in one millisecond stay two points in the history.
 */
export class OtaStateReporter {
  readonly keys;
  #lastTs = 0;

  constructor(
    private readonly send: SendTelemetry,
    kind: OtaKind,
  ) {
    this.keys = otaTelemetryKeys(kind);
  }

  /** Publishes the state; a state lost with the connection is not resent, as on a real device. */
  report(state: OtaState, extra: Readonly<Record<string, string>> = {}): void {
    this.#lastTs = Math.max(Date.now(), this.#lastTs + 1);
    const payload = JSON.stringify({
      ts: this.#lastTs,
      values: { [this.keys.state]: state, ...extra },
    });
    this.send(payload).catch(() => {
      // the connection dropped
    });
  }
}
