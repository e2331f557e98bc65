import type { ReactNode, Ref } from 'react';

/**
 * A box that scrolls when its content is taller than it: a named region that takes focus, so a
 * keyboard user can scroll it with the arrow keys (WCAG 2.1.1; axe `scrollable-region-focusable`).
 * Its name is `label` plus "(scrolls)", so it never repeats the name of the card around it.
 */
export function ScrollRegion({
  label,
  className,
  children,
  ref,
}: {
  label: string;
  className: string;
  children: ReactNode;
  /** The scrolling element (a virtual list reads its scroll position). */
  ref?: Ref<HTMLDivElement>;
}) {
  return (
    <div
      ref={ref}
      className={className}
      role="region"
      aria-label={`${label} (scrolls)`}
      tabIndex={0}
    >
      {children}
    </div>
  );
}
