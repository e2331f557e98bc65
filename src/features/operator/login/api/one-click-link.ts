/** Operator credentials from the broker's one-click link: `/?role=operator&user=admin#password=…`. */
export interface OneClickLogin {
  account: string;
  password: string;
}

/**
 * Reads the password from the address's fragment (never sent to a server) and removes the fragment
 * from the address bar at once, so it does not stay in history or in a copied link.
 */
export function takeOneClickLogin(): OneClickLogin | null {
  const fragment = new URLSearchParams(window.location.hash.slice(1));
  const password = fragment.get('password');
  if (password === null || password === '') return null;
  const url = new URL(window.location.href);
  url.hash = '';
  window.history.replaceState(window.history.state, '', url.pathname + url.search);
  const account = url.searchParams.get('user') ?? 'admin';
  return { account, password };
}
