import type { FormEvent } from 'react';
import { useServices } from '../../hooks/services-context';
import { selectIsOpenOrRetrying, useConnectionStore } from '../../stores/connection-store';
import { useSettingsStore } from '../../stores/settings-store';
import { ConnectionStatus } from './connection-status';
import { AdvancedOptions } from './advanced-options';
import { ProfilesPicker } from './profiles-picker';
import { Field } from '../../components/field';

export function ConnectionPanel() {
  const form = useConnectionStore((s) => s.form);
  const updateForm = useConnectionStore((s) => s.updateForm);
  const remember = useConnectionStore((s) => s.rememberPassword);
  const setRemember = useConnectionStore((s) => s.setRememberPassword);
  const openOrRetrying = useConnectionStore(selectIsOpenOrRetrying);
  const { connection } = useServices();
  const formError = useConnectionStore((s) => s.formError);
  const protocolRefused = useConnectionStore((s) => s.protocolRefused);
  const clearedNotice = useConnectionStore((s) => s.clearedNotice);
  const keepData = useSettingsStore((s) => s.keepDataAcrossConnections);
  const setKeepData = useSettingsStore((s) => s.setKeepDataAcrossConnections);

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    if (openOrRetrying) connection.disconnect();
    else connection.connect();
  };

  return (
    <section className="panel" aria-label="Connection">
      <h2>Connection</h2>
      <form onSubmit={onSubmit} className="form-grid">
        <Field label="Broker URL">
          {({ id }) => (
            <input
              id={id}
              type="text"
              inputMode="url"
              spellCheck={false}
              autoComplete="url"
              placeholder="ws://localhost:8080/mqtt"
              value={form.url}
              onChange={(e) => updateForm({ url: e.target.value })}
            />
          )}
        </Field>
        <Field label="Client ID">
          {({ id }) => (
            <input
              id={id}
              type="text"
              spellCheck={false}
              value={form.clientId}
              onChange={(e) => updateForm({ clientId: e.target.value })}
            />
          )}
        </Field>
        <Field label="Username">
          {({ id }) => (
            <input
              id={id}
              type="text"
              autoComplete="username"
              value={form.username}
              onChange={(e) => updateForm({ username: e.target.value })}
            />
          )}
        </Field>
        <Field label="Password">
          {({ id }) => (
            <input
              id={id}
              type="password"
              autoComplete="current-password"
              value={form.password}
              onChange={(e) => updateForm({ password: e.target.value })}
            />
          )}
        </Field>
        <span />
        <label className="checkbox">
          <input
            type="checkbox"
            checked={remember}
            onChange={(e) => setRemember(e.target.checked)}
          />
          Remember password
        </label>
        <Field label="MQTT version">
          {({ id }) => (
            <select
              id={id}
              value={form.protocolVersion}
              onChange={(e) =>
                updateForm({ protocolVersion: Number(e.target.value) === 4 ? 4 : 5 })
              }
            >
              <option value={5}>5.0</option>
              <option value={4}>3.1.1</option>
            </select>
          )}
        </Field>
        <span />
        <label className="checkbox">
          <input
            type="checkbox"
            checked={keepData}
            onChange={(e) => setKeepData(e.target.checked)}
          />
          Keep data across connections
        </label>
        <AdvancedOptions />
        <div className="form-actions">
          <button type="submit" className={openOrRetrying ? 'secondary' : 'primary'}>
            {openOrRetrying ? 'Disconnect' : 'Connect'}
          </button>
          <ProfilesPicker />
        </div>
      </form>
      {formError && (
        <p role="alert" className="error">
          {formError}
        </p>
      )}
      <ConnectionStatus />
      {clearedNotice && (
        <p role="status" aria-label="Cleared data" className="note cleared-notice">
          Cleared data from {clearedNotice.from} —{' '}
          <button type="button" className="small" onClick={() => connection.undoClear()}>
            Undo
          </button>
        </p>
      )}
      {protocolRefused && (
        <p className="hint">
          This broker refused MQTT 5.0.{' '}
          <button
            type="button"
            onClick={() => {
              updateForm({ protocolVersion: 4 });
              connection.connect();
            }}
          >
            Switch to MQTT 3.1.1 and retry
          </button>
        </p>
      )}
    </section>
  );
}
