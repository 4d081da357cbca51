import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { ApiError } from '../../../api/client';
import type { Role } from '../../../api/me';
import type { User } from '../../../api/types';
import { Button } from '../../../components/ui/button';
import { Dialog } from '../../../components/ui/dialog';
import { ErrorMessage } from '../../../components/ui/error-message';
import { Checkbox, SelectField, TextField } from '../../../components/ui/field';
import { Loading } from '../../../components/ui/loading';
import { PageHeader } from '../../../components/ui/page-header';
import { Pager } from '../../../components/ui/pager';
import { toast } from '../../../components/ui/toast';
import { firstPage } from '../../../lib/cursor';
import { useFormatDate } from '../../../lib/format-date';
import { useUserMutations, useUsers } from '../api/use-users';

const roles: Role[] = ['writer', 'editor', 'moderator', 'admin'];

/** UserListRoute: admins add people, set their roles, deactivate them and reset passwords. */
export function UserListRoute() {
  const { t } = useTranslation();
  const fmt = useFormatDate();
  const [params, setParams] = useSearchParams();
  const filters = { q: params.get('q') || undefined, role: params.get('role') || undefined, active: params.get('active') || undefined, cursor: params.get('cursor') || undefined };
  const list = useUsers(filters);
  const { create, update } = useUserMutations();
  const [editing, setEditing] = useState<User | 'new' | null>(null);
  const [form, setForm] = useState({ email: '', name: '', password: '', roles: [] as string[], active: true });
  const mutation = editing === 'new' ? create : update;
  const fields = mutation.error instanceof ApiError ? mutation.error.fields : {};

  const setFilter = (k: string, v: string) => {
    const next = firstPage(params);
    if (v) next.set(k, v);
    else next.delete(k);
    setParams(next);
  };
  const open = (u: User | 'new') => {
    create.reset();
    update.reset();
    setForm(u === 'new' ? { email: '', name: '', password: '', roles: ['writer'], active: true } : { email: u.email, name: u.name, password: '', roles: [...u.roles], active: u.active });
    setEditing(u);
  };
  const submit = () => {
    const close = () => {
      setEditing(null);
      toast(t('common.saved'));
    };
    if (editing === 'new') {
      create.mutate({ email: form.email.trim(), name: form.name.trim(), password: form.password, roles: form.roles }, { onSuccess: close });
    } else if (editing) {
      const input: Record<string, unknown> = {};
      if (form.email !== editing.email) input['email'] = form.email.trim();
      if (form.name !== editing.name) input['name'] = form.name.trim();
      if (form.roles.join() !== editing.roles.join()) input['roles'] = form.roles;
      if (form.active !== editing.active) input['active'] = form.active;
      if (form.password) input['password'] = form.password;
      update.mutate({ user: editing, input }, { onSuccess: close });
    }
  };

  return (
    <div>
      <PageHeader title={t('users.title')} actions={<Button variant="primary" onClick={() => open('new')}>{t('users.new')}</Button>} />
      <form className="filters" role="search" onSubmit={(e) => e.preventDefault()}>
        <TextField label={t('common.search')} type="search" dir="auto" defaultValue={filters.q} onKeyDown={(e) => e.key === 'Enter' && setFilter('q', e.currentTarget.value.trim())} onBlur={(e) => setFilter('q', e.target.value.trim())} />
        <SelectField label={t('users.role')} value={filters.role ?? ''} onChange={(e) => setFilter('role', e.target.value)}>
          <option value="">{t('articles.any')}</option>
          {roles.map((r) => (
            <option key={r} value={r}>
              {t(`roles.${r}`)}
            </option>
          ))}
        </SelectField>
        <SelectField label={t('users.active')} value={filters.active ?? ''} onChange={(e) => setFilter('active', e.target.value)}>
          <option value="">{t('articles.any')}</option>
          <option value="true">{t('users.activeYes')}</option>
          <option value="false">{t('users.activeNo')}</option>
        </SelectField>
      </form>
      {list.isPending && <Loading />}
      {list.error && <ErrorMessage error={list.error} />}
      {list.data && (
        <table className="data-table">
          <thead>
            <tr>
              <th scope="col">{t('users.name')}</th>
              <th scope="col">{t('users.email')}</th>
              <th scope="col">{t('users.roles')}</th>
              <th scope="col">{t('users.active')}</th>
              <th scope="col">{t('users.since')}</th>
              <th scope="col">
                <span className="sr-only">{t('common.actions')}</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {list.data.data.map((u) => (
              <tr key={u.id} className={u.active ? '' : 'row-muted'}>
                <td dir="auto">{u.name}</td>
                <td dir="ltr">{u.email}</td>
                <td>{u.roles.map((r) => t(`roles.${r}`, { defaultValue: r })).join('، ')}</td>
                <td>{u.active ? t('users.activeYes') : t('users.activeNo')}</td>
                <td>{fmt(u.created_at, 'date')}</td>
                <td>
                  <Button small onClick={() => open(u)} aria-label={`${t('common.edit')}: ${u.name}`}>
                    {t('common.edit')}
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
        title={editing === 'new' ? t('users.new') : t('users.edit', { name: editing?.name ?? '' })}
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
          <TextField label={t('users.name')} dir="auto" autoFocus value={form.name} onChange={(e) => setForm({ ...form, name: e.target.value })} error={fields['name']} />
          <TextField label={t('users.email')} type="email" dir="ltr" value={form.email} onChange={(e) => setForm({ ...form, email: e.target.value })} error={fields['email']} />
          <TextField
            label={editing === 'new' ? t('users.password') : t('users.resetPassword')}
            hint={editing === 'new' ? undefined : t('users.resetHint')}
            type="password"
            autoComplete="new-password"
            dir="ltr"
            value={form.password}
            onChange={(e) => setForm({ ...form, password: e.target.value })}
            error={fields['password']}
          />
          <fieldset className="fieldset">
            <legend>{t('users.roles')}</legend>
            {roles.map((r) => (
              <Checkbox
                key={r}
                label={t(`roles.${r}`)}
                checked={form.roles.includes(r)}
                onChange={(e) => setForm({ ...form, roles: e.target.checked ? [...form.roles, r] : form.roles.filter((x) => x !== r) })}
              />
            ))}
            {fields['roles'] && <p className="field-error">{fields['roles']}</p>}
          </fieldset>
          {editing !== 'new' && <Checkbox label={t('users.activeLabel')} checked={form.active} onChange={(e) => setForm({ ...form, active: e.target.checked })} />}
          {mutation.error && !Object.keys(fields).length && <ErrorMessage error={mutation.error} />}
          <button type="submit" hidden />
        </form>
      </Dialog>
    </div>
  );
}
