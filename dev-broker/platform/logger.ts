/** Minimal leveled logger, one line per message. Secrets (tokens, passwords) must never be passed to it. */
export type LogLevel = 'debug' | 'info' | 'warn' | 'error' | 'silent';

const ORDER: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40, silent: 99 };

export interface Logger {
  debug(message: string): void;
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
}

// eslint-disable-next-line no-control-regex -- control characters are exactly what is escaped
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g;
const NAMED: Record<string, string> = { '\n': '\\n', '\r': '\\r', '\t': '\\t' };

/**
 * Text from the network (client ids, topics, user names, error texts) made safe for one log line:
 * every control character (newline, CR, ESC, …, C1, the Unicode line separators) becomes a visible
 * escape (`\n`, `\x1b`, `\u2028`), so nobody can forge a log line or move the terminal's cursor.
 * Used by the logger and the events service alike.
 */
export function escapeControl(text: string): string {
  return text.replace(CONTROL, (c) => {
    const named = NAMED[c];
    if (named !== undefined) return named;
    const code = c.charCodeAt(0);
    return code < 0x100
      ? `\\x${code.toString(16).padStart(2, '0')}`
      : `\\u${code.toString(16).padStart(4, '0')}`;
  });
}

export function createLogger(
  level: LogLevel,
  write: (line: string) => void = (l) => {
    process.stdout.write(`${l}\n`);
  },
): Logger {
  const min = ORDER[level];
  const at = (lvl: LogLevel) => (message: string) => {
    if (ORDER[lvl] >= min)
      write(`${new Date().toISOString()} ${lvl.toUpperCase().padEnd(5)} ${escapeControl(message)}`);
  };
  return { debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') };
}
