import type { Locator, Page } from '@playwright/test';

/** MQTT versions as the connect form names them. */
export type MqttVersion = '3.1.1' | '5';

/** The console as a user sees it: intent methods plus role- and label-based locators. */
export class AppPage {
  constructor(readonly page: Page) {}

  /** Opens the console and waits until its connect form is on screen. */
  async open(url: string): Promise<void> {
    await this.page.goto(url);
    await this.connectForm().waitFor();
  }

  connectForm(): Locator {
    return this.page.getByRole('form', { name: 'Connect a device' });
  }

  brokerUrl(): Locator {
    return this.page.getByLabel('Broker URL');
  }

  version(version: MqttVersion): Locator {
    return this.page.getByRole('radio', { name: `MQTT ${version}` });
  }

  accessToken(): Locator {
    return this.page.getByLabel('Access token');
  }

  connectButton(): Locator {
    return this.page.getByRole('button', { name: 'Connect', exact: true });
  }

  disconnectButton(): Locator {
    return this.page.getByRole('button', { name: 'Disconnect', exact: true });
  }

  /** The live status region: "Connected …", "Connecting…", "Disconnected" and any refusal. */
  status(): Locator {
    return this.page.getByRole('status', { name: 'Connection status' });
  }

  /** Fills the form as a user would and presses Connect. */
  async connect(token: string, version: MqttVersion = '3.1.1'): Promise<void> {
    await this.version(version).check();
    await this.accessToken().fill(token);
    await this.connectButton().click();
  }

  async disconnect(): Promise<void> {
    await this.disconnectButton().click();
  }

  /** The connection status reads "Connected …". */
  async connectAndWait(token: string, version: MqttVersion = '3.1.1'): Promise<void> {
    await this.connect(token, version);
    await this.status().getByText('Connected', { exact: true }).waitFor();
  }

  /** A device panel's tab, e.g. "Telemetry". */
  tab(name: string): Locator {
    return this.page.getByRole('tab', { name, exact: true });
  }

  /** The header's theme switch. */
  themeToggle(): Locator {
    return this.page.getByRole('button', { name: 'Dark theme' });
  }
}
