import { useId } from 'react';
import { usePublishDraftStore } from '../../stores/publish-draft-store';
import { UserPropertiesEditor } from './user-properties-editor';

/** MQTT 5 publish properties of the form (shown only on an MQTT 5 connection form). */
export function Mqtt5Properties() {
  const id = useId();
  const properties = usePublishDraftStore((s) => s.draft.properties);
  const update = usePublishDraftStore((s) => s.updateProperties);
  return (
    <details className="advanced">
      <summary>MQTT 5 properties</summary>
      <div className="form-grid">
        <label htmlFor={`${id}-ct`}>Content type</label>
        <input
          id={`${id}-ct`}
          type="text"
          placeholder="application/json"
          value={properties.contentType}
          onChange={(e) => update({ contentType: e.target.value })}
        />
        <span />
        <label className="checkbox">
          <input
            type="checkbox"
            checked={properties.payloadIsUtf8}
            onChange={(e) => update({ payloadIsUtf8: e.target.checked })}
          />
          Payload format indicator: UTF-8 text
        </label>
        <label htmlFor={`${id}-rt`}>Response topic</label>
        <input
          id={`${id}-rt`}
          type="text"
          spellCheck={false}
          value={properties.responseTopic}
          onChange={(e) => update({ responseTopic: e.target.value })}
        />
        <label htmlFor={`${id}-cd`}>Correlation data</label>
        <input
          id={`${id}-cd`}
          type="text"
          spellCheck={false}
          value={properties.correlationData}
          onChange={(e) => update({ correlationData: e.target.value })}
        />
        <label htmlFor={`${id}-exp`}>Message expiry (s)</label>
        <input
          id={`${id}-exp`}
          type="number"
          min={0}
          step={1}
          value={properties.messageExpirySec}
          onChange={(e) => update({ messageExpirySec: e.target.value })}
        />
        <UserPropertiesEditor
          value={properties.userProperties}
          onChange={(userProperties) => update({ userProperties })}
        />
      </div>
    </details>
  );
}
