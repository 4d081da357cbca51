import { useState } from 'react';
import { ChipSelect } from '../../../components/ui/chip-select';
import { useDebouncedValue } from '../../../lib/use-debounced-value';
import { useNames, useSearch, type LookupKind } from '../api/use-lookups';

export interface LookupSelectProps {
  kind: LookupKind;
  label: string;
  ids: string[];
  onChange: (ids: string[]) => void;
  disabled?: boolean;
  ordered?: boolean;
  /** exclude leaves an id out of the matches (the article itself among related articles). */
  exclude?: string;
}

/** LookupSelect picks tags, stories, authors or related articles by searching the API. */
export function LookupSelect({ kind, label, ids, onChange, disabled, ordered, exclude }: LookupSelectProps) {
  const [query, setQuery] = useState('');
  const q = useDebouncedValue(query);
  const [focused, setFocused] = useState(false);
  const search = useSearch(kind, q, !disabled && (focused || q !== ''));
  const selected = useNames(kind, ids);
  const options = (search.data ?? []).filter((o) => o.id !== exclude);
  return (
    <div onFocus={() => setFocused(true)}>
      <ChipSelect
        label={label}
        selected={selected}
        options={options}
        query={query}
        loading={search.isFetching}
        disabled={disabled}
        onQueryChange={setQuery}
        onAdd={(id) => onChange([...ids, id])}
        onRemove={(id) => onChange(ids.filter((x) => x !== id))}
        onMove={
          ordered
            ? (id, by) => {
                const i = ids.indexOf(id);
                const j = i + by;
                if (i < 0 || j < 0 || j >= ids.length) return;
                const next = [...ids];
                [next[i], next[j]] = [next[j]!, next[i]!];
                onChange(next);
              }
            : undefined
        }
      />
    </div>
  );
}
