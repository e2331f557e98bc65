import type { Locator, Page } from '@playwright/test';

/** A tab of the device console: the tab to open it and its panel to look inside. */
export class DevicePanel {
  constructor(
    readonly page: Page,
    /** The tab's label, which also names its tab panel. */
    readonly tabName: string,
    /** The whole page, or the split view's "Device side" region (where the operator has tabs too). */
    readonly scope: Page | Locator = page,
  ) {}

  tab(): Locator {
    return this.scope.getByRole('tab', { name: this.tabName, exact: true });
  }

  /** Everything inside the panel; hidden panels are not matched. */
  root(): Locator {
    return this.scope.getByRole('tabpanel', { name: this.tabName, exact: true });
  }

  async open(): Promise<void> {
    await this.tab().click();
    await this.root().waitFor();
  }
}
