import { useSyncExternalStore } from 'react';

/**
 * The page's query string as shared, observable state: the selected panel, role and profile live in
 * the URL (style.md §1 state placement) so a link restores them. Writes use `history.replaceState`.
 */
const listeners = new Set<() => void>();

function notify(): void {
  for (const listener of listeners) listener();
}

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  window.addEventListener('popstate', listener);
  return () => {
    listeners.delete(listener);
    window.removeEventListener('popstate', listener);
  };
}

/** Current value of one query parameter. */
export function readSearchParam(name: string): string | null {
  return new URLSearchParams(window.location.search).get(name);
}

/** Sets (string) or removes (null) query parameters without adding a history entry. */
export function writeSearchParams(patch: Readonly<Record<string, string | null>>): void {
  const url = new URL(window.location.href);
  for (const [name, value] of Object.entries(patch)) {
    if (value === null) url.searchParams.delete(name);
    else url.searchParams.set(name, value);
  }
  window.history.replaceState(window.history.state, '', url);
  notify();
}

/** One query parameter as React state. */
export function useSearchParam(name: string): string | null {
  return useSyncExternalStore(subscribe, () => readSearchParam(name));
}
