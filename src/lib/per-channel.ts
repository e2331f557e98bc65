/**
 * One instance of something per channel (session), created on first use: controllers that must
 * outlive the component that first needed them (style.md habit 3).
 */
export function perChannel<C extends object, T>(create: (channel: C) => T): (channel: C) => T {
  const instances = new WeakMap<C, T>();
  return (channel) => {
    let instance = instances.get(channel);
    if (instance === undefined) {
      instance = create(channel);
      instances.set(channel, instance);
    }
    return instance;
  };
}
