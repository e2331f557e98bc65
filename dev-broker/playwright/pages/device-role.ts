/**
 * The console's device role, as a consumer's test drives it: connect with an access token, send
 * telemetry, read the results. Intent methods plus role- and label-based locators (what a user sees).
 */
import type { Locator, Page } from '@playwright/test';

/** MQTT versions as the connect form names them. */
export type ConsoleMqttVersion = '3.1.1' | '5';

export class DeviceRole {
  constructor(readonly page: Page) {}

  connectForm(): Locator {
    return this.page.getByRole('form', { name: 'Connect a device' });
  }

  accessToken(): Locator {
    return this.page.getByLabel('Access token');
  }

  /** The live status: "Connected …", "Connecting…", "Disconnected", and why a connection was refused. */
  status(): Locator {
    return this.page.getByRole('status', { name: 'Connection status' });
  }

  /** Fills the connect form as a user would and presses Connect (does not wait for the outcome). */
  async connect(token: string, options: { version?: ConsoleMqttVersion } = {}): Promise<void> {
    await this.page.getByRole('radio', { name: `MQTT ${options.version ?? '3.1.1'}` }).check();
    await this.accessToken().fill(token);
    await this.page.getByRole('button', { name: 'Connect', exact: true }).click();
  }

  /** Connects and waits until the status reads "Connected". */
  async connectAndWait(token: string, options: { version?: ConsoleMqttVersion } = {}) {
    await this.connect(token, options);
    await this.status().getByText('Connected', { exact: true }).waitFor();
  }

  async disconnect(): Promise<void> {
    await this.page.getByRole('button', { name: 'Disconnect', exact: true }).click();
  }

  /** A device panel's tab, e.g. "Telemetry", "Attributes", "RPC". */
  tab(name: string): Locator {
    return this.page.getByRole('tab', { name, exact: true });
  }

  /** The panel of a tab (only the open one is matched). */
  panel(name: string): Locator {
    return this.page.getByRole('tabpanel', { name, exact: true });
  }

  /** Opens the Telemetry tab, types `json` into its editor and presses Send. */
  async sendTelemetry(json: string | Record<string, unknown>): Promise<void> {
    await this.tab('Telemetry').click();
    const panel = this.panel('Telemetry');
    await panel
      .getByLabel('Telemetry JSON')
      .fill(typeof json === 'string' ? json : JSON.stringify(json));
    await panel.getByRole('button', { name: 'Send telemetry' }).click();
  }

  /** The outcome of the last send: "PUBACK …", or in plain words why it failed. */
  telemetryResult(): Locator {
    return this.panel('Telemetry').getByRole('status', { name: 'Telemetry result' });
  }
}
