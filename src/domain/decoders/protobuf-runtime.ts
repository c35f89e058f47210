/**
 * protobufjs, loaded after the Long class it should use (see long-shim): every module of the
 * decoders imports protobufjs from here.
 */
import './long-shim';
import protobuf from 'protobufjs';

export default protobuf;
