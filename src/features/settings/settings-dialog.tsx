import { useId, useRef, useState, type FormEvent } from 'react';
import { useSettingsStore, type Theme } from '../../stores/settings-store';
import { LIMIT_RANGES } from '../../domain/limits';
import { Field } from '../../components/field';

const MB = 1024 * 1024;

export function SettingsButton() {
  const dialogRef = useRef<HTMLDialogElement>(null);
  const limits = useSettingsStore((s) => s.limits);
  const setLimits = useSettingsStore((s) => s.setLimits);
  const theme = useSettingsStore((s) => s.theme);
  const setTheme = useSettingsStore((s) => s.setTheme);
  const id = useId();
  const [draft, setDraft] = useState({
    history: String(limits.historyPerTopic),
    log: String(limits.logCapacity),
    budgetMb: String(Math.round(limits.payloadBudgetBytes / MB)),
  });

  const open = () => {
    setDraft({
      history: String(limits.historyPerTopic),
      log: String(limits.logCapacity),
      budgetMb: String(Math.round(limits.payloadBudgetBytes / MB)),
    });
    dialogRef.current?.showModal();
  };

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    setLimits({
      historyPerTopic: Number(draft.history),
      logCapacity: Number(draft.log),
      payloadBudgetBytes: Number(draft.budgetMb) * MB,
    });
    dialogRef.current?.close();
  };

  return (
    <div className="header-actions">
      <label className="inline">
        <span>Theme</span>
        <select value={theme} onChange={(e) => setTheme(e.target.value as Theme)}>
          <option value="system">System</option>
          <option value="light">Light</option>
          <option value="dark">Dark</option>
        </select>
      </label>
      <button type="button" onClick={open}>
        Settings
      </button>
      <dialog ref={dialogRef} aria-labelledby={`${id}-title`} className="dialog">
        <form onSubmit={onSubmit} className="form-grid">
          <h2 id={`${id}-title`} className="span-2">
            Memory limits
          </h2>
          <p className="span-2 muted">
            Old messages are dropped first when a limit is reached; the Statistics bar counts them.
          </p>
          <Field label="History per topic (messages)">
            {({ id }) => (
              <input
                id={id}
                type="number"
                min={LIMIT_RANGES.historyPerTopic.min}
                max={LIMIT_RANGES.historyPerTopic.max}
                value={draft.history}
                onChange={(e) => setDraft({ ...draft, history: e.target.value })}
              />
            )}
          </Field>
          <Field label="Message log size (messages)">
            {({ id }) => (
              <input
                id={id}
                type="number"
                min={LIMIT_RANGES.logCapacity.min}
                max={LIMIT_RANGES.logCapacity.max}
                value={draft.log}
                onChange={(e) => setDraft({ ...draft, log: e.target.value })}
              />
            )}
          </Field>
          <Field label="Message memory budget (MB)">
            {({ id }) => (
              <input
                id={id}
                type="number"
                min={LIMIT_RANGES.payloadBudgetBytes.min / MB}
                max={LIMIT_RANGES.payloadBudgetBytes.max / MB}
                value={draft.budgetMb}
                onChange={(e) => setDraft({ ...draft, budgetMb: e.target.value })}
              />
            )}
          </Field>
          <div className="form-actions span-2">
            <button type="submit" className="primary">
              Apply limits
            </button>
            <button type="button" onClick={() => dialogRef.current?.close()}>
              Cancel
            </button>
          </div>
        </form>
      </dialog>
    </div>
  );
}
