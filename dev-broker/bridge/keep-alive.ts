/** What the keep-alive of a bridged session asks its owner to do. */
export interface KeepAliveActions {
  /** The device sent nothing for 1.5 × keep-alive [MQTT-3.1.2-24]. */
  deviceSilent(): void;
  /** Nothing was written to the hub for a while: send it a PINGREQ [MQTT-3.1.2-23]. */
  pingHub(): void;
  /** The hub did not answer a PINGREQ within a keep-alive period. */
  hubSilent(): void;
}

/**
 * Keep-alive per side (ADR 0008): the bridge is the device's server and the hub's client. The device
 * side is one timer refreshed by every packet from the device. The hub side ticks every half period:
 * a PINGREQ goes out when the last half period wrote nothing (so the hub never sees a gap of more
 * than one period), and the session ends when two ticks pass after a PINGREQ without a packet back.
 */
export class SessionKeepAlive {
  #device: NodeJS.Timeout | null = null;
  #hub: NodeJS.Timeout | null = null;
  #wrote = false;
  #heard = false;
  #pingTick: number | null = null;
  #tick = 0;

  constructor(private readonly actions: KeepAliveActions) {}

  /** Starts both sides with `seconds` (0 disables keep-alive, as in MQTT). */
  start(seconds: number): void {
    this.stop();
    if (seconds <= 0) return;
    const ms = seconds * 1000;
    this.#device = setTimeout(() => {
      this.actions.deviceSilent();
    }, ms * 1.5);
    this.#hub = setInterval(() => {
      this.#onTick();
    }, ms / 2);
    this.#device.unref();
    this.#hub.unref();
  }

  /** A packet came from the device. */
  fromDevice(): void {
    this.#device?.refresh();
  }

  /** Something was written to the hub. */
  toHub(): void {
    this.#wrote = true;
  }

  /** A packet came from the hub. */
  fromHub(): void {
    this.#heard = true;
  }

  stop(): void {
    if (this.#device) clearTimeout(this.#device);
    if (this.#hub) clearInterval(this.#hub);
    this.#device = null;
    this.#hub = null;
  }

  #onTick(): void {
    this.#tick++;
    if (this.#heard) {
      this.#heard = false;
      this.#pingTick = null;
    } else if (this.#pingTick !== null && this.#tick - this.#pingTick >= 2) {
      this.stop();
      this.actions.hubSilent();
      return;
    }
    if (!this.#wrote && this.#pingTick === null) {
      this.#pingTick = this.#tick;
      this.actions.pingHub();
    }
    this.#wrote = false;
  }
}
