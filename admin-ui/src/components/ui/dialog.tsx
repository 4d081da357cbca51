import { useEffect, useId, useRef, type ReactNode } from 'react';

export interface DialogProps {
  open: boolean;
  onClose: () => void;
  title: ReactNode;
  children: ReactNode;
  /** Buttons at the bottom; the first focusable element gets focus when none in the body asks for it. */
  footer?: ReactNode;
  wide?: boolean;
}

/**
 * Dialog is a modal built on <dialog>.showModal(): the browser traps focus,
 * closes on Escape (reported through onClose) and returns focus to where it
 * was when the dialog closes.
 */
export function Dialog({ open, onClose, title, children, footer, wide }: DialogProps) {
  const ref = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    if (open && !el.open) el.showModal();
    if (!open && el.open) el.close();
  }, [open]);
  return (
    <dialog
      ref={ref}
      className={['dialog', wide ? 'dialog-wide' : ''].join(' ')}
      aria-labelledby={titleId}
      onCancel={(e) => {
        // A dialog opened from inside this one (a picker) sends its cancel up
        // the React tree too; only Escape on this dialog closes it.
        if (e.target !== e.currentTarget) return;
        e.preventDefault();
        onClose();
      }}
    >
      {open && (
        <>
          <h2 id={titleId} className="dialog-title">
            {title}
          </h2>
          <div className="dialog-body">{children}</div>
          {footer && <div className="dialog-footer">{footer}</div>}
        </>
      )}
    </dialog>
  );
}
