import type { Locator, Page } from '@playwright/test';

import { DevicePanel } from './device-panel.ts';

/** The RPC tab: server-side inbox and reply editor, auto-responder rules, client-side RPC. */
export class RpcPanel extends DevicePanel {
  constructor(page: Page) {
    super(page, 'RPC');
  }

  family(): Locator {
    return this.root().getByLabel('Topic family');
  }

  inbox(): Locator {
    return this.root().getByRole('table', { name: 'Server-side RPC requests' });
  }

  /** The inbox row of a request, found by its method. */
  request(method: string): Locator {
    return this.inbox().getByRole('row').filter({ hasText: method });
  }

  async openRequest(requestId: number, method: string): Promise<void> {
    await this.root()
      .getByRole('button', { name: `Open request ${requestId} (${method})` })
      .click();
  }

  replyEditor(): Locator {
    return this.root().getByLabel('Reply (JSON)');
  }

  async reply(json: string): Promise<void> {
    await this.replyEditor().fill(json);
    await this.root().getByRole('button', { name: 'Send reply' }).click();
  }

  rule(index: number): Locator {
    return this.root().getByRole('group', { name: `Rule ${index}` });
  }

  /** Adds a rule at the end and fills it in; returns its group. */
  async addRule(
    index: number,
    rule: {
      method: string;
      action: 'Reply with static JSON' | 'Echo the params' | 'Never answer';
      delayMs?: number;
    },
  ): Promise<Locator> {
    await this.root().getByRole('button', { name: 'Add rule' }).click();
    const group = this.rule(index);
    await group.getByLabel('Method').fill(rule.method);
    await group.getByLabel('Action').selectOption({ label: rule.action });
    if (rule.delayMs !== undefined) await group.getByLabel('Delay (ms)').fill(String(rule.delayMs));
    return group;
  }

  clientMethod(): Locator {
    return this.root().getByLabel('Client RPC method');
  }

  clientParams(): Locator {
    return this.root().getByLabel('Client RPC params (JSON)');
  }

  clientTimeout(): Locator {
    return this.root().getByLabel('Timeout (ms)');
  }

  async usePreset(method: 'getTime' | 'getSessionLimits'): Promise<void> {
    await this.root()
      .getByRole('button', { name: `Preset ${method}` })
      .click();
  }

  async sendClientRpc(): Promise<void> {
    await this.root().getByRole('button', { name: 'Send request' }).click();
  }

  clientResult(): Locator {
    return this.root().getByRole('region', { name: 'Client RPC result' });
  }

  clientReply(): Locator {
    return this.root().getByLabel('Client RPC reply');
  }
}
