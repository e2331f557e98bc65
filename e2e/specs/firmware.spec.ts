import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';

import type { E2eBroker } from '../fixtures/broker.ts';
import { expect, test } from '../fixtures/test.ts';
import { FirmwarePanel } from '../pages/firmware-panel.ts';

/** The latest value of a telemetry key as the broker stored it. */
function latest(broker: E2eBroker, deviceId: string, key: string): unknown {
  return broker.hub.telemetry.latest(deviceId, [key])[0]?.value.value;
}

test.describe('Firmware panel', () => {
  test('downloads a 4 MiB firmware at 64 KiB chunks, verifies it and reports UPDATED', async ({
    appPage,
    broker,
    device,
    page,
  }) => {
    const image = new Uint8Array(randomBytes(4 * 1024 * 1024));
    const pkg = await broker.hub.ota.upload({
      title: 'thermo-fw',
      version: `4.0.${randomUUID().slice(0, 4)}`,
      type: 'FIRMWARE',
      data: image,
    });
    await broker.hub.ota.assign(pkg.id, { deviceId: device.id });
    const firmware = new FirmwarePanel(page);
    await appPage.connect(device.token);
    await firmware.open();

    await expect(firmware.packageDetails('Firmware')).toContainText('thermo-fw');
    await expect(firmware.packageDetails('Firmware')).toContainText(pkg.version);
    await expect(firmware.packageDetails('Firmware')).toContainText('4.00 MiB (4,194,304 bytes)');
    await firmware.download('Firmware', 65_536);

    await expect(firmware.progress('Firmware')).toHaveAttribute('aria-valuenow', '100', {
      timeout: 20_000,
    });
    await expect(firmware.section('Firmware')).toContainText(
      `Checksum verified (SHA256): ${pkg.checksum}`,
    );
    await expect(firmware.statistics('Firmware')).toContainText('64 of 65,536 bytes each');
    await expect(firmware.statistics('Firmware')).toContainText(/[\d.]+ KiB\/s/);
    await expect(firmware.states('Firmware')).toHaveText(
      /DOWNLOADING\s*DOWNLOADED\s*VERIFIED\s*UPDATING\s*UPDATED/,
    );
    await expect.poll(() => latest(broker, device.id, 'fw_state')).toBe('UPDATED');
    expect(latest(broker, device.id, 'current_fw_title')).toBe('thermo-fw');
    expect(latest(broker, device.id, 'current_fw_version')).toBe(pkg.version);

    const download = page.waitForEvent('download');
    await firmware.saveLink('Firmware').click();
    const saved = await readFile(await (await download).path());
    expect(createHash('sha256').update(saved).digest('hex')).toBe(pkg.checksum);
  });

  test('a software package assigned while connected arrives live and verifies with CRC32', async ({
    appPage,
    broker,
    device,
    page,
  }) => {
    const firmware = new FirmwarePanel(page);
    await appPage.connect(device.token);
    await firmware.open();
    await expect(firmware.section('Software')).toContainText('No software assigned');

    const pkg = await broker.hub.ota.upload({
      title: 'agent',
      version: `v2-${randomUUID().slice(0, 4)}`,
      type: 'SOFTWARE',
      data: new Uint8Array(randomBytes(50_000)),
      checksumAlgorithm: 'CRC32',
    });
    await broker.hub.ota.assign(pkg.id, { deviceId: device.id });

    await expect(firmware.packageDetails('Software')).toContainText('agent');
    await expect(firmware.packageDetails('Software')).toContainText(`CRC32 ${pkg.checksum}`);
    await firmware.download('Software', 4_096);
    await expect(firmware.section('Software')).toContainText(
      `Checksum verified (CRC32): ${pkg.checksum}`,
    );
    await expect(firmware.statistics('Software')).toContainText('13 of 4,096 bytes each');
    await expect.poll(() => latest(broker, device.id, 'sw_state')).toBe('UPDATED');
    expect(latest(broker, device.id, 'current_sw_version')).toBe(pkg.version);
  });

  test('says in plain words when the chunk size is above the broker limit', async ({
    appPage,
    broker,
    device,
    page,
  }) => {
    const pkg = await broker.hub.ota.upload({
      title: 'big-chunks',
      version: `1.0.${randomUUID().slice(0, 4)}`,
      type: 'FIRMWARE',
      data: new Uint8Array(1_000),
    });
    await broker.hub.ota.assign(pkg.id, { deviceId: device.id });
    const firmware = new FirmwarePanel(page);
    await appPage.connect(device.token);
    await firmware.open();
    await expect(firmware.packageDetails('Firmware')).toContainText('big-chunks');

    await firmware.download('Firmware', 70_000);

    await expect(firmware.alert('Firmware')).toContainText(
      'The chunk size 70000 is larger than the broker allows (PAYLOAD_TOO_LARGE',
    );
    await expect(firmware.states('Firmware')).toContainText('FAILED');

    // The broker closes the connection on an OTA error (spec §11) and the console reconnects by
    // itself (ADR 0003). Whether FAILED got out before the close or not, it is stored once the device
    // is back online, as real firmware reports it.
    await expect(appPage.status().getByText('Connected', { exact: true })).toBeVisible();
    await expect.poll(() => latest(broker, device.id, 'fw_state')).toBe('FAILED');
    expect(latest(broker, device.id, 'fw_error')).toMatch(/PAYLOAD_TOO_LARGE/);
    await expect(firmware.states('Firmware')).not.toContainText('not sent');
  });
});
