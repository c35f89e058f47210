import { useState } from 'react';
import { downloadBlob } from '../../components/download';
import { decodeStrict } from '../../domain/payload';
import { payloadAs, payloadFileName, type CopyForm } from '../../domain/payload-copy';
import type { StoredMessage } from '../../domain/stored-message';

const number = new Intl.NumberFormat('en-US');

/**
 * Copy and download give the whole received payload, whatever the view shows: its exact text
 * when it is valid UTF-8, else hex (and base64 on request); the file holds the exact bytes.
 */
export function PayloadActions({ message }: { message: StoredMessage }) {
  const [status, setStatus] = useState<{ ok: boolean; text: string } | undefined>(undefined);
  const bytes = message.payload;
  const isText = decodeStrict(bytes) !== undefined;
  const size = `${number.format(bytes.byteLength)} ${bytes.byteLength === 1 ? 'byte' : 'bytes'}`;

  const copy = async (form: CopyForm) => {
    const text = payloadAs(bytes, form) ?? '';
    try {
      await navigator.clipboard.writeText(text);
      setStatus({
        ok: true,
        text:
          form === 'text'
            ? `Copied the whole payload (${size}) as text.`
            : `Copied the whole payload (${size}) as ${form}${isText ? '' : ': it is not UTF-8 text'}.`,
      });
    } catch (error) {
      setStatus({
        ok: false,
        text: `Could not copy: ${(error as Error).message || 'the browser refused the clipboard'}. Download payload saves the bytes instead.`,
      });
    }
  };

  const download = () => {
    const looksJson = isText && /^\s*[[{]/.test(decodeStrict(bytes.subarray(0, 64)) ?? '');
    // A copy of the bytes, so the file is exactly what was received and nothing else.
    downloadBlob(payloadFileName(message.topic, isText, looksJson), new Blob([bytes.slice()]));
    setStatus({ ok: true, text: `Saved the payload's ${size}.` });
  };

  return (
    <>
      <button type="button" onClick={() => void copy(isText ? 'text' : 'hex')}>
        Copy payload
      </button>
      {!isText && (
        <button type="button" onClick={() => void copy('base64')}>
          Copy as base64
        </button>
      )}
      <button type="button" onClick={download}>
        Download payload
      </button>
      <span
        role="status"
        aria-label="Copy result"
        className={status?.ok === false ? 'error' : 'muted'}
      >
        {status?.text}
      </span>
    </>
  );
}
