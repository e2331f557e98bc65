import { randomBytes } from 'node:crypto';

import type { Page } from '@playwright/test';

import type { DevBroker } from '../../main.ts';

export interface OtaResult {
  bytes: number;
  chunkSize: number;
  /** From the click on "Download firmware" to "Checksum verified" on screen. */
  downloadVerifyMs: number;
  throughputMibS: number;
}

/**
 * Uploads and assigns a random firmware to the device, then downloads it in the Firmware panel
 * (the console must already be connected as that device).
 */
export async function runOta(
  broker: DevBroker,
  page: Page,
  deviceId: string,
  bytes: number,
  chunkSize: number,
): Promise<OtaResult> {
  const pkg = await broker.hub.ota.upload({
    title: 'bench-fw',
    version: `bench-${String(Date.now())}`,
    type: 'FIRMWARE',
    data: new Uint8Array(randomBytes(bytes)),
  });
  await broker.hub.ota.assign(pkg.id, { deviceId });
  await page.getByRole('tab', { name: 'Firmware', exact: true }).click();
  const panel = page.getByRole('tabpanel', { name: 'Firmware', exact: true });
  const section = panel.getByRole('region', { name: 'Firmware', exact: true });
  await section.getByLabel('Firmware package').getByText(pkg.version).waitFor();
  await section.getByLabel('Firmware chunk size (bytes)').fill(String(chunkSize));
  const verified = section.getByText(`Checksum verified (${pkg.checksumAlgorithm})`);
  const button = section.getByRole('button', { name: 'Download firmware' });
  await button.waitFor();
  const started = performance.now();
  await button.click();
  await verified.waitFor({ timeout: 60_000 });
  const ms = performance.now() - started;
  return {
    bytes,
    chunkSize,
    downloadVerifyMs: Math.round(ms),
    throughputMibS: Number((bytes / 1024 / 1024 / (ms / 1000)).toFixed(2)),
  };
}
