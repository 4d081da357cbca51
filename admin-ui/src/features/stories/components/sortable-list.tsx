import { useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';

export interface SortableItem {
  id: string;
}

/** moveItem returns the list with the item at `from` moved to `to`. */
export function moveItem<T>(list: readonly T[], from: number, to: number): T[] {
  if (from === to || from < 0 || to < 0 || from >= list.length || to >= list.length) return [...list];
  const next = [...list];
  const [item] = next.splice(from, 1);
  next.splice(to, 0, item as T);
  return next;
}

/**
 * SortableList orders items by drag and drop, or from the keyboard: the
 * up and down buttons, or Alt+ArrowUp / Alt+ArrowDown on a focused row.
 */
export function SortableList<T extends SortableItem>({ items, onChange, render, label }: { items: T[]; onChange: (items: T[]) => void; render: (item: T, index: number) => ReactNode; label: string }) {
  const { t } = useTranslation();
  const [dragging, setDragging] = useState<number | null>(null);
  const [over, setOver] = useState<number | null>(null);
  const [announce, setAnnounce] = useState('');
  const move = (from: number, to: number) => {
    if (to < 0 || to >= items.length) return;
    onChange(moveItem(items, from, to));
    setAnnounce(t('stories.movedTo', { n: to + 1, total: items.length }));
  };
  return (
    <>
      <ol className="sortable" aria-label={label}>
        {items.map((item, i) => (
          <li
            key={item.id}
            className={['sortable-item', dragging === i ? 'sortable-dragging' : '', over === i && dragging !== i ? 'sortable-over' : ''].join(' ')}
            draggable
            tabIndex={0}
            data-id={item.id}
            onDragStart={(e) => {
              setDragging(i);
              e.dataTransfer.effectAllowed = 'move';
              e.dataTransfer.setData('text/plain', item.id);
            }}
            onDragOver={(e) => {
              e.preventDefault();
              e.dataTransfer.dropEffect = 'move';
              setOver(i);
            }}
            onDragLeave={() => setOver((o) => (o === i ? null : o))}
            onDrop={(e) => {
              e.preventDefault();
              if (dragging !== null) move(dragging, i);
              setDragging(null);
              setOver(null);
            }}
            onDragEnd={() => {
              setDragging(null);
              setOver(null);
            }}
            onKeyDown={(e) => {
              if (e.altKey && (e.key === 'ArrowUp' || e.key === 'ArrowDown')) {
                e.preventDefault();
                move(i, e.key === 'ArrowUp' ? i - 1 : i + 1);
              }
            }}
          >
            <span className="drag-handle" aria-hidden="true">
              ⋮⋮
            </span>
            <span className="sortable-position">{i + 1}</span>
            <span className="sortable-body">{render(item, i)}</span>
            <span className="sortable-tools">
              <button type="button" className="tool" aria-label={t('common.moveUp')} disabled={i === 0} onClick={() => move(i, i - 1)}>
                ↑
              </button>
              <button type="button" className="tool" aria-label={t('common.moveDown')} disabled={i === items.length - 1} onClick={() => move(i, i + 1)}>
                ↓
              </button>
            </span>
          </li>
        ))}
      </ol>
      <p className="sr-only" role="status" aria-live="polite">
        {announce}
      </p>
    </>
  );
}
