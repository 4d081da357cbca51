import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Writer } from '../../../api/types';
import { ChipSelect, type ChipOption } from '../../../components/ui/chip-select';
import { ErrorMessage } from '../../../components/ui/error-message';
import { useDebouncedValue } from '../../../lib/use-debounced-value';
import { useWriterNames, useWriterSearch } from '../api/use-writers';

/**
 * writerChips names the assigned writers in their order: from the names the
 * API answered, else from search results already seen; an id neither knows is
 * a writer who left or lost the role, and says so.
 */
export function writerChips(ids: readonly string[], known: readonly Writer[], unknown: string, loading: boolean): ChipOption[] {
  const names = new Map(known.map((w) => [w.id, w.name]));
  return ids.map((id) => ({ id, label: names.get(id) ?? (loading ? '…' : unknown) }));
}

export interface LiveWritersProps {
  ids: string[];
  /** onChange assigns writers; absent: the list is shown read-only. */
  onChange?: ((ids: string[]) => void) | undefined;
}

/** LiveWriters lets an editor assign the writers who may post entries to a live article. */
export function LiveWriters({ ids, onChange }: LiveWritersProps) {
  const { t } = useTranslation();
  const [query, setQuery] = useState('');
  const q = useDebouncedValue(query);
  const [focused, setFocused] = useState(false);
  const search = useWriterSearch(q, !!onChange && (focused || q !== ''));
  const names = useWriterNames(ids);
  const known = [...(names.data ?? []), ...(search.data ?? [])];
  const selected = writerChips(ids, known, t('live.writers.unknown'), names.isFetching);
  return (
    <section className="live-writers" aria-labelledby="live-writers-title" onFocus={() => setFocused(true)}>
      <h2 id="live-writers-title">{t('live.writers.title')}</h2>
      <p className="muted small">{t('live.writers.hint')}</p>
      <ChipSelect
        label={t('live.writers.label')}
        selected={selected}
        options={(search.data ?? []).map((w) => ({ id: w.id, label: w.name }))}
        query={query}
        loading={search.isFetching}
        disabled={!onChange}
        onQueryChange={setQuery}
        onAdd={(id) => onChange?.([...ids, id])}
        onRemove={(id) => onChange?.(ids.filter((x) => x !== id))}
      />
      {ids.length === 0 && <p className="muted">{t('live.writers.none')}</p>}
      {(names.error ?? search.error) != null && <ErrorMessage error={names.error ?? search.error} />}
    </section>
  );
}
