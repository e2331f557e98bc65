import { expect, test } from '../fixtures/test.ts';
import { ClaimPanel } from '../pages/claim-panel.ts';

test.describe('Claim panel', () => {
  test('registers a secret that the platform then claims the device with', async ({
    appPage,
    broker,
    device,
    page,
  }) => {
    const claim = new ClaimPanel(page);
    await appPage.connect(device.token);
    await claim.open();

    const sentAt = Date.now();
    await claim.claim({ secretKey: 'k-123', durationMs: 60_000 });

    await expect(claim.result()).toContainText(
      /Acknowledged by the broker \(PUBACK in [\d.]+ ms\)/,
    );
    await expect(claim.result()).toContainText('{"secretKey":"k-123","durationMs":60000}');
    const registration = broker.hub.claims.registration(device.name);
    expect(registration?.secretKey).toBe('k-123');
    expect(registration?.expiresAt).toBeGreaterThanOrEqual(sentAt + 60_000);
    expect(registration?.expiresAt).toBeLessThan(sentAt + 70_000);

    expect(await broker.hub.claims.claim(device.name, 'k-123', 'acme')).toBe('SUCCESS');
    expect(broker.hub.devices.get(device.id).customerId).not.toBeNull();
  });

  test('empty fields use the broker defaults: no secret, 24 hours', async ({
    appPage,
    broker,
    device,
    page,
  }) => {
    const claim = new ClaimPanel(page);
    await appPage.connect(device.token);
    await claim.open();
    await expect(claim.root()).toContainText('86,400,000 ms (24 h)');

    const sentAt = Date.now();
    await claim.claim();

    await expect(claim.result()).toContainText('Acknowledged by the broker');
    await expect(claim.result()).toContainText('Sent {}');
    const registration = broker.hub.claims.registration(device.name);
    expect(registration?.secretKey).toBe('');
    expect(registration?.expiresAt).toBeGreaterThanOrEqual(sentAt + 86_400_000);
    expect(await broker.hub.claims.claim(device.name, 'wrong', 'acme')).toBe('FAILURE');
  });
});
