/**
 * Optional fields of parsed params are `T | undefined`; service inputs (with exactOptionalPropertyTypes)
 * want them absent instead. `Compact<T>` is T with every `undefined`-able field optional and defined.
 */
export type Compact<T> = {
  [K in keyof T as undefined extends T[K] ? never : K]: T[K];
} & {
  [K in keyof T as undefined extends T[K] ? K : never]?: Exclude<T[K], undefined>;
};

/** Drops the fields whose value is undefined. */
export function compact<T extends object>(value: T): Compact<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Compact<T>;
}
