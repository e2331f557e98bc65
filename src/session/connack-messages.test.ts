import { describe, expect, it } from 'vitest';

import { describeGaveUp, describeRefusal, describeUnreachable } from './connack-messages.ts';

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
    expect(describeGaveUp(url, 3)).toContain('Gave up after 3 retries');
  });
});
