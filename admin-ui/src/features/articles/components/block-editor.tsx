import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Button } from '../../../components/ui/button';
import { Checkbox, SelectField, TextField } from '../../../components/ui/field';
import { blockTypes, emptyBlock, type BlockType, type EditorBlock } from './block-conversion';
import { InlineEditor } from './inline-editor';
import { MediaThumb } from './media-thumb';
import type { MediaPickerProps } from './slots';
import type { ComponentType } from 'react';

export interface BlockEditorProps {
  blocks: EditorBlock[];
  onChange: (blocks: EditorBlock[]) => void;
  dir: 'rtl' | 'ltr';
  readOnly: boolean;
  MediaPicker: ComponentType<MediaPickerProps>;
}

/** BlockEditor edits the body: an ordered list of typed blocks, each with its own fields. */
export function BlockEditor({ blocks, onChange, dir, readOnly, MediaPicker }: BlockEditorProps) {
  const { t } = useTranslation();
  const [focusKey, setFocusKey] = useState<string | null>(null);
  const [picking, setPicking] = useState<string | null>(null);

  const set = (key: string, patch: Partial<EditorBlock>) => onChange(blocks.map((b) => (b.key === key ? { ...b, ...patch } : b)));
  const insertAfter = (index: number, block: EditorBlock) => {
    const next = [...blocks];
    next.splice(index + 1, 0, block);
    onChange(next);
    setFocusKey(block.key);
  };
  const remove = (index: number) => {
    const prev = blocks[index - 1];
    onChange(blocks.filter((_, i) => i !== index));
    setFocusKey(prev?.key ?? null);
  };
  const move = (index: number, by: -1 | 1) => {
    const to = index + by;
    if (to < 0 || to >= blocks.length) return;
    const next = [...blocks];
    const [b] = next.splice(index, 1);
    if (b) next.splice(to, 0, b);
    onChange(next);
  };
  const add = (type: BlockType) => {
    const b = emptyBlock(type);
    onChange([...blocks, b]);
    setFocusKey(b.key);
    if (type === 'image') setPicking(b.key);
  };

  return (
    <div className="block-editor">
      {blocks.length === 0 && <p className="muted">{t('editor.emptyBody')}</p>}
      <ol className="blocks">
        {blocks.map((b, i) => {
          const typeName = t(`blocks.types.${b.type}`);
          return (
            <li key={b.key} className={`block block-${b.type}`} aria-label={t('blocks.position', { type: typeName, n: i + 1 })}>
              <div className="block-bar">
                <span className="block-type">{typeName}</span>
                {!readOnly && (
                  <span className="block-tools">
                    <button type="button" className="tool" aria-label={t('blocks.moveUp', { n: i + 1 })} disabled={i === 0} onClick={() => move(i, -1)}>
                      ↑
                    </button>
                    <button type="button" className="tool" aria-label={t('blocks.moveDown', { n: i + 1 })} disabled={i === blocks.length - 1} onClick={() => move(i, 1)}>
                      ↓
                    </button>
                    <button type="button" className="tool tool-danger" aria-label={t('blocks.remove', { n: i + 1 })} onClick={() => remove(i)}>
                      ✕
                    </button>
                  </span>
                )}
              </div>
              {b.type === 'paragraph' && (
                <InlineEditor
                  value={b.text}
                  onChange={(text) => set(b.key, { text })}
                  label={t('blocks.paragraphText', { n: i + 1 })}
                  placeholder={t('blocks.paragraphPlaceholder')}
                  dir={dir}
                  disabled={readOnly}
                  autoFocus={focusKey === b.key}
                  onEnter={(tail) => insertAfter(i, { ...emptyBlock('paragraph'), text: tail })}
                  onRemoveEmpty={blocks.length > 1 ? () => remove(i) : undefined}
                />
              )}
              {b.type === 'heading' && (
                <div className="block-fields block-fields-row">
                  <SelectField label={t('blocks.level')} value={b.level} disabled={readOnly} onChange={(e) => set(b.key, { level: Number(e.target.value) })} frameClassName="field-narrow">
                    <option value={2}>H2</option>
                    <option value={3}>H3</option>
                    <option value={4}>H4</option>
                  </SelectField>
                  <TextField
                    label={t('blocks.headingText')}
                    dir={dir}
                    value={b.text}
                    readOnly={readOnly}
                    autoFocus={focusKey === b.key}
                    className="heading-input"
                    onChange={(e) => set(b.key, { text: e.target.value })}
                  />
                </div>
              )}
              {b.type === 'image' && (
                <div className="block-fields">
                  {b.mediaId ? <MediaThumb id={b.mediaId} /> : <p className="muted">{t('blocks.noImage')}</p>}
                  {!readOnly && (
                    <Button small onClick={() => setPicking(b.key)}>
                      {b.mediaId ? t('blocks.changeImage') : t('blocks.chooseImage')}
                    </Button>
                  )}
                  <TextField label={t('blocks.caption')} hint={t('blocks.captionHint')} dir={dir} value={b.caption} readOnly={readOnly} onChange={(e) => set(b.key, { caption: e.target.value })} />
                </div>
              )}
              {b.type === 'quote' && (
                <div className="block-fields">
                  <InlineEditor value={b.text} onChange={(text) => set(b.key, { text })} label={t('blocks.quoteText', { n: i + 1 })} dir={dir} disabled={readOnly} autoFocus={focusKey === b.key} className="quote-text" />
                  <TextField label={t('blocks.cite')} dir={dir} value={b.cite} readOnly={readOnly} onChange={(e) => set(b.key, { cite: e.target.value })} />
                </div>
              )}
              {b.type === 'list' && (
                <div className="block-fields">
                  <Checkbox label={t('blocks.ordered')} checked={b.ordered} disabled={readOnly} onChange={(e) => set(b.key, { ordered: e.target.checked })} />
                  <ol className="list-items">
                    {b.items.map((item, j) => (
                      <li key={j} className="list-item">
                        <InlineEditor
                          value={item}
                          label={t('blocks.listItem', { n: j + 1 })}
                          dir={dir}
                          disabled={readOnly}
                          autoFocus={focusKey === `${b.key}:${j}` || (j === 0 && focusKey === b.key)}
                          onChange={(v) => set(b.key, { items: b.items.map((x, k) => (k === j ? v : x)) })}
                          onEnter={(tail) => {
                            const items = [...b.items];
                            items.splice(j + 1, 0, tail);
                            set(b.key, { items });
                            setFocusKey(`${b.key}:${j + 1}`);
                          }}
                          onRemoveEmpty={b.items.length > 1 ? () => { set(b.key, { items: b.items.filter((_, k) => k !== j) }); setFocusKey(`${b.key}:${Math.max(0, j - 1)}`); } : undefined}
                        />
                      </li>
                    ))}
                  </ol>
                  {!readOnly && (
                    <Button small onClick={() => { set(b.key, { items: [...b.items, ''] }); setFocusKey(`${b.key}:${b.items.length}`); }}>
                      {t('blocks.addItem')}
                    </Button>
                  )}
                </div>
              )}
              {(b.type === 'embed' || b.type === 'video') && (
                <div className="block-fields">
                  <TextField
                    label={b.type === 'embed' ? t('blocks.embedUrl') : t('blocks.videoUrl')}
                    hint={t('blocks.httpsOnly')}
                    type="url"
                    dir="ltr"
                    inputMode="url"
                    value={b.url}
                    readOnly={readOnly}
                    autoFocus={focusKey === b.key}
                    onChange={(e) => set(b.key, { url: e.target.value })}
                  />
                  {b.type === 'video' && <TextField label={t('blocks.caption')} dir={dir} value={b.caption} readOnly={readOnly} onChange={(e) => set(b.key, { caption: e.target.value })} />}
                </div>
              )}
            </li>
          );
        })}
      </ol>
      {!readOnly && (
        <div className="add-block" role="group" aria-label={t('blocks.add')}>
          <span className="muted">{t('blocks.add')}:</span>
          {blockTypes.map((type) => (
            <Button key={type} small variant="ghost" onClick={() => add(type)}>
              + {t(`blocks.types.${type}`)}
            </Button>
          ))}
        </div>
      )}
      <MediaPicker
        open={picking !== null}
        onClose={() => setPicking(null)}
        onPick={(asset) => {
          if (picking) set(picking, { mediaId: asset.id });
          setPicking(null);
        }}
      />
    </div>
  );
}
