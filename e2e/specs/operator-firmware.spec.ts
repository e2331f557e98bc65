import { createHash, randomBytes, randomInt } from 'node:crypto';

import type { E2eBroker } from '../fixtures/broker.ts';
import { expect, test } from '../fixtures/operator-test.ts';
import type { SimDevice } from '../fixtures/sim-device.ts';
import type { OperatorPage } from '../pages/operator-page.ts';
import { OtaPackagesPanel } from '../pages/ota-packages-panel.ts';

/** The device's shared attributes as the broker stores them, by key. */
function shared(broker: E2eBroker, deviceId: string): Record<string, unknown> {
  const entries = broker.hub.attributes.get(deviceId, 'SHARED');
  return Object.fromEntries(entries.map((a) => [a.key, a.value.value]));
}

/** A random package file whose name carries title and version. */
function packageFile(size: number) {
  const version = `1.${String(randomInt(1000))}.${String(randomInt(1_000_000))}`;
  const buffer = randomBytes(size);
  return {
    title: 'e2e-fw',
    version,
    file: { name: `e2e-fw-${version}.bin`, buffer },
    sha256: createHash('sha256').update(buffer).digest('hex'),
  };
}

/** What a simple device does (spec §11): DOWNLOADING, every chunk of 64 KiB in turn, then UPDATED. */
async function simDownload(sim: SimDevice, size: number, title: string, version: string) {
  await sim.subscribe({ ota: ['fw'] });
  await sim.sendTelemetry({ fw_state: 'DOWNLOADING' });
  const download = await sim.downloadFirmware({ size, chunkSize: 65_536, requestId: 1 });
  for (const state of ['DOWNLOADED', 'VERIFIED', 'UPDATING'])
    await sim.sendTelemetry({ fw_state: state });
  await sim.sendTelemetry({
    fw_state: 'UPDATED',
    current_fw_title: title,
    current_fw_version: version,
  });
  return download.size;
}

/** The operator's Firmware tab, opened once the one-click login went through. */
async function openFirmwareTab(operatorPage: OperatorPage): Promise<OtaPackagesPanel> {
  const panel = new OtaPackagesPanel(operatorPage.page);
  await expect(operatorPage.loggedIn()).toBeVisible();
  await panel.open();
  return panel;
}

