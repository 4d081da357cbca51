import { Fragment } from 'react';
import { useTranslation } from 'react-i18next';
import type { Block, BlockChange, Diff, FieldChange, TextChange } from '../../../api/types';
import { plainText } from '../../../lib/inline-markup';

/** blockSummary is a block's readable text: markup removed, lists as lines. */
export function blockSummary(b: Block | null | undefined): string {
  if (!b) return '';
  switch (b.type) {
    case 'list':
      return (b.items ?? []).map((i) => `• ${plainText(i)}`).join('\n');
    case 'image':
      return [b.caption, b.media_id].filter(Boolean).join(' · ');
    case 'embed':
    case 'video':
      return [b.url ?? b.media_id, b.caption].filter(Boolean).join(' · ');
    case 'quote':
      return `${plainText(b.text ?? '')}${b.cite ? ` — ${b.cite}` : ''}`;
    default:
      return plainText(b.text ?? '');
  }
}

/** runText is what a text run shows: its text, without the tags of inline markup. */
export function runText(run: TextChange): string {
  return plainText(run.text);
}

function fieldValue(v: unknown): string {
  if (v === null || v === undefined || v === '') return '—';
  if (Array.isArray(v)) return v.length ? v.map(String).join('، ') : '—';
  if (typeof v === 'object') return JSON.stringify(v);
  return String(v);
}

function Runs({ runs }: { runs: TextChange[] }) {
  const { t } = useTranslation();
  return (
    <>
      {runs.map((r, i) => {
        const text = runText(r);
        if (r.op === 'insert')
          return (
            <ins key={i}>
              <span className="sr-only">{t('diff.added')}: </span>
              {text}
            </ins>
          );
        if (r.op === 'delete')
          return (
            <del key={i}>
              <span className="sr-only">{t('diff.removed')}: </span>
              {text}
            </del>
          );
        return <Fragment key={i}>{text}</Fragment>;
      })}
    </>
  );
}

function FieldRow({ change }: { change: FieldChange }) {
  const { t } = useTranslation();
  return (
    <tr>
      <th scope="row">{t(`article.fields.${change.field}`, { defaultValue: change.field })}</th>
      <td dir="auto">
        <del>
          <span className="sr-only">{t('diff.removed')}: </span>
          {fieldValue(change.from)}
        </del>
      </td>
      <td dir="auto">
        <ins>
          <span className="sr-only">{t('diff.added')}: </span>
          {fieldValue(change.to)}
        </ins>
      </td>
    </tr>
  );
}

function BlockRow({ change }: { change: BlockChange }) {
  const { t } = useTranslation();
  const type = change.new?.type ?? change.old?.type ?? '';
  const typeName = type ? t(`blocks.types.${type}`, { defaultValue: type }) : '';
  switch (change.op) {
    case 'insert':
      return (
        <li className="diff-block diff-insert" data-op="insert">
          <span className="diff-marker" aria-hidden="true">+</span>
          <span className="diff-type">{typeName}</span>
          <ins>
            <span className="sr-only">{t('diff.addedBlock')}: </span>
            {blockSummary(change.new)}
          </ins>
        </li>
      );
    case 'delete':
      return (
        <li className="diff-block diff-delete" data-op="delete">
          <span className="diff-marker" aria-hidden="true">−</span>
          <span className="diff-type">{typeName}</span>
          <del>
            <span className="sr-only">{t('diff.removedBlock')}: </span>
            {blockSummary(change.old)}
          </del>
        </li>
      );
    case 'change':
      return (
        <li className="diff-block diff-change" data-op="change">
          <span className="diff-marker" aria-hidden="true">~</span>
          <span className="diff-type">{typeName}</span>
          <span className="diff-text">
            {change.text && change.text.length > 0 ? (
              <Runs runs={change.text} />
            ) : change.items && change.items.length > 0 ? (
              <Runs runs={change.items} />
            ) : (
              <>
                <del>{blockSummary(change.old)}</del> <ins>{blockSummary(change.new)}</ins>
              </>
            )}
          </span>
        </li>
      );
    default:
      return (
        <li className="diff-block diff-equal" data-op="equal">
          <span className="diff-marker" aria-hidden="true"> </span>
          <span className="diff-type">{typeName}</span>
          <span className="diff-text">{blockSummary(change.new ?? change.old)}</span>
        </li>
      );
  }
}

/** RevisionDiff shows what changed between two revisions: the fields, then the body block by block. */
export function RevisionDiff({ diff, dir }: { diff: Diff; dir: 'rtl' | 'ltr' }) {
  const { t } = useTranslation();
  const nothing = diff.fields.length === 0 && diff.body.every((b) => b.op === 'equal');
  return (
    <div className="diff" aria-label={t('diff.title', { from: diff.against, to: diff.number })}>
      {nothing && <p className="muted">{t('diff.noChanges')}</p>}
      {diff.fields.length > 0 && (
        <table className="diff-fields">
          <caption>{t('diff.fields')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('conflict.field')}</th>
              <th scope="col">{t('diff.before', { n: diff.against })}</th>
              <th scope="col">{t('diff.after', { n: diff.number })}</th>
            </tr>
          </thead>
          <tbody>
            {diff.fields.map((f) => (
              <FieldRow key={f.field} change={f} />
            ))}
          </tbody>
        </table>
      )}
      {diff.body.some((b) => b.op !== 'equal') && (
        <section>
          <h3>{t('diff.body')}</h3>
          <ol className="diff-body" dir={dir}>
            {diff.body.map((b, i) => (
              <BlockRow key={i} change={b} />
            ))}
          </ol>
        </section>
      )}
    </div>
  );
}
