// `npm run consumer-check`: proves the npm package works in someone else's project. It packs this
// repository (`npm pack`, whose prepack builds dist/ and lib/), installs the tarball into a fresh npm
// project under os.tmpdir() together with @playwright/test, typescript and @types/node from the
// registry, copies the consumer suite (e2e/consumer/) there, type-checks it with `tsc --noEmit` and runs
// it with Playwright (Chromium: IOTHUB_CHROMIUM, default /usr/bin/chromium). The suite imports only the
// package. Prints every step with its duration; exits 1 when a step fails or no test ran, or a test
// failed or was skipped. KEEP_CONSUMER_PROJECT=1 keeps the temporary project for a look afterwards.
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
const timings = [];

class StepFailed extends Error {}

/** Runs one labelled step, printing its name before and its duration after. */
async function step(label, work) {
  console.log(`\n── consumer-check: ${label} ──`);
  const started = performance.now();
  try {
    return await work();
  } finally {
    const seconds = (performance.now() - started) / 1000;
    timings.push([label, seconds]);
    console.log(`── ${label}: ${seconds.toFixed(1)} s`);
  }
}

/** Runs a command with inherited output (or captured stdout); a non-zero exit fails the step. */
function run(command, args, options = {}) {
  const result = spawnSync(command, args, {
    stdio: options.capture ? ['ignore', 'pipe', 'inherit'] : 'inherit',
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
    ...options,
  });
  if (result.error) throw new StepFailed(`${command} could not start: ${result.error.message}`);
  if (result.status !== 0)
    throw new StepFailed(`${command} ${args.join(' ')} exited with ${String(result.status)}`);
  return result.stdout;
}

/** The installed version of one of this repository's devDependencies, to install the same there. */
const versionOf = (name) =>
  JSON.parse(readFileSync(join(root, 'node_modules', name, 'package.json'), 'utf8')).version;

const freePort = () =>
  new Promise((res, rej) => {
    const server = createServer();
    server.once('error', rej);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => res(port));
    });
  });

/** What a consumer should never receive: tests, benches, e2e specs, sources, source maps. */
const UNWANTED = [
  /\.test\./,
  /(^|\/)test\//,
  /(^|\/)bench\//,
  /^e2e\//,
  /^src\//,
  /\.map$/,
  /\.ts$/,
];
const REQUIRED = [
  'package.json',
  'dist/index.html',
  'lib/dev-broker/main.js',
  'lib/dev-broker/main.d.ts',
  'lib/dev-broker/playwright/test.js',
  'lib/dev-broker/playwright/test.d.ts',
  'dev-broker/bin/iothub-dev-broker.js',
  'dev-broker/bin/iothub.js',
];

async function pack(packDir) {
  const out = run(npm, ['pack', '--json', '--pack-destination', packDir], {
    cwd: root,
    capture: true,
  });
  // stdout holds the prepack build's log, then the JSON report, which starts on a line of its own
  const json = /^\[$/m.exec(out);
  if (!json) throw new StepFailed(`npm pack printed no JSON report:\n${out}`);
  process.stdout.write(out.slice(0, json.index));
  const [info] = JSON.parse(out.slice(json.index));
  const files = info.files.map((f) => f.path);
  const unwanted = files.filter((f) => !f.endsWith('.d.ts') && UNWANTED.some((re) => re.test(f)));
  const missing = REQUIRED.filter((f) => !files.includes(f));
  console.log(
    `tarball ${info.filename}: ${(info.size / 1024).toFixed(1)} kB packed, ` +
      `${(info.unpackedSize / 1024).toFixed(1)} kB unpacked, ${String(info.entryCount)} files`,
  );
  if (unwanted.length > 0)
    throw new StepFailed(`the tarball holds files consumers do not need: ${unwanted.join(', ')}`);
  if (missing.length > 0) throw new StepFailed(`the tarball lacks ${missing.join(', ')}`);
  return { tarball: join(packDir, info.filename), size: info.size, files: info.entryCount };
}

/** Every relative import of the copied suite stays inside the project: nothing reaches into this repository. */
function checkImports(project) {
  const sources = readdirSync(project, { recursive: true })
    .filter((f) => f.endsWith('.ts') && !f.startsWith('node_modules'))
    .map((f) => join(project, f));
  for (const file of sources) {
    for (const [, spec] of readFileSync(file, 'utf8').matchAll(/from\s+'([^']+)'/g)) {
      if (!spec.startsWith('.')) continue;
      const target = resolve(dirname(file), spec);
      if (relative(project, target).startsWith('..'))
        throw new StepFailed(
          `${relative(project, file)} imports ${spec}, outside the consumer project`,
        );
    }
  }
  console.log(`${String(sources.length)} suite files import only packages and each other`);
}

