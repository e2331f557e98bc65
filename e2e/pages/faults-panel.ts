import type { Locator } from '@playwright/test';

import type { OperatorPage } from './operator-page.ts';

/** The operator's "Faults" tab: the add form and the active rules. */
export class FaultsPanel {
  constructor(readonly operator: OperatorPage) {}

  root(): Locator {
    return this.operator.panel('Faults');
  }

  async open(): Promise<void> {
    await this.operator.tab('Faults').click();
  }

  form(): Locator {
    return this.root().getByRole('form', { name: 'Add a fault' });
  }

  /** Chooses the fault, the device (name, or "Every device") and the times (empty: until removed). */
  async add(options: {
    kind: string;
    device?: string;
    times?: string;
    params?: Record<string, string>;
  }): Promise<void> {
    const form = this.form();
    await form.getByLabel('Fault').selectOption(options.kind);
    await form.getByLabel('Device').selectOption({ label: options.device ?? 'Every device' });
    await form.getByLabel('Times').fill(options.times ?? '');
    for (const [label, value] of Object.entries(options.params ?? {})) {
      const field = form.getByLabel(label);
      if ((await field.evaluate((el) => el.tagName)) === 'SELECT') await field.selectOption(value);
      else await field.fill(value);
    }
    await form.getByRole('button', { name: 'Add fault' }).click();
  }

  /** What the form says after adding (the rule in words, or what to fix). */
  result(): Locator {
    return this.form().locator('[aria-live="polite"]');
  }

  rules(): Locator {
    return this.root().getByRole('table', { name: 'Active faults' });
  }

  rule(id: string): Locator {
    return this.rules()
      .getByRole('row')
      .filter({ has: this.operator.page.getByRole('rowheader', { name: id, exact: true }) });
  }

  async remove(id: string): Promise<void> {
    await this.rules()
      .getByRole('button', { name: `Remove ${id}` })
      .click();
  }

  status(): Locator {
    return this.root().getByText(/No fault is active|active$/);
  }
}
