/**
 * The Sparkplug B payload schema, as published by the Eclipse Tahu project
 * (sparkplug_b.proto beside this file, Eclipse Public License 2.0), bundled as text and parsed
 * with protobufjs once, the first time a Sparkplug payload is read or written.
 */
import protobuf from './protobuf-runtime';
import SPARKPLUG_B_PROTO from './sparkplug_b.proto?raw';

export { SPARKPLUG_B_PROTO };

let payloadType: protobuf.Type | undefined;

/** The `Payload` message type, parsed on first use. */
export function sparkplugPayloadType(): protobuf.Type {
  if (!payloadType) {
    const root = protobuf.parse(SPARKPLUG_B_PROTO, { keepCase: true }).root;
    root.resolveAll();
    payloadType = root.lookupType('org.eclipse.tahu.protobuf.Payload');
  }
  return payloadType;
}

/** Sparkplug B data types by number (the DataType enum). */
export const SPARKPLUG_DATATYPES = [
  'Unknown',
  'Int8',
  'Int16',
  'Int32',
  'Int64',
  'UInt8',
  'UInt16',
  'UInt32',
  'UInt64',
  'Float',
  'Double',
  'Boolean',
  'String',
  'DateTime',
  'Text',
  'UUID',
  'DataSet',
  'Bytes',
  'File',
  'Template',
  'PropertySet',
  'PropertySetList',
  'Int8Array',
  'Int16Array',
  'Int32Array',
  'Int64Array',
  'UInt8Array',
  'UInt16Array',
  'UInt32Array',
  'UInt64Array',
  'FloatArray',
  'DoubleArray',
  'BooleanArray',
  'StringArray',
  'DateTimeArray',
] as const;
export type SparkplugDataType = (typeof SPARKPLUG_DATATYPES)[number];
