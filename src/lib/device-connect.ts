import { useStore } from 'zustand';
import { createStore } from 'zustand/vanilla';

import type { ConnectOptions, MqttSession } from '@/session/mqtt-session.ts';

/** A connection of the device session that a panel (not the connect form) asked for. */
export interface DeviceConnectRequest {
  options: ConnectOptions;
  /** Bumped per request, so the same credentials twice still count as two requests. */
  seq: number;
}

interface DeviceConnectState {
  last: DeviceConnectRequest | null;
  /** CONNECT username → the platform device's name, as far as the console has learned it. */
  names: Readonly<Record<string, string>>;
}

/**
 * Connections asked for elsewhere (Provision's "Connect as this device", the operator's "Simulate")
 * and the device names the console learned for credentials: the connect form loads the last request
 * into its fields, the connection status names the device.
 */
export const deviceConnectStore = createStore<DeviceConnectState>()(() => ({
  last: null,
  names: {},
}));

/** Remembers that the credential with CONNECT username `username` is the device `deviceName`. */
export function rememberDeviceName(username: string, deviceName: string): void {
  const { names } = deviceConnectStore.getState();
  if (names[username] === deviceName) return;
  deviceConnectStore.setState({ names: { ...names, [username]: deviceName } });
}

/** The CONNECT username these credentials send (the access token, or the basic username). */
export function connectUsername(options: ConnectOptions): string | null {
  const { credentials } = options;
  if (credentials.kind === 'token') return credentials.token;
  if (credentials.kind === 'basic') return credentials.username;
  return null;
}

/**
 * Connects the device session as asked and tells the connect form; with `deviceName`, the status
 * names the device from then on.
 */
export function connectDeviceAs(
  session: Pick<MqttSession, 'connect'>,
  options: ConnectOptions,
  deviceName: string | null = null,
): void {
  const username = connectUsername(options);
  if (deviceName !== null && deviceName !== '' && username !== null)
    rememberDeviceName(username, deviceName);
  const seq = (deviceConnectStore.getState().last?.seq ?? 0) + 1;
  deviceConnectStore.setState({ last: { options, seq } });
  session.connect(options);
}

/** The device name known for a CONNECT username, or null. */
export function useDeviceName(username: string | null): string | null {
  return useStore(deviceConnectStore, (s) =>
    username === null ? null : (s.names[username] ?? null),
  );
}
