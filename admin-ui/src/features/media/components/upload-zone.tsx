import { useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { MediaAsset } from '../../../api/types';
import { useErrorText } from '../../../components/ui/error-message';
import { TextField } from '../../../components/ui/field';
import { uploadMedia, useInvalidateMedia, type UploadFields } from '../api/use-media';

interface Upload {
  id: number;
  name: string;
  progress: number;
  state: 'uploading' | 'done' | 'failed';
  error?: unknown;
  abort?: () => void;
}

let seq = 0;

/**
 * UploadZone takes images dropped on it or chosen with the file picker and
 * uploads each with a progress bar. The caption, credit, alt text and source
 * typed above it go with the next uploads.
 */
export function UploadZone({ onUploaded }: { onUploaded?: (a: MediaAsset) => void }) {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const inputId = useId();
  const input = useRef<HTMLInputElement>(null);
  const invalidate = useInvalidateMedia();
  const [over, setOver] = useState(false);
  const [uploads, setUploads] = useState<Upload[]>([]);
  const [fields, setFields] = useState<UploadFields>({ caption: '', credit: '', alt_text: '', source: '' });

  const patch = (id: number, p: Partial<Upload>) => setUploads((list) => list.map((u) => (u.id === id ? { ...u, ...p } : u)));

  const start = (files: FileList | File[]) => {
    for (const file of Array.from(files)) {
      const id = ++seq;
      const handle = uploadMedia(file, fields, (progress) => patch(id, { progress }));
      setUploads((list): Upload[] => [{ id, name: file.name, progress: 0, state: 'uploading' as const, abort: handle.abort }, ...list].slice(0, 10));
      handle.promise.then(
        (asset) => {
          patch(id, { state: 'done', progress: 1 });
          invalidate(asset);
          onUploaded?.(asset);
        },
        (error: unknown) => patch(id, { state: 'failed', error }),
      );
    }
  };

  return (
    <div className="upload">
      <div className="upload-fields">
        <TextField label={t('media.fields.caption')} dir="auto" value={fields.caption} onChange={(e) => setFields({ ...fields, caption: e.target.value })} />
        <TextField label={t('media.fields.credit')} dir="auto" value={fields.credit} onChange={(e) => setFields({ ...fields, credit: e.target.value })} />
        <TextField label={t('media.fields.alt_text')} dir="auto" value={fields.alt_text} onChange={(e) => setFields({ ...fields, alt_text: e.target.value })} />
        <TextField label={t('media.fields.source')} dir="auto" value={fields.source} onChange={(e) => setFields({ ...fields, source: e.target.value })} />
      </div>
      <div
        className={['dropzone', over ? 'dropzone-over' : ''].join(' ')}
        onDragOver={(e) => {
          e.preventDefault();
          e.dataTransfer.dropEffect = 'copy';
          setOver(true);
        }}
        onDragLeave={() => setOver(false)}
        onDrop={(e) => {
          e.preventDefault();
          setOver(false);
          if (e.dataTransfer.files.length) start(e.dataTransfer.files);
        }}
      >
        <p>{t('media.dropHere')}</p>
        <label htmlFor={inputId} className="btn btn-secondary">
          {t('media.chooseFiles')}
        </label>
        <input
          ref={input}
          id={inputId}
          className="sr-only"
          type="file"
          accept="image/jpeg,image/png,image/webp,image/gif"
          multiple
          onChange={(e) => {
            if (e.target.files?.length) start(e.target.files);
            e.target.value = '';
          }}
        />
        <p className="muted small">{t('media.uploadHint')}</p>
      </div>
      {uploads.length > 0 && (
        <ul className="uploads" aria-label={t('media.uploads')}>
          {uploads.map((u) => (
            <li key={u.id} className={`upload-item upload-${u.state}`}>
              <span dir="auto">{u.name}</span>
              <progress max={1} value={u.progress} aria-label={t('media.progress', { name: u.name })} />
              <span className="small" role={u.state === 'failed' ? 'alert' : undefined}>
                {u.state === 'uploading' && t('media.uploading', { percent: Math.round(u.progress * 100) })}
                {u.state === 'done' && t('media.uploaded')}
                {u.state === 'failed' && `${errorText(u.error).title} ${errorText(u.error).detail}`}
              </span>
              {u.state === 'uploading' && u.abort && (
                <button type="button" className="btn btn-ghost btn-small" onClick={u.abort}>
                  {t('common.cancel')}
                </button>
              )}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
