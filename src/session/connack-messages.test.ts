import { describe, expect, it } from 'vitest';

import {
  describeRefusedAgain,
  describeLost,
  describeRefusal,
  describeUnreachable,
} from './connack-messages.ts';

describe('describeRefusal', () => {
  it('explains the IoT Hub 3.1.1 refusals with the fix', () => {
    expect(describeRefusal(4, 4)).toBe(
      "The broker refused the connection: the username (access token) is empty. Enter the device's access token.",
    );
    expect(describeRefusal(5, 4)).toMatch(
      /^The broker refused the connection: not authorized: no device has this access token\. Check the token/,
    );
  });

  it('explains the IoT Hub MQTT 5 reason codes', () => {
    expect(describeRefusal(0x86, 5)).toContain('no device has this access token');
    expect(describeRefusal(0x87, 5)).toContain('the username (access token) is empty');
    expect(describeRefusal(0x85, 5)).toContain('the client identifier is not valid');
    expect(describeRefusal(0x85, 5)).toContain("Enter the device's access token.");
  });

  it('reads the code in the table of the protocol version in use', () => {
    expect(describeRefusal(5, 5)).toBe('The broker refused the connection (CONNACK code 0x05).');
    expect(describeRefusal(0x86, 4)).toBe('The broker refused the connection (CONNACK code 0x86).');
  });
});

describe('network failures', () => {
  it('names the URL and what to check', () => {
    const url = 'ws://localhost:9/mqtt';
    expect(describeUnreachable(url)).toMatch(
      /^Cannot reach the broker at ws:\/\/localhost:9\/mqtt\. Check/,
    );
  });

  it('says a refused re-login is one, before the refusal itself', () => {
    expect(describeRefusedAgain(describeRefusal(5, 4))).toBe(
      "The connection came back, but logging in again with the same credentials was refused. The broker refused the connection: not authorized: no device has this access token. Check the token in the device's credentials (it is case-sensitive).",
    );
  });

  it('words an operator login refusal for the operator, not for a device', () => {
    for (const [code, version] of [
      [0x86, 5],
      [5, 4],
    ] as const) {
      const words = describeRefusal(code, version, 'basic', 'operator:ops');
      expect(words).toContain('wrong password or unknown operator account "ops"');
      expect(words).toContain('press Log in');
      expect(words).not.toContain('device');
    }
    expect(describeRefusal(0x88, 5, 'basic', 'operator:ops')).toContain(
      'the server is unavailable',
    );
  });
});

describe('a connection the broker ended', () => {
  it('gives the MQTT 5 DISCONNECT reason in words, else says the connection was lost', () => {
    expect(describeLost('ws://h/mqtt', 0x98)).toBe(
      "The broker at ws://h/mqtt closed the connection (DISCONNECT 0x98): an administrative action: the operator closed the session (the Faults tab's session.close does this on purpose).",
    );
    expect(describeLost('ws://h/mqtt', 0x8e)).toContain('another connection took over');
    expect(describeLost('ws://h/mqtt', 0xa2)).toBe(
      'The broker at ws://h/mqtt closed the connection (DISCONNECT 0xA2): a reason this console does not know.',
    );
    expect(describeLost('ws://h/mqtt')).toBe(
      'The connection to the broker at ws://h/mqtt was lost.',
    );
    expect(describeLost('ws://h/mqtt', 0)).toBe(
      'The connection to the broker at ws://h/mqtt was lost.',
    );
  });
});
