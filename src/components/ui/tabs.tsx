import { useId, useRef } from 'react';
import type { KeyboardEvent, ReactNode } from 'react';

export interface TabItem {
  id: string;
  label: string;
  content: ReactNode;
}

export interface TabsProps {
  /** Accessible name of the tab list. */
  label: string;
  items: readonly TabItem[];
  selected: string;
  onSelect: (id: string) => void;
}

/**
 * WAI-ARIA tabs: arrow keys, Home and End move between tabs (roving tabindex). Every panel stays
 * mounted and is only hidden, so panels keep their state and their live listeners.
 */
export function Tabs({ label, items, selected, onSelect }: TabsProps) {
  const base = useId();
  const tabs = useRef(new Map<string, HTMLButtonElement>());
  const current = items.some((item) => item.id === selected) ? selected : (items[0]?.id ?? '');

  const move = (event: KeyboardEvent, index: number) => {
    const last = items.length - 1;
    const next =
      event.key === 'ArrowRight'
        ? index === last
          ? 0
          : index + 1
        : event.key === 'ArrowLeft'
          ? index === 0
            ? last
            : index - 1
          : event.key === 'Home'
            ? 0
            : event.key === 'End'
              ? last
              : null;
    const target = next === null ? undefined : items[next];
    if (target === undefined) return;
    event.preventDefault();
    onSelect(target.id);
    tabs.current.get(target.id)?.focus();
  };

  return (
    <div className="tabs">
      <div role="tablist" aria-label={label} className="tabs__list">
        {items.map((item, index) => (
          <button
            key={item.id}
            ref={(node) => {
              if (node) tabs.current.set(item.id, node);
              else tabs.current.delete(item.id);
            }}
            type="button"
            role="tab"
            id={`${base}-tab-${item.id}`}
            aria-controls={`${base}-panel-${item.id}`}
            aria-selected={item.id === current}
            tabIndex={item.id === current ? 0 : -1}
            className="tabs__tab"
            onClick={() => {
              onSelect(item.id);
            }}
            onKeyDown={(event) => {
              move(event, index);
            }}
          >
            {item.label}
          </button>
        ))}
      </div>
      {items.map((item) => (
        <div
          key={item.id}
          role="tabpanel"
          id={`${base}-panel-${item.id}`}
          aria-labelledby={`${base}-tab-${item.id}`}
          hidden={item.id !== current}
          className="tabs__panel"
        >
          {item.content}
        </div>
      ))}
    </div>
  );
}
