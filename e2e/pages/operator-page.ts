import type { Locator, Page } from '@playwright/test';

/** The operator role as a user sees it: intent methods plus role- and label-based locators. */
export class OperatorPage {
  /** `scope` is the whole page, or the split view's "Operator side" region. */
  constructor(
    readonly page: Page,
    readonly scope: Page | Locator = page,
  ) {}

  /** Opens the broker's one-click link: `/?role=operator&user=admin#password=…`. */
  async openOneClick(httpUrl: string, password: string, role = 'operator'): Promise<void> {
    await this.page.goto(
      `${httpUrl}/?role=${role}&user=admin#password=${encodeURIComponent(password)}`,
    );
    await this.loggedIn().waitFor();
  }

  loginForm(): Locator {
    return this.scope.getByRole('form', { name: 'Operator login' });
  }

  async login(password: string, account = 'admin'): Promise<void> {
    await this.loginForm().getByLabel('Operator account').fill(account);
    await this.loginForm().getByLabel('Operator password').fill(password);
    await this.loginForm().getByRole('button', { name: 'Log in' }).click();
  }

  /** "Logged in as operator:admin". */
  loggedIn(): Locator {
    return this.scope.getByRole('status', { name: 'Operator session' }).getByText('Logged in as');
  }

  tab(name: string): Locator {
    return this.scope.getByRole('tab', { name, exact: true });
  }

  panel(name: string): Locator {
    return this.scope.getByRole('tabpanel', { name, exact: true });
  }

  devices(): Locator {
    return this.scope.getByRole('table', { name: 'Devices' });
  }

  /** A device's row, found by its name button. */
  deviceRow(name: string): Locator {
    return this.devices()
      .getByRole('row')
      .filter({ has: this.page.getByRole('button', { name, exact: true }) });
  }

  /** Fetches the list again (devices created from Node push no event). */
  async refresh(): Promise<void> {
    await this.scope.getByRole('button', { name: 'Refresh devices' }).click();
  }

  search(): Locator {
    return this.scope.getByLabel('Search devices');
  }

  async selectDevice(name: string): Promise<void> {
    await this.devices().getByRole('button', { name, exact: true }).click();
  }

  /** The selected device's detail region ("Device <name>"). */
  detail(name: string): Locator {
    return this.scope.getByRole('region', { name: `Device ${name}` });
  }

  /** Opens a tab of the device detail: Device telemetry, Device attributes, Device RPC, Sessions and events. */
  async openDetailTab(name: string): Promise<Locator> {
    await this.tab(name).click();
    return this.panel(name);
  }

  createForm(): Locator {
    return this.scope.getByRole('form', { name: 'Create a device' });
  }

  async openCreateForm(): Promise<Locator> {
    await this.scope.getByText('Create a device', { exact: true }).first().click();
    return this.createForm();
  }
}
