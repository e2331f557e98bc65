import { snapshot } from '../fixtures/screenshots.ts';
import { expect, test } from '../fixtures/test.ts';
import { AttributesPanel } from '../pages/attributes-panel.ts';
import { TelemetryPanel } from '../pages/telemetry-panel.ts';

test.describe('device console shell', () => {
  test('switches between light and dark, and keeps the choice after a reload', async ({
    appPage,
    broker,
    device,
    page,
  }, testInfo) => {
    await page.setViewportSize({ width: 1280, height: 720 });
    await page.emulateMedia({ colorScheme: 'light' });
    await page.reload();
    const telemetry = new TelemetryPanel(page);
    await appPage.connectAndWait(device.token);
    await telemetry.open();
    await telemetry.editor().fill('{"temperature":"42","humidity":40.5,"active":true}');
    await telemetry.sendButton().click();
    await expect(telemetry.result()).toContainText('PUBACK after');
    await telemetry.startGenerator(1).click();
    await expect(telemetry.generatorCounters(1)).toContainText(/acknowledged [3-9]/);
    await telemetry.stopGenerator(1).click();

    await expect(page.locator('html')).toHaveAttribute('data-theme', 'light');
    await expect(appPage.themeToggle()).toHaveAttribute('aria-pressed', 'false');
    await snapshot(page, testInfo, 'device-telemetry-light-1280');

    await appPage.themeToggle().click();
    await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
    await snapshot(page, testInfo, 'device-telemetry-dark-1280');

    const attributes = new AttributesPanel(page);
    await attributes.open();
    const { attributes: hub } = broker.hub;
    await hub.save(device.id, 'SHARED', hub.toEntries({ targetTemp: 22, mode: 'eco' }));
    await expect(attributes.sharedRow('mode')).toBeVisible();
    await page.setViewportSize({ width: 1920, height: 1080 });
    await snapshot(page, testInfo, 'device-attributes-dark-1920');
    await appPage.tab('Log').click();
    await page.getByRole('listbox', { name: 'Packets' }).getByRole('option').first().click();
    await snapshot(page, testInfo, 'device-log-dark-1920');

    await page.reload();
    await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
    await expect(appPage.themeToggle()).toHaveAttribute('aria-pressed', 'true');
  });

  test('moves between panels with the keyboard and keeps the panel in the URL', async ({
    appPage,
    page,
  }) => {
    await appPage.tab('Telemetry').focus();
    await page.keyboard.press('ArrowRight');
    await expect(appPage.tab('Attributes')).toBeFocused();
    await expect(appPage.tab('Attributes')).toHaveAttribute('aria-selected', 'true');
    await expect(page).toHaveURL(/[?&]panel=attributes\b/);
    await page.keyboard.press('End');
    await expect(appPage.tab('Log')).toHaveAttribute('aria-selected', 'true');
    await page.reload();
    await expect(appPage.tab('Log')).toHaveAttribute('aria-selected', 'true');
  });

  test('saves a profile with its secret masked and restores it from a link', async ({
    appPage,
    broker,
    device,
    page,
    browser,
  }) => {
    await appPage.version('5').check();
    await appPage.accessToken().fill(device.token);
    await page.getByText('Profiles and link').click();
    await page.getByLabel('Profile name').fill('thermostat');
    await page.getByRole('button', { name: 'Save profile' }).click();
    await expect(page.getByText('Saved profile thermostat.')).toBeVisible();

    const saved = page.getByRole('list', { name: 'Saved profiles' }).getByRole('listitem');
    await expect(saved).toContainText('thermostat');
    await expect(saved).toContainText(`secret ••••••${device.token.slice(-2)}`);
    await expect(saved).not.toContainText(device.token);

    const link = page.getByLabel('Link to this profile');
    await expect(link).toHaveValue(/[?&]profile=thermostat&/);
    await expect(link).not.toHaveValue(new RegExp(device.token));
    await page.getByLabel('Include secret in link').check();
    await expect(link).toHaveValue(new RegExp(`[?&]token=${device.token}`));

    await appPage.tab('Log').click();
    const url = new URL(await link.inputValue());
    url.searchParams.set('panel', 'log');
    // A new browser context: no saved profiles, so everything comes from the link.
    const fresh = await browser.newPage();
    await fresh.goto(`${broker.httpUrl}/?${url.searchParams.toString()}`);
    await expect(fresh.getByLabel('Access token')).toHaveValue(device.token);
    await expect(fresh.getByRole('radio', { name: 'MQTT 5' })).toBeChecked();
    await expect(fresh.getByRole('tab', { name: 'Log', exact: true })).toHaveAttribute(
      'aria-selected',
      'true',
    );
    await fresh.getByRole('button', { name: 'Connect', exact: true }).click();
    await expect(fresh.getByRole('status', { name: 'Connection status' })).toContainText(
      'Connected',
    );
    await fresh.close();
  });

  test('fits a phone: the device console connected at 390 × 844', async ({
    appPage,
    device,
    page,
  }, testInfo) => {
    await page.setViewportSize({ width: 390, height: 844 });
    await page.emulateMedia({ colorScheme: 'dark' });
    await appPage.connectAndWait(device.token);
    await expect(appPage.status()).toContainText('Connected');
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBe(390);
    await snapshot(page, testInfo, 'phone-device-dark-390');
  });
});
