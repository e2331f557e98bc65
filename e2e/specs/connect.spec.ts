import { E2E_DEVICE, expect, test } from '../fixtures/test.ts';

const VERSIONS = ['3.1.1', '5'] as const;

test.describe('connecting a device from the console', () => {
  test('offers the broker this page came from', async ({ appPage, broker }) => {
    await expect(appPage.brokerUrl()).toHaveValue(broker.wsUrl);
    await expect(appPage.status()).toHaveText('Disconnected');
  });

  for (const version of VERSIONS) {
    test(`connects with the device's token over MQTT ${version}, then disconnects`, async ({
      appPage,
    }) => {
      await appPage.connect(E2E_DEVICE.token, version);

      await expect(appPage.status()).toHaveText(/^Connected to ws:\/\/127\.0\.0\.1:\d+\/mqtt as /);
      await expect(appPage.accessToken()).toBeDisabled();

      await appPage.disconnect();
      await expect(appPage.status()).toHaveText('Disconnected');
      await expect(appPage.connectButton()).toBeEnabled();
    });

    test(`explains a wrong token in plain words over MQTT ${version}`, async ({ appPage }) => {
      await appPage.connect('not-a-device-token', version);

      await expect(appPage.status()).toContainText('The broker refused the connection: ');
      await expect(appPage.status()).toContainText('no device has this access token');
      await expect(appPage.status()).toContainText("Check the token in the device's credentials");
      await expect(appPage.connectButton()).toBeVisible();
    });
  }

  test('explains an empty token over MQTT 3.1.1', async ({ appPage }) => {
    await appPage.connect('', '3.1.1');

    await expect(appPage.status()).toContainText(
      "The broker refused the connection: the username (access token) is empty. Enter the device's access token.",
    );
  });
});
