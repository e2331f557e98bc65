// `npm run dev`: the dev broker and the Vite dev server together. Vite proxies /mqtt to the
// broker's HTTP port (IOTHUB_HTTP_PORT, default 8080; see vite.config.ts). Arguments after
// `npm run dev --` go to the broker. When either process exits, the other is stopped too.
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const vitePort = process.env.IOTHUB_VITE_PORT ?? '5173';
// The broker's banner names the Vite dev server (hot reload) as the console, not its own port.
const env = {
  ...process.env,
  IOTHUB_HTTP_PORT: process.env.IOTHUB_HTTP_PORT ?? '8080',
  IOTHUB_CONSOLE_URL: process.env.IOTHUB_CONSOLE_URL ?? `http://localhost:${vitePort}/`,
};

const children = [
  {
    name: 'broker',
    args: ['--import', 'tsx', 'dev-broker/main.ts', ...process.argv.slice(2)],
  },
  {
    name: 'vite',
    // --strictPort: the URL in the banner is the one Vite really uses (it fails instead of moving).
    args: [
      join(root, 'node_modules', 'vite', 'bin', 'vite.js'),
      '--port',
      vitePort,
      '--strictPort',
    ],
  },
].map(({ name, args }) => ({
  name,
  child: spawn(process.execPath, args, { cwd: root, env, stdio: 'inherit' }),
}));

let exitCode = null;

function stopAll(signal) {
  for (const { child } of children) {
    if (child.exitCode === null && child.signalCode === null) child.kill(signal);
  }
}

for (const { name, child } of children) {
  child.on('exit', (code, signal) => {
    if (exitCode === null) {
      exitCode = code ?? (signal === 'SIGINT' || signal === 'SIGTERM' ? 0 : 1);
      console.log(`dev: ${name} exited (${signal ?? `code ${code}`}); stopping the other process`);
      stopAll('SIGTERM');
    }
    if (children.every(({ child: c }) => c.exitCode !== null || c.signalCode !== null)) {
      process.exit(exitCode);
    }
  });
  child.on('error', (error) => {
    console.error(`dev: could not start ${name}: ${error.message}`);
    exitCode ??= 1;
    stopAll('SIGTERM');
  });
}

for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => {
    exitCode ??= 0;
    stopAll(signal);
  });
}
