/** The part of `window.location` the default broker URL depends on. */
export interface PageLocation {
  protocol: string;
  host: string;
}

/**
 * Default broker URL of the connect form: `VITE_BROKER_WS_URL` when the build sets it, otherwise
 * the page's own origin at `/mqtt` (the dev broker serves the console and MQTT over WebSocket on
 * one port, and the Vite dev server proxies `/mqtt` to it). `wss:` when the page is `https:`.
 */
export function defaultBrokerUrl(
  location: PageLocation = window.location,
  configured: string | undefined = import.meta.env.VITE_BROKER_WS_URL,
): string {
  if (configured !== undefined && configured !== '') return configured;
  const scheme = location.protocol === 'https:' ? 'wss' : 'ws';
  return `${scheme}://${location.host}/mqtt`;
}
