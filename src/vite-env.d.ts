/// <reference types="vite/client" />

interface ImportMetaEnv {
  /** Broker WebSocket URL to prefill in the connect form; default: same origin `/mqtt`. */
  readonly VITE_BROKER_WS_URL?: string;
}

interface ImportMeta {
  readonly env: ImportMetaEnv;
}
