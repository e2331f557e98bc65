import type { ChannelQos, LiveChannel } from './device-channel.ts';
import { errorMessage } from './error-message.ts';

/** SUBACK codes of 0x80 and above are refusals ([MQTT-3.9.3], MQTT 5 reason codes). */
export const isGranted = (code: number): boolean => code < 0x80;

/**
 * Keeps `filters` subscribed for a feature: subscribes now if the session is connected, and again
 * whenever it connects with a filter missing from the session's remembered subscriptions (a new
 * `connect()` forgets them; an automatic reconnect keeps and re-sends them itself). It never
 * unsubscribes: another panel may share a filter. The SUBACK outcome is in the session store's
 * `subscriptions`. Nothing is subscribed on a provision-only session, which may subscribe to
 * `/provision/response` only (spec §1.5). Returns the function that stops watching.
 */
export function keepSubscribed(
  channel: LiveChannel,
  filters: Record<string, ChannelQos>,
  onError: (message: string) => void = () => undefined,
): () => void {
  let active = true;
  const ensure = () => {
    const { subscriptions: known, credentialKind } = channel.store.getState();
    if (credentialKind === 'provision') return;
    const missing = Object.entries(filters).filter(([filter]) => !(filter in known));
    if (missing.length === 0) return;
    channel.subscribe(Object.fromEntries(missing)).catch((error: unknown) => {
      if (active) onError(errorMessage(error));
    });
  };
  if (channel.store.getState().status === 'connected') ensure();
  const unwatch = channel.store.subscribe((state, previous) => {
    if (state.status === 'connected' && previous.status !== 'connected') ensure();
  });
  return () => {
    active = false;
    unwatch();
  };
}
