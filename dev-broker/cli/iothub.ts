/**
 * `npx iothub …`: the operator API (docs/operator-api.md) from the command line, so scripts and demos
 * need no browser. Readable output by default, JSON with --json; API errors exit 1 with their code.
 */
import { runIothub } from './iothub/run-iothub.ts';

const interrupted = new Promise<void>((resolve) => {
  process.once('SIGINT', () => resolve());
  process.once('SIGTERM', () => resolve());
});
process.exitCode = await runIothub(
  process.argv.slice(2),
  process.env,
  {
    out: (text) => process.stdout.write(text),
    err: (text) => process.stderr.write(text),
    errIsTTY: process.stderr.isTTY,
  },
  interrupted,
);
