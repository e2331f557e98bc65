import { setTheme, useTheme } from './theme.ts';

/** One button that switches between the light and the dark theme; pressed while dark. */
export function ThemeToggle() {
  const theme = useTheme();
  const dark = theme === 'dark';
  return (
    <button
      type="button"
      className="button button--secondary button--small"
      aria-pressed={dark}
      onClick={() => {
        setTheme(dark ? 'light' : 'dark');
      }}
    >
      <span aria-hidden="true">{dark ? '☾ ' : '☀ '}</span>
      Dark theme
    </button>
  );
}
