import { useEffect, useLayoutEffect, useRef, useState, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Button } from '../../../components/ui/button';
import { Dialog } from '../../../components/ui/dialog';
import { TextField } from '../../../components/ui/field';
import { sanitizeInline } from '../../../lib/inline-markup';

export interface InlineEditorProps {
  value: string;
  onChange: (html: string) => void;
  label: string;
  dir: 'rtl' | 'ltr';
  disabled?: boolean;
  placeholder?: string;
  /** onEnter receives the markup after the caret, which Enter moves into a new block. */
  onEnter?: (tail: string) => void;
  /** onRemoveEmpty is called on Backspace in an empty editor. */
  onRemoveEmpty?: () => void;
  autoFocus?: boolean;
  className?: string;
}

/**
 * InlineEditor edits a paragraph's inline markup in place: bold, italic and
 * links (toolbar or Ctrl+B, Ctrl+I, Ctrl+K), Shift+Enter for a line break.
 * Pasted text arrives as plain text. Direction follows the article's
 * language; mixed Arabic and Latin runs are laid out by the browser's bidi
 * algorithm within it.
 */
export function InlineEditor({ value, onChange, label, dir, disabled, placeholder, onEnter, onRemoveEmpty, autoFocus, className }: InlineEditorProps) {
  const { t } = useTranslation();
  const ref = useRef<HTMLDivElement>(null);
  const shown = useRef<string | null>(null);
  const saved = useRef<Range | null>(null);
  const [linkOpen, setLinkOpen] = useState(false);
  const [href, setHref] = useState('https://');

  // Put the value in the page only when it changed from outside (not on every keystroke: the caret would jump).
  useLayoutEffect(() => {
    const el = ref.current;
    if (el && value !== shown.current) {
      el.innerHTML = sanitizeInline(value);
      shown.current = value;
    }
  }, [value]);

  useEffect(() => {
    if (autoFocus && ref.current) {
      ref.current.focus();
      const sel = window.getSelection();
      if (sel) {
        sel.selectAllChildren(ref.current);
        sel.collapseToStart();
      }
    }
  }, [autoFocus]);

  const emit = () => {
    const el = ref.current;
    if (!el) return;
    shown.current = el.innerHTML;
    onChange(el.innerHTML);
  };

  const exec = (cmd: string, arg?: string) => {
    ref.current?.focus();
    document.execCommand(cmd, false, arg);
    emit();
  };

  const openLink = () => {
    const sel = window.getSelection();
    saved.current = sel && sel.rangeCount > 0 && ref.current?.contains(sel.anchorNode) ? sel.getRangeAt(0).cloneRange() : null;
    setHref('https://');
    setLinkOpen(true);
  };

  const applyLink = () => {
    setLinkOpen(false);
    const url = href.trim();
    if (!/^(https?:\/\/|mailto:)\S+$/i.test(url)) return;
    ref.current?.focus();
    const sel = window.getSelection();
    if (saved.current && sel) {
      sel.removeAllRanges();
      sel.addRange(saved.current);
    }
    if (sel && sel.isCollapsed) {
      document.execCommand('insertHTML', false, `<a href="${url.replace(/"/g, '&quot;')}">${url.replace(/</g, '&lt;')}</a>`);
      emit();
    } else {
      exec('createLink', url);
    }
  };

  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    const el = ref.current;
    if (!el) return;
    const mod = e.ctrlKey || e.metaKey;
    if (mod && e.key.toLowerCase() === 'k') {
      e.preventDefault();
      openLink();
      return;
    }
    if (e.key === 'Enter' && e.shiftKey) {
      e.preventDefault();
      exec('insertLineBreak');
      return;
    }
    if (e.key === 'Enter' && onEnter) {
      e.preventDefault();
      const sel = window.getSelection();
      let tail = '';
      if (sel && sel.rangeCount > 0 && el.contains(sel.anchorNode)) {
        const r = sel.getRangeAt(0);
        r.deleteContents();
        const rest = document.createRange();
        rest.selectNodeContents(el);
        rest.setStart(r.endContainer, r.endOffset);
        const box = document.createElement('div');
        box.appendChild(rest.extractContents());
        tail = box.innerHTML;
      }
      emit();
      onEnter(sanitizeInline(tail));
      return;
    }
    if (e.key === 'Backspace' && onRemoveEmpty && el.textContent === '') {
      e.preventDefault();
      onRemoveEmpty();
    }
  };

  return (
    <div className={['inline-editor', className ?? ''].join(' ')}>
      {!disabled && (
        <div className="inline-toolbar" role="toolbar" aria-label={t('editor.formatting')}>
          <button type="button" className="tool" aria-label={t('editor.bold')} title={t('editor.bold')} onMouseDown={(e) => e.preventDefault()} onClick={() => exec('bold')}>
            <b>{t('editor.boldShort')}</b>
          </button>
          <button type="button" className="tool" aria-label={t('editor.italic')} title={t('editor.italic')} onMouseDown={(e) => e.preventDefault()} onClick={() => exec('italic')}>
            <i>{t('editor.italicShort')}</i>
          </button>
          <button type="button" className="tool" aria-label={t('editor.link')} title={t('editor.link')} onMouseDown={(e) => e.preventDefault()} onClick={openLink}>
            {t('editor.linkShort')}
          </button>
        </div>
      )}
      <div
        ref={ref}
        className="rich-text"
        role="textbox"
        aria-multiline="true"
        aria-label={label}
        aria-readonly={disabled || undefined}
        dir={dir}
        contentEditable={!disabled}
        suppressContentEditableWarning
        data-placeholder={placeholder}
        onInput={emit}
        onKeyDown={onKeyDown}
        onPaste={(e) => {
          e.preventDefault();
          const text = e.clipboardData.getData('text/plain');
          document.execCommand('insertText', false, text);
          emit();
        }}
        onDrop={(e) => e.preventDefault()}
      />
      <Dialog
        open={linkOpen}
        onClose={() => setLinkOpen(false)}
        title={t('editor.addLink')}
        footer={
          <>
            <Button variant="primary" onClick={applyLink}>
              {t('editor.addLink')}
            </Button>
            <Button onClick={() => setLinkOpen(false)}>{t('common.cancel')}</Button>
          </>
        }
      >
        <TextField
          label={t('editor.linkUrl')}
          type="url"
          dir="ltr"
          autoFocus
          value={href}
          onChange={(e) => setHref(e.target.value)}
          onKeyDown={(e) => {
            if (e.key === 'Enter') {
              e.preventDefault();
              applyLink();
            }
          }}
        />
      </Dialog>
    </div>
  );
}
