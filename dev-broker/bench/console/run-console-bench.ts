// Console bench: the built console in headless Chromium under 1,000 pushes/s, a browser OTA
// download and the first-paint JS size. Run: node --import tsx dev-broker/bench/console/run-console-bench.ts
// [--duration 60] [--rate 1000] [--ota-bytes 4194304] [--chunk-size 65536] [--out path].
import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

import { startDevBroker } from '../../main.ts';

import { INSTRUMENT_SCRIPT, launchChromium } from './browser.ts';
import { measureBuildSize } from './build-size.ts';
import { parseConsoleOptions } from './console-options.ts';
import { printConsoleReport, withGoals, writeConsoleResults } from './console-report.ts';
import { runLoad } from './load-phase.ts';
import { runOta } from './ota-phase.ts';

const root = fileURLToPath(new URL('../../..', import.meta.url));
const distDir = `${root}dist`;

async function main(): Promise<void> {
  const options = parseConsoleOptions(process.argv.slice(2));
  const built = spawnSync(process.execPath, ['scripts/ensure-build.mjs'], {
    cwd: root,
    stdio: 'inherit',
  });
  if (built.status !== 0) throw new Error('the console build failed');
  const broker = await startDevBroker({
    storage: 'memory',
    host: '127.0.0.1',
    mqttPort: 0,
    httpPort: 0,
    demo: false,
    staticDir: distDir,
    logLevel: 'warn',
  });
  const browser = await launchChromium();
  try {
    const { device, credentials } = await broker.hub.devices.create({ name: 'console-bench' });
    if (credentials.type !== 'ACCESS_TOKEN') throw new Error('expected an access token');
    const page = await browser.newPage({ viewport: { width: 1280, height: 720 } });
    await page.addInitScript(INSTRUMENT_SCRIPT);
    await page.goto(broker.httpUrl);
    await page.getByLabel('Access token').fill(credentials.token);
    await page.getByRole('button', { name: 'Connect', exact: true }).click();
    const status = page.getByRole('status', { name: 'Connection status' });
    await status.getByText('Connected', { exact: true }).waitFor();
    // The Attributes panel subscribes to shared updates; the Log panel then shows every push.
    await page.getByRole('tab', { name: 'Attributes', exact: true }).click();
    await page.getByRole('tabpanel', { name: 'Attributes', exact: true }).waitFor();
    await page.waitForTimeout(500);
    await page.getByRole('tab', { name: 'Log', exact: true }).click();
    await page.getByRole('tabpanel', { name: 'Log', exact: true }).waitFor();
    await page.waitForTimeout(1_000);
    const load = await runLoad(broker, page, device.id, options.rate, options.durationS);
    const ota = await runOta(broker, page, device.id, options.otaBytes, options.chunkSize);
    const results = withGoals(load, ota, measureBuildSize(distDir));
    printConsoleReport(results);
    writeConsoleResults(resolve(root, options.out), results);
    console.log(`results written to ${options.out}`);
  } finally {
    await browser.close();
    await broker.close();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
