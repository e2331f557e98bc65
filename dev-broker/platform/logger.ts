/** Minimal leveled logger. Secrets (tokens, passwords) must never be passed to it. */
export type LogLevel = 'debug' | 'info' | 'warn' | 'error' | 'silent';

const ORDER: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40, silent: 99 };

export interface Logger {
  debug(message: string): void;
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
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
      write(`${new Date().toISOString()} ${lvl.toUpperCase().padEnd(5)} ${message}`);
  };
  return { debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') };
}
