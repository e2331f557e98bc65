import { useSyncExternalStore } from 'react';

/** The colour theme: follow the system (prefers-color-scheme) until the user picks one. */
export type Theme = 'light' | 'dark';

const STORAGE_KEY = 'iothub.theme';
const listeners = new Set<() => void>();
const darkQuery = () => window.matchMedia('(prefers-color-scheme: dark)');

function stored(): Theme | null {
  const value = window.localStorage.getItem(STORAGE_KEY);
  return value === 'light' || value === 'dark' ? value : null;
}

/** The theme in effect: the user's choice, else the system's. */
export function currentTheme(): Theme {
  return stored() ?? (darkQuery().matches ? 'dark' : 'light');
}

/** Puts the theme on `<html data-theme>`; app.css reads it. */
export function applyTheme(): void {
  document.documentElement.dataset.theme = currentTheme();
}

export function setTheme(theme: Theme): void {
  window.localStorage.setItem(STORAGE_KEY, theme);
  applyTheme();
  for (const listener of listeners) listener();
}

function subscribe(listener: () => void): () => void {
  const onSystemChange = () => {
    applyTheme();
    listener();
  };
  listeners.add(listener);
  darkQuery().addEventListener('change', onSystemChange);
  return () => {
    listeners.delete(listener);
    darkQuery().removeEventListener('change', onSystemChange);
  };
}

export function useTheme(): Theme {
  return useSyncExternalStore(subscribe, currentTheme);
}
