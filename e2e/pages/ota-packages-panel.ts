import type { Locator, Page } from '@playwright/test';

/** A file to hand to the upload form's file picker. */
export interface PackageFile {
  name: string;
  buffer: Buffer;
}

/**
 * The operator's Firmware tab: upload form, packages table, assign form and update progress.
 * `scope` is the whole page, or the split view's "Operator side" region.
 */
export class OtaPackagesPanel {
  constructor(
    readonly page: Page,
    readonly scope: Page | Locator = page,
  ) {}

  tab(): Locator {
    return this.scope.getByRole('tab', { name: 'Firmware', exact: true });
  }

  root(): Locator {
    return this.scope.getByRole('tabpanel', { name: 'Firmware', exact: true });
  }

  async open(): Promise<void> {
    await this.tab().click();
    await this.root().waitFor();
  }

  uploadForm(): Locator {
    return this.root().getByRole('form', { name: 'Upload a package' });
  }

  /** Picks the file; title and version are prefilled from its name when it carries a version. */
  async pickFile(file: PackageFile): Promise<void> {
    await this.uploadForm().getByLabel('Package file').setInputFiles({
      name: file.name,
      mimeType: 'application/octet-stream',
      buffer: file.buffer,
    });
  }

  /** Picks the file, sets the given fields and starts the upload. */
  async upload(
    file: PackageFile,
    fields: { algorithm?: string; checksum?: string; tag?: string } = {},
  ): Promise<void> {
    const form = this.uploadForm();
    await this.pickFile(file);
    if (fields.algorithm !== undefined)
      await form.getByLabel('Checksum algorithm').selectOption(fields.algorithm);
    if (fields.checksum !== undefined)
      await form.getByLabel('Expected checksum (optional)').fill(fields.checksum);
    if (fields.tag !== undefined) await form.getByLabel('Tag (optional)').fill(fields.tag);
    await form.getByRole('button', { name: 'Upload package' }).click();
  }

  uploadProgress(): Locator {
    return this.uploadForm().getByRole('progressbar', { name: 'Upload progress' });
  }

  uploadStatistics(): Locator {
    return this.uploadForm().getByLabel('Upload statistics');
  }

  uploadResult(): Locator {
    return this.uploadForm().getByRole('status', { name: 'Upload result' });
  }

  uploadAlert(): Locator {
    return this.uploadForm().getByRole('alert');
  }

  packages(): Locator {
    return this.root().getByRole('table', { name: 'OTA packages' });
  }

  /** A package's row, by its title (row header) and version. */
  packageRow(title: string, version: string): Locator {
    return this.packages()
      .getByRole('row')
      .filter({ has: this.page.getByRole('rowheader', { name: title, exact: true }) })
      .filter({ hasText: version });
  }

  /** Clicks Delete, then Confirm. */
  async deletePackage(title: string, version: string): Promise<void> {
    const row = this.packageRow(title, version);
    await row.getByRole('button', { name: `Delete ${title} ${version}` }).click();
    await row.getByRole('button', { name: `Confirm deleting ${title} ${version}` }).click();
  }

  assignForm(): Locator {
    return this.root().getByRole('form', { name: 'Assign a package' });
  }

  /** Chooses the target (a device or a profile by name) and, for an assignment, the package. */
  async chooseTarget(kind: 'device' | 'profile', name: string): Promise<void> {
    const form = this.assignForm();
    await form.getByLabel('Assign to').selectOption(kind);
    await form
      .getByLabel(kind === 'device' ? 'Target device' : 'Target profile')
      .selectOption(name);
  }

  /** Assigns the package labelled `title version (firmware|software)` to the target. */
  async assign(kind: 'device' | 'profile', target: string, packageLabel: string): Promise<void> {
    await this.chooseTarget(kind, target);
    await this.assignForm().getByLabel('Package to assign').selectOption({ label: packageLabel });
    await this.assignForm().getByRole('button', { name: 'Assign package' }).click();
  }

  async unassign(kind: 'device' | 'profile', target: string, type: 'firmware' | 'software') {
    await this.chooseTarget(kind, target);
    await this.assignForm()
      .getByRole('button', { name: `Unassign ${type}` })
      .click();
  }

  assignResult(): Locator {
    return this.assignForm().getByRole('status', { name: 'Assignment result' });
  }

  progress(): Locator {
    return this.root().getByRole('table', { name: 'Update progress' });
  }

  /** A device's progress row for its firmware or its software. */
  progressRow(deviceName: string, type: 'Firmware' | 'Software'): Locator {
    return this.progress()
      .getByRole('row')
      .filter({ has: this.page.getByRole('rowheader', { name: deviceName, exact: true }) })
      .filter({ has: this.page.getByRole('cell', { name: type, exact: true }) });
  }

  /** The row's state sequence (QUEUED … UPDATED), the current one marked `aria-current="step"`. */
  states(deviceName: string, type: 'Firmware' | 'Software'): Locator {
    return this.progressRow(deviceName, type).getByRole('list', {
      name: `${type} states of ${deviceName}`,
    });
  }
}
