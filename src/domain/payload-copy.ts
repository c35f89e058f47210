/**
 * The whole received payload as text for the clipboard or a file, whatever part of it a view
 * shows: its exact text when the bytes are valid UTF-8, else hex or base64 of every byte.
 */

import { decodeStrict } from './payload';

export type CopyForm = 'text' | 'hex' | 'base64';

const HEX = Array.from({ length: 256 }, (_, b) => b.toString(16).padStart(2, '0'));

/** Two lowercase hex digits per byte, no separators. */
export function toHex(bytes: Uint8Array): string {
  const parts = new Array<string>(bytes.length);
  for (let i = 0; i < bytes.length; i++) parts[i] = HEX[bytes[i]!]!;
  return parts.join('');
}

/** Standard base64 (with padding) of every byte. */
export function toBase64(bytes: Uint8Array): string {
  // btoa takes a binary string; built in chunks so a large payload never hits argument limits.
  const CHUNK = 0x8000;
  let binary = '';
  for (let i = 0; i < bytes.length; i += CHUNK) {
    binary += String.fromCharCode(...bytes.subarray(i, i + CHUNK));
  }
  return btoa(binary);
}

/** The payload in the form asked for; text only when it is valid UTF-8. */
export function payloadAs(bytes: Uint8Array, form: CopyForm): string | undefined {
  switch (form) {
    case 'text':
      return decodeStrict(bytes);
    case 'hex':
      return toHex(bytes);
    case 'base64':
      return toBase64(bytes);
  }
}

/** A file name for the payload of `topic`: its last level, made safe, with an extension. */
export function payloadFileName(topic: string, isText: boolean, isJson: boolean): string {
  const last = topic.split('/').pop() ?? '';
  const base = last.replace(/[^\w.-]+/g, '_').replace(/^\.+/, '') || 'payload';
  return `${base}${isJson ? '.json' : isText ? '.txt' : '.bin'}`;
}
