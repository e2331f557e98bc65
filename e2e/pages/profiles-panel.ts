import type { Locator } from '@playwright/test';

import type { OperatorPage } from './operator-page.ts';

/** The operator's "Provisioning profiles" tab: the table, the new/edit form and the provision request. */
export class ProfilesPanel {
  constructor(readonly operator: OperatorPage) {}

  root(): Locator {
    return this.operator.panel('Provisioning profiles');
  }

  async open(): Promise<void> {
    await this.operator.tab('Provisioning profiles').click();
  }

  table(): Locator {
    return this.root().getByRole('table', { name: 'Provisioning profiles' });
  }

  /** A profile's row, found by its Edit button. */
  row(name: string): Locator {
    return this.table()
      .getByRole('row')
      .filter({
        has: this.operator.page.getByRole('button', { name: `Edit ${name}`, exact: true }),
      });
  }

  /** "Profile fleet created." and the like. */
  notice(): Locator {
    return this.root().getByRole('status', { name: 'Profiles notice' });
  }

  async refresh(): Promise<void> {
    await this.root().getByRole('button', { name: 'Refresh profiles' }).click();
  }

  /** "New profile" or "Edit profile <name>". */
  form(title: string): Locator {
    return this.root().getByRole('form', { name: title });
  }

  async openNewForm(): Promise<Locator> {
    await this.root().getByRole('button', { name: 'New profile' }).click();
    return this.form('New profile');
  }

  async openEditForm(name: string): Promise<Locator> {
    await this.row(name)
      .getByRole('button', { name: `Edit ${name}`, exact: true })
      .click();
    return this.form(`Edit profile ${name}`);
  }

  /** Asks to delete, then confirms. */
  async delete(name: string): Promise<void> {
    const row = this.row(name);
    await row.getByRole('button', { name: `Delete ${name}`, exact: true }).click();
    await row.getByRole('button', { name: `Confirm deleting ${name}`, exact: true }).click();
  }

  /** Why the broker refused to delete the profile, in plain words. */
  deleteRefusal(name: string): Locator {
    return this.root().getByRole('alert', { name: `Delete ${name} refused` });
  }

  /** Opens the provision request a device would send with this profile; returns its body. */
  async openProvisionRequest(name: string): Promise<Locator> {
    await this.row(name)
      .getByRole('button', { name: `Provision request of ${name}` })
      .click();
    return this.root().getByLabel(`Provision request body for ${name}`);
  }
}
