import { useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { documentDir, visualArrowKey } from '../../lib/visual-arrow-key';

export interface ChipOption {
  id: string;
  label: string;
}

export interface ChipSelectProps {
  label: string;
  selected: ChipOption[];
  /** Options matching the query (the caller searches). */
  options: ChipOption[];
  query: string;
  onQueryChange: (q: string) => void;
  onAdd: (id: string) => void;
  onRemove: (id: string) => void;
  disabled?: boolean;
  loading?: boolean;
  /** ordered lets chips be moved (bylines, related articles). */
  onMove?: (id: string, by: -1 | 1) => void;
}

/**
 * ChipSelect picks several objects: chips for the chosen ones (removable,
 * and movable when order matters) and a search box whose matches are listed
 * below it; arrow keys move through the matches, Enter adds one.
 */
export function ChipSelect({ label, selected, options, query, onQueryChange, onAdd, onRemove, disabled, loading, onMove }: ChipSelectProps) {
  const { t } = useTranslation();
  const id = useId();
  const [active, setActive] = useState(0);
  const [open, setOpen] = useState(false);
  const inputRef = useRef<HTMLInputElement>(null);
  const chosen = new Set(selected.map((s) => s.id));
  const matches = options.filter((o) => !chosen.has(o.id));
  const listId = `${id}-list`;
  const activeOption = matches[Math.min(active, matches.length - 1)];

  const pick = (o: ChipOption) => {
    onAdd(o.id);
    onQueryChange('');
    setActive(0);
    inputRef.current?.focus();
  };

  return (
    <div className="field chip-select">
      <label htmlFor={id} className="field-label">
        {label}
      </label>
      {selected.length > 0 && (
        <ul className="chips" aria-label={label}>
          {selected.map((s, i) => (
            <li key={s.id} className="chip">
              <span dir="auto">{s.label}</span>
              {!disabled && onMove && (
                <>
                  <button type="button" className="chip-x" aria-label={t('common.moveEarlier', { name: s.label })} disabled={i === 0} onClick={() => onMove(s.id, -1)}>
                    ↑
                  </button>
                  <button type="button" className="chip-x" aria-label={t('common.moveLater', { name: s.label })} disabled={i === selected.length - 1} onClick={() => onMove(s.id, 1)}>
                    ↓
                  </button>
                </>
              )}
              {!disabled && (
                <button type="button" className="chip-x" aria-label={t('common.removeItem', { name: s.label })} onClick={() => onRemove(s.id)}>
                  ✕
                </button>
              )}
            </li>
          ))}
        </ul>
      )}
      {!disabled && (
        <>
          <input
            ref={inputRef}
            id={id}
            className="input"
            type="search"
            dir="auto"
            role="combobox"
            aria-expanded={open && matches.length > 0}
            aria-controls={listId}
            aria-autocomplete="list"
            aria-activedescendant={open && activeOption ? `${id}-opt-${activeOption.id}` : undefined}
            placeholder={t('common.searchToAdd')}
            value={query}
            onFocus={() => setOpen(true)}
            onBlur={() => setTimeout(() => setOpen(false), 150)}
            onChange={(e) => {
              onQueryChange(e.target.value);
              setActive(0);
              setOpen(true);
            }}
            onKeyDown={(e) => {
              if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
                const step = visualArrowKey(e.key, documentDir());
                e.preventDefault();
                setOpen(true);
                setActive((a) => Math.max(0, Math.min(matches.length - 1, a + (step === 'next' ? 1 : -1))));
              } else if (e.key === 'Enter' && open && activeOption) {
                e.preventDefault();
                pick(activeOption);
              } else if (e.key === 'Escape') {
                setOpen(false);
              }
            }}
          />
          {open && (matches.length > 0 || loading) && (
            <ul id={listId} role="listbox" className="options" aria-label={label}>
              {loading && matches.length === 0 && <li className="muted">{t('common.loading')}</li>}
              {matches.map((o, i) => (
                <li
                  key={o.id}
                  id={`${id}-opt-${o.id}`}
                  role="option"
                  aria-selected={o === activeOption}
                  className={o === activeOption ? 'option option-active' : 'option'}
                  dir="auto"
                  onMouseDown={(e) => e.preventDefault()}
                  onMouseEnter={() => setActive(i)}
                  onClick={() => pick(o)}
                >
                  {o.label}
                </li>
              ))}
            </ul>
          )}
        </>
      )}
    </div>
  );
}
