import { expect, test } from '../fixtures/test.ts';
import { TelemetryPanel } from '../pages/telemetry-panel.ts';

/** A telemetry object of `keys` string values, about 50 bytes a key. */
function bigPayload(keys: number): string {
  const entries = Array.from({ length: keys }, (_, i) => `"key_${String(i)}":"${'x'.repeat(38)}"`);
  return `{${entries.join(',')}}`;
}

test.describe('Payload limits', () => {
  test('a payload over the broker limit is refused unless "Send anyway" is ticked; the preview stays short', async ({
    appPage,
    page,
    device,
  }) => {
    const telemetry = new TelemetryPanel(page);
    await appPage.connectAndWait(device.token);
    await telemetry.open();
    const size = telemetry.root().getByLabel('Payload size');
    // The limit comes from getSessionLimits, asked when the device connected.
    await expect(size).toContainText('(the broker accepts up to 65,536)');

    await telemetry.editor().fill(bigPayload(2000));
    await expect(size).toContainText('over the broker');
    await expect(size).toContainText('limit of 65,536 bytes');
    await expect(telemetry.sendButton()).toBeDisabled();
    const preview = telemetry.root().getByRole('table', { name: /What the platform will store/ });
    await expect(preview).toContainText('first 50 of 2000 data points');
    await expect(preview.getByRole('row')).toHaveCount(51);

    await size.getByLabel('Send anyway').check();
    await expect(telemetry.sendButton()).toBeEnabled();

    await telemetry.editor().fill('{"temperature": 21.5}');
    await expect(size).toContainText('bytes (the broker accepts up to 65,536)');
    await expect(telemetry.sendButton()).toBeEnabled();
  });
});