test.describe('Operator: firmware packages', () => {
  test('uploads 1 MiB in chunks, assigns it, follows a device to UPDATED, deletes it once unassigned', async ({
    operatorPage,
    page,
    context,
    broker,
    device,
    simDevice,
  }) => {
    const pkg = packageFile(1024 * 1024);
    const panel = new OtaPackagesPanel(page);
    await operatorPage.refresh();
    await panel.open();

    await panel.pickFile(pkg.file);
    await expect(panel.uploadForm().getByLabel('Package title')).toHaveValue(pkg.title);
    await expect(panel.uploadForm().getByLabel('Package version')).toHaveValue(pkg.version);
    await panel.upload(pkg.file);
    await expect(panel.uploadProgress()).toHaveAttribute('aria-valuenow', '100');
    await expect(panel.uploadStatistics()).toContainText('32 of 32, 32,768 bytes each');
    await expect(panel.uploadStatistics()).toContainText(/\/s over [\d.]+ s/);
    await expect(panel.uploadResult()).toContainText(`SHA256 ${pkg.sha256.slice(0, 12)}`);

    const stored = broker.hub.ota.list().find((p) => p.version === pkg.version);
    expect(stored).toMatchObject({ title: pkg.title, size: 1024 * 1024, checksum: pkg.sha256 });
    const row = panel.packageRow(pkg.title, pkg.version);
    await expect(row).toContainText('1.00 MiB');
    await expect(
      row.getByLabel(`Checksum of ${pkg.title} ${pkg.version}`, { exact: true }),
    ).toHaveText(`${pkg.sha256.slice(0, 12)}…`);
    await context.grantPermissions(['clipboard-read', 'clipboard-write']);
    await row.getByRole('button', { name: `Copy checksum of ${pkg.title} ${pkg.version}` }).click();
    await expect(row.getByRole('button', { name: /^Copy checksum/ })).toHaveText('Copied');
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(pkg.sha256);

    await panel.assign('device', device.name, `${pkg.title} ${pkg.version} (firmware)`);
    await expect(panel.assignResult()).toContainText(`Assigned to device ${device.name}`);
    expect(shared(broker, device.id)).toMatchObject({
      fw_title: pkg.title,
      fw_version: pkg.version,
      fw_size: BigInt(1024 * 1024),
      fw_checksum_algorithm: 'SHA256',
      fw_checksum: pkg.sha256,
    });
    const progress = panel.progressRow(device.name, 'Firmware');
    await expect(progress).toContainText(`${pkg.title} ${pkg.version}`);
    await expect(progress.getByText('INITIATED', { exact: true }).first()).toBeVisible();

    const sim = await simDevice(device.token);
    expect(await simDownload(sim, 1024 * 1024, pkg.title, pkg.version)).toBe(1024 * 1024);
    await expect(panel.states(device.name, 'Firmware').locator('[aria-current="step"]')).toHaveText(
      'UPDATED',
    );
    await expect(progress).toContainText('16 chunks served (1.00 MiB of 1.00 MiB)');
    await expect(progress.getByRole('cell').last()).toHaveText(`${pkg.title} ${pkg.version}`);

    await panel.deletePackage(pkg.title, pkg.version);
    await expect(row.getByRole('alert')).toContainText('is still assigned');
    await expect(row.getByRole('alert')).toContainText('Unassign');
    await panel.unassign('device', device.name, 'firmware');
    await expect(panel.assignResult()).toContainText('Removed the firmware assignment');
    await panel.deletePackage(pkg.title, pkg.version);
    await expect(row).toHaveCount(0);
    expect(broker.hub.ota.list().some((p) => p.version === pkg.version)).toBe(false);
  });

  test('a wrong expected checksum is refused and nothing is stored', async ({
    operatorPage,
    broker,
  }) => {
    const pkg = packageFile(100_000);
    const panel = await openFirmwareTab(operatorPage);
    await panel.upload(pkg.file, { algorithm: 'MD5', checksum: 'ab'.repeat(16) });
    await expect(panel.uploadAlert()).toContainText('checksum mismatch');
    expect(broker.hub.ota.list().some((p) => p.version === pkg.version)).toBe(false);
  });

  test('16 MiB, the largest package, uploads and matches its CRC32', async ({
    operatorPage,
    broker,
  }) => {
    test.slow();
    const pkg = packageFile(16 * 1024 * 1024);
    const panel = await openFirmwareTab(operatorPage);
    await panel.upload(pkg.file, { algorithm: 'CRC32' });
    await expect(panel.uploadProgress()).toHaveAttribute('aria-valuenow', '100', {
      timeout: 60_000,
    });
    await expect(panel.uploadStatistics()).toContainText('512 of 512');
    await expect(panel.uploadResult()).toContainText('CRC32');
    const stored = broker.hub.ota.list().find((p) => p.version === pkg.version);
    expect(stored?.size).toBe(16 * 1024 * 1024);
    expect(stored?.checksumAlgorithm).toBe('CRC32');
    const bytes = broker.hub.ota.readData(stored?.id ?? '');
    expect(createHash('sha256').update(bytes).digest('hex')).toBe(pkg.sha256);
  });

  test('cancelling an upload aborts it on the broker: the same title and version upload again', async ({
    operatorPage,
    broker,
  }) => {
    test.slow();
    const pkg = packageFile(16 * 1024 * 1024);
    const panel = await openFirmwareTab(operatorPage);
    await panel.upload(pkg.file);
    await expect(panel.uploadProgress()).toHaveAttribute('aria-valuenow', /^[1-9]\d?$/);
    await panel.uploadForm().getByRole('button', { name: 'Cancel upload' }).click();
    await expect(panel.uploadAlert()).toContainText('Upload cancelled');
    expect(broker.hub.ota.list().some((p) => p.version === pkg.version)).toBe(false);

    // An upload still open on the broker would make this ALREADY_EXISTS.
    await panel.upload({ name: pkg.file.name, buffer: pkg.file.buffer.subarray(0, 50_000) });
    await expect(panel.uploadResult()).toContainText(`Stored ${pkg.title} ${pkg.version}`);
    expect(broker.hub.ota.list().find((p) => p.version === pkg.version)?.size).toBe(50_000);
  });

  test('a package assigned to a profile reaches its devices; unassigning the profile takes it back', async ({
    operatorPage,
    broker,
  }) => {
    const profile = await broker.hub.profiles.create({ name: `fleet-${String(randomInt(1e6))}` });
    const { device } = await broker.hub.devices.create({
      name: `fleet-dev-${String(randomInt(1e6))}`,
      profile: profile.name,
    });
    try {
      const pkg = packageFile(40_000);
      const panel = await openFirmwareTab(operatorPage);
      await panel.upload(pkg.file, { tag: 'beta' });
      await expect(panel.uploadResult()).toContainText(`Stored ${pkg.title} ${pkg.version}`);
      await expect(panel.packageRow(pkg.title, pkg.version)).toContainText('beta');

      await panel.assignForm().getByRole('button', { name: 'Refresh targets' }).click();
      await panel.assign('profile', profile.name, `${pkg.title} ${pkg.version} (firmware)`);
      await expect(panel.assignResult()).toContainText(`Assigned to profile ${profile.name}`);
      expect(shared(broker, device.id)).toMatchObject({
        fw_title: pkg.title,
        fw_version: pkg.version,
        fw_tag: 'beta',
      });
      await expect(panel.progressRow(device.name, 'Firmware')).toContainText(
        `${pkg.title} ${pkg.version}`,
      );

      await panel.unassign('profile', profile.name, 'firmware');
      await expect(panel.assignResult()).toContainText(
        `Removed the firmware assignment of profile ${profile.name}`,
      );
      await expect.poll(() => shared(broker, device.id).fw_title).toBeUndefined();
      await panel.deletePackage(pkg.title, pkg.version);
      await expect(panel.packageRow(pkg.title, pkg.version)).toHaveCount(0);
    } finally {
      await broker.hub.devices.delete(device.id);
      await broker.hub.profiles.delete(profile.id);
    }
  });
});
