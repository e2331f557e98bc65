/** Query keys of the firmware feature (style.md habit 5). */
export const firmwareKeys = {
  all: ['firmware'] as const,
  /** The `fw_*`/`sw_*` shared attributes of the device of one `connect()` (session `connectSeq`). */
  attributes: (connectSeq: number) => [...firmwareKeys.all, 'attributes', connectSeq] as const,
};
