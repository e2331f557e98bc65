/**
 * The console's operator role, as a consumer's test drives it: log in, find and open a device, read
 * its latest telemetry. Intent methods plus role- and label-based locators.
 */
import type { Locator, Page } from '@playwright/test';

export class OperatorRole {
  constructor(
    readonly page: Page,
    /** The password `login()` uses when none is given (the fixture passes the broker's admin password). */
    readonly defaultPassword?: string,
  ) {}

  /** The header's role switch: Device, Operator, Both. */
  roleSwitch(): Locator {
    return this.page.getByRole('group', { name: 'Console role' });
  }

  loginForm(): Locator {
    return this.page.getByRole('form', { name: 'Operator login' });
  }

  /** "Logged in as operator:admin" once the login went through. */
  loggedIn(): Locator {
    return this.page.getByRole('status', { name: 'Operator session' }).getByText('Logged in as');
  }

  /** Switches the console to the operator role, logs in and waits until logged in. */
  async login(password = this.defaultPassword, account = 'admin'): Promise<void> {
    if (password === undefined) throw new Error('OperatorRole.login: no password given');
    await this.roleSwitch().getByText('Operator', { exact: true }).click();
    await this.loginForm().getByLabel('Operator account').fill(account);
    await this.loginForm().getByLabel('Operator password').fill(password);
    await this.loginForm().getByRole('button', { name: 'Log in' }).click();
    await this.loggedIn().waitFor();
  }

  devices(): Locator {
    return this.page.getByRole('table', { name: 'Devices' });
  }

  /** A device's row in the list (online state, last activity). */
  deviceRow(name: string): Locator {
    return this.devices()
      .getByRole('row')
      .filter({ has: this.page.getByRole('button', { name, exact: true }) });
  }

  /** Fetches the device list again (devices created from Node push no event) and opens `name`. */
  async openDevice(name: string): Promise<Locator> {
    await this.page.getByRole('button', { name: 'Refresh devices' }).click();
    await this.devices().getByRole('button', { name, exact: true }).click();
    const detail = this.detail(name);
    await detail.waitFor();
    return detail;
  }

  /** The open device's detail region ("Device <name>"). */
  detail(name: string): Locator {
    return this.page.getByRole('region', { name: `Device ${name}` });
  }

  /** Opens a detail tab: Device telemetry, Device attributes, Device RPC, Sessions and events. */
  async openDetailTab(name: string): Promise<Locator> {
    await this.page.getByRole('tab', { name, exact: true }).click();
    return this.page.getByRole('tabpanel', { name, exact: true });
  }

  /** The latest value of each telemetry key of the open device (a region with one row per key). */
  async latestTelemetry(): Promise<Locator> {
    const panel = await this.openDetailTab('Device telemetry');
    return panel.getByRole('region', { name: 'Latest telemetry' });
  }
}