/** Counts from Playwright's JSON report; no test, a failure or a skip fails the check. */
function checkResults(project) {
  const { stats } = JSON.parse(readFileSync(join(project, 'results.json'), 'utf8'));
  const failed = stats.unexpected + stats.flaky;
  console.log(
    `playwright: ${String(stats.expected)} passed, ${String(failed)} failed, ${String(stats.skipped)} skipped`,
  );
  if (stats.expected === 0) throw new StepFailed('no test ran');
  if (failed > 0 || stats.skipped > 0)
    throw new StepFailed('the consumer suite did not pass in full');
  return stats.expected;
}

async function main() {
  const started = performance.now();
  const packDir = mkdtempSync(join(tmpdir(), 'iothub-pack-'));
  const project = mkdtempSync(join(tmpdir(), 'iothub-consumer-'));
  let ok = false;
  try {
    const packed = await step('npm pack (prepack builds dist/ and lib/)', () => pack(packDir));
    await step('fresh project with the consumer suite', () => {
      writeFileSync(
        join(project, 'package.json'),
        `${JSON.stringify({ name: 'iothub-consumer-check', private: true, type: 'module' }, null, 2)}\n`,
      );
      cpSync(join(root, 'e2e', 'consumer'), project, { recursive: true });
      checkImports(project);
    });
    await step('npm install the tarball, @playwright/test, typescript, @types/node', () => {
      const registry = ['@playwright/test', 'typescript', '@types/node'].map(
        (n) => `${n}@${versionOf(n)}`,
      );
      run(npm, ['install', '--no-audit', '--no-fund', '--save-dev', packed.tarball, ...registry], {
        cwd: project,
      });
    });
    await step('tsc --noEmit on the suite and types-check.ts (the package types)', () => {
      run(
        process.execPath,
        [join(project, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', 'tsconfig.json'],
        {
          cwd: project,
        },
      );
    });
    const passed = await step(
      'playwright test (package fixtures, faults, console, webServer broker, bins)',
      async () => {
        const env = {
          ...process.env,
          CI: 'true',
          CONSUMER_HTTP_PORT: String(await freePort()),
          CONSUMER_MQTT_PORT: String(await freePort()),
          IOTHUB_CHROMIUM: process.env.IOTHUB_CHROMIUM ?? '/usr/bin/chromium',
        };
        const cli = join(project, 'node_modules', '@playwright', 'test', 'cli.js');
        const result = spawnSync(process.execPath, [cli, 'test'], {
          cwd: project,
          env,
          stdio: 'inherit',
        });
        const passedTests = checkResults(project);
        if (result.status !== 0)
          throw new StepFailed(`playwright exited with ${String(result.status)}`);
        return passedTests;
      },
    );
    ok = true;
    console.log(
      `\nconsumer-check: passed — tarball ${(packed.size / 1024).toFixed(1)} kB, ${String(packed.files)} files; ` +
        `${String(passed)} consumer tests; ${((performance.now() - started) / 1000).toFixed(1)} s in all`,
    );
  } catch (error) {
    console.error(
      `\nconsumer-check: FAILED — ${error instanceof Error ? error.message : String(error)}`,
    );
    if (!(error instanceof StepFailed) && error instanceof Error) console.error(error.stack);
  } finally {
    for (const [label, seconds] of timings)
      console.log(`  ${seconds.toFixed(1).padStart(6)} s  ${label}`);
    rmSync(packDir, { recursive: true, force: true });
    if (process.env.KEEP_CONSUMER_PROJECT === '1')
      console.log(`consumer project kept at ${project}`);
    else rmSync(project, { recursive: true, force: true });
  }
  return ok ? 0 : 1;
}

process.exitCode = await main();
