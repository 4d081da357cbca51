import { useState, type ComponentType } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { ApiError } from '../../../api/client';
import { Button } from '../../../components/ui/button';
import { Dialog } from '../../../components/ui/dialog';
import { ErrorMessage } from '../../../components/ui/error-message';
import { SelectField, TextArea, TextField } from '../../../components/ui/field';
import { Loading } from '../../../components/ui/loading';
import { PageHeader } from '../../../components/ui/page-header';
import { Pager } from '../../../components/ui/pager';
import { toast } from '../../../components/ui/toast';
import { firstPage } from '../../../lib/cursor';
import { useTaxonomyList, useTaxonomyMutations, type TaxonomyItem, type TaxonomyKind } from '../api/use-taxonomy';
import type { ImageFieldProps } from './slots';

export interface FieldDef {
  name: string;
  /** image: a media asset's id, picked with the ImageField slot. */
  type: 'text' | 'textarea' | 'number' | 'parent' | 'image';
}

type Values = Record<string, string>;

function valuesOf(item: TaxonomyItem | null, fields: FieldDef[]): Values {
  const v: Values = {};
  for (const f of fields) {
    const raw = item ? (item as unknown as Record<string, unknown>)[f.name] : undefined;
    v[f.name] = raw === null || raw === undefined ? '' : String(raw);
  }
  return v;
}

export interface TaxonomyScreenProps {
  kind: TaxonomyKind;
  fields: FieldDef[];
  /** ImageField edits the fields of type image; needed when there are any. */
  ImageField?: ComponentType<ImageFieldProps>;
}

/** TaxonomyScreen lists, creates, edits and deletes sections, tags or author profiles. */
export function TaxonomyScreen({ kind, fields, ImageField }: TaxonomyScreenProps) {
  const { t } = useTranslation();
  const [params, setParams] = useSearchParams();
  const list = useTaxonomyList(kind, { q: params.get('q') || undefined, cursor: params.get('cursor') || undefined });
  const parents = useTaxonomyList('sections', {});
  const { create, update, remove } = useTaxonomyMutations(kind);
  const [editing, setEditing] = useState<TaxonomyItem | 'new' | null>(null);
  const [values, setValues] = useState<Values>({});
  const mutation = editing === 'new' ? create : update;
  const fieldErrors = mutation.error instanceof ApiError ? mutation.error.fields : {};

  const open = (item: TaxonomyItem | 'new') => {
    create.reset();
    update.reset();
    setValues(valuesOf(item === 'new' ? null : item, fields));
    setEditing(item);
  };

  const submit = () => {
    const before = valuesOf(editing === 'new' ? null : editing, fields);
    const input: Record<string, unknown> = {};
    for (const f of fields) {
      const v = values[f.name] ?? '';
      if (editing !== 'new' && v === before[f.name]) continue;
      if (editing === 'new' && v === '') continue;
      if (f.type === 'number') input[f.name] = Number(v);
      else if (f.type === 'parent' || f.type === 'image') input[f.name] = v || null;
      else if (f.name === 'slug' && v.trim() === '') continue;
      else input[f.name] = v.trim();
    }
    const close = () => {
      setEditing(null);
      toast(t('common.saved'));
    };
    if (editing === 'new') create.mutate(input, { onSuccess: close });
    else if (editing) update.mutate({ item: editing, input }, { onSuccess: close });
  };

  return (
    <div>
      <PageHeader
        title={t(`taxonomy.${kind}.title`)}
        actions={
          <Button variant="primary" onClick={() => open('new')}>
            {t(`taxonomy.${kind}.new`)}
          </Button>
        }
      />
      <form className="filters" role="search" onSubmit={(e) => e.preventDefault()}>
        <TextField
          label={t('common.search')}
          type="search"
          dir="auto"
          defaultValue={params.get('q') ?? ''}
          onChange={(e) => {
            const next = firstPage(params);
            if (e.target.value.trim()) next.set('q', e.target.value.trim());
            else next.delete('q');
            setParams(next, { replace: true });
          }}
        />
      </form>
      {list.isPending && <Loading />}
      {list.error && <ErrorMessage error={list.error} />}
      {remove.error && <ErrorMessage error={remove.error} />}
      {list.data && (
        <table className="data-table">
          <thead>
            <tr>
              <th scope="col">{t('taxonomy.fields.name')}</th>
              <th scope="col">{t('taxonomy.fields.slug')}</th>
              {fields.some((f) => f.name === 'position') && <th scope="col">{t('taxonomy.fields.position')}</th>}
              <th scope="col">
                <span className="sr-only">{t('common.actions')}</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {list.data.data.map((item) => (
              <tr key={item.id}>
                <td dir="auto">{item.name}</td>
                <td dir="auto">{item.slug}</td>
                {fields.some((f) => f.name === 'position') && <td>{(item as { position?: number }).position}</td>}
                <td className="cell-actions">
                  <Button small onClick={() => open(item)} aria-label={`${t('common.edit')}: ${item.name}`}>
                    {t('common.edit')}
                  </Button>
                  <Button
                    small
                    variant="danger"
                    aria-label={`${t('common.delete')}: ${item.name}`}
                    onClick={() => {
                      if (window.confirm(t('taxonomy.confirmDelete', { name: item.name }))) remove.mutate(item, { onSuccess: () => toast(t('common.deleted')) });
                    }}
                  >
                    {t('common.delete')}
                  </Button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <Pager nextCursor={list.data?.next_cursor} />
      <Dialog
        open={editing !== null}
        onClose={() => setEditing(null)}
        title={editing === 'new' ? t(`taxonomy.${kind}.new`) : t('taxonomy.edit', { name: editing?.name ?? '' })}
        footer={
          <>
            <Button variant="primary" busy={mutation.isPending} onClick={submit}>
              {t('common.save')}
            </Button>
            <Button onClick={() => setEditing(null)}>{t('common.cancel')}</Button>
          </>
        }
      >
        <form
          onSubmit={(e) => {
            e.preventDefault();
            submit();
          }}
        >
          {fields.map((f) => {
            const common = { label: t(`taxonomy.fields.${f.name}`), value: values[f.name] ?? '', error: fieldErrors[f.name] };
            const set = (v: string) => setValues({ ...values, [f.name]: v });
            if (f.type === 'image')
              return ImageField ? <ImageField key={f.name} label={common.label} value={common.value || null} onChange={(id) => set(id ?? '')} error={common.error} /> : null;
            if (f.type === 'textarea') return <TextArea key={f.name} {...common} dir="auto" rows={3} onChange={(e) => set(e.target.value)} />;
            if (f.type === 'parent')
              return (
                <SelectField key={f.name} {...common} onChange={(e) => set(e.target.value)}>
                  <option value="">{t('taxonomy.noParent')}</option>
                  {parents.data?.data
                    .filter((p) => editing === 'new' || p.id !== editing?.id)
                    .map((p) => (
                      <option key={p.id} value={p.id}>
                        {p.name}
                      </option>
                    ))}
                </SelectField>
              );
            return <TextField key={f.name} {...common} type={f.type === 'number' ? 'number' : 'text'} dir={f.type === 'number' ? undefined : 'auto'} autoFocus={f.name === 'name'} onChange={(e) => set(e.target.value)} />;
          })}
          {mutation.error && !Object.keys(fieldErrors).length && <ErrorMessage error={mutation.error} />}
          <button type="submit" hidden />
        </form>
      </Dialog>
    </div>
  );
}
