import { useRef, type ReactNode } from 'react';
import { documentDir, visualArrowKey } from '../../lib/visual-arrow-key';

export interface Tab {
  id: string;
  label: ReactNode;
}

export interface TabsProps {
  tabs: Tab[];
  selected: string;
  onSelect: (id: string) => void;
  label: string;
  /** idBase ties each tab to its panel: `${idBase}-tab-${id}` and `${idBase}-panel-${id}`. */
  idBase: string;
}

/** Tabs is a tab list whose arrow keys follow the reading direction (swapped in RTL). */
export function Tabs({ tabs, selected, onSelect, label, idBase }: TabsProps) {
  const refs = useRef<(HTMLButtonElement | null)[]>([]);
  const move = (from: number, key: string) => {
    const step = visualArrowKey(key, documentDir());
    let to: number | undefined;
    if (key === 'Home') to = 0;
    else if (key === 'End') to = tabs.length - 1;
    else if (step) to = (from + (step === 'next' ? 1 : -1) + tabs.length) % tabs.length;
    if (to === undefined) return false;
    const tab = tabs[to];
    if (tab) {
      onSelect(tab.id);
      refs.current[to]?.focus();
    }
    return true;
  };
  return (
    <div role="tablist" aria-label={label} className="tabs">
      {tabs.map((tab, i) => (
        <button
          key={tab.id}
          ref={(el) => {
            refs.current[i] = el;
          }}
          type="button"
          role="tab"
          id={`${idBase}-tab-${tab.id}`}
          aria-controls={`${idBase}-panel-${tab.id}`}
          aria-selected={tab.id === selected}
          tabIndex={tab.id === selected ? 0 : -1}
          className="tab"
          onClick={() => onSelect(tab.id)}
          onKeyDown={(e) => {
            if (move(i, e.key)) e.preventDefault();
          }}
        >
          {tab.label}
        </button>
      ))}
    </div>
  );
}
