import { useId, type ReactNode } from 'react';

/** What a Field hands its control: the id its label points at, and the hint's id if any. */
export interface FieldControl {
  id: string;
  /** For the control's aria-describedby: the hint's id, or undefined without a hint. */
  describedBy: string | undefined;
}

/**
 * A label and its control, tied by a generated id: two cells of a .form-grid (a fragment, no
 * wrapper element). A hint, if given, follows as a full-width note that the control's
 * aria-describedby names.
 */
export function Field({
  label,
  hint,
  children,
}: {
  label: ReactNode;
  hint?: ReactNode;
  children: (control: FieldControl) => ReactNode;
}) {
  const id = useId();
  const hintId = hint === undefined ? undefined : `${id}-hint`;
  return (
    <>
      <label htmlFor={id}>{label}</label>
      {children({ id, describedBy: hintId })}
      {hint !== undefined && (
        <span id={hintId} className="muted small-note span-2">
          {hint}
        </span>
      )}
    </>
  );
}
