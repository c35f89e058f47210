/**
 * What a WebSocket's close code says when a broker closed the connection without an MQTT
 * answer. Some brokers never send a CONNACK to what they refuse: RabbitMQ's Web MQTT (before
 * 3.13) speaks MQTT 3.1.1 only and closes a 5.0 CONNECT with 1011, and a wrong password with
 * 1002. mqtt.js reports only "close" then; the code is what tells the cases apart.
 */
import type { ProtocolVersion } from './mqtt-types';

/** RFC 6455 close codes a broker uses for a refused CONNECT. */
export const WS_CLOSE_PROTOCOL_ERROR = 1002;
export const WS_CLOSE_POLICY_VIOLATION = 1008;
export const WS_CLOSE_MESSAGE_TOO_BIG = 1009;
export const WS_CLOSE_INTERNAL_ERROR = 1011;

/** Said when the connection stops trying after a refusal. */
export const NOT_RETRYING = 'Not retrying: the broker would give the same answer.';

export interface SocketCloseFacts {
  /** The close code the browser reported; undefined if none was seen. */
  code: number | undefined;
  /** The WebSocket opened, so the CONNECT went out. */
  opened: boolean;
  /** A CONNACK came back on this connection. */
  connackReceived: boolean;
  protocolVersion: ProtocolVersion;
  /** The CONNECT carried a user name or password. */
  withCredentials: boolean;
}

export interface SocketCloseFailure {
  reason: string;
  hint?: string;
  /** A retry cannot fix it: stop reconnecting. */
  final: boolean;
  /** MQTT 5.0 was not answered and 3.1.1 may work (the page offers to switch). */
  protocolRefused?: boolean;
}

/**
 * The failure a close after a CONNECT that got no CONNACK stands for, in plain words; undefined
 * when the code says nothing more than "the connection closed" (the caller's own words apply).
 */
export function classifySocketClose(facts: SocketCloseFacts): SocketCloseFailure | undefined {
  const { code, opened, connackReceived, protocolVersion, withCredentials } = facts;
  if (!opened || connackReceived || code === undefined) return undefined;
  switch (code) {
    case WS_CLOSE_INTERNAL_ERROR:
      if (protocolVersion === 5)
        return {
          reason:
            "the broker closed the connection without answering MQTT 5.0; it may speak only MQTT 3.1.1 (RabbitMQ's Web MQTT before 3.13 does)",
          hint: NOT_RETRYING,
          final: true,
          protocolRefused: true,
        };
      return {
        reason: `the broker closed the connection with an internal error (WebSocket code ${code}) before answering the CONNECT.`,
        final: false,
      };
    case WS_CLOSE_PROTOCOL_ERROR:
      if (withCredentials)
        return {
          reason: `the broker refused the login: it closed the connection without answering (WebSocket code ${code}). Check the user name and password.`,
          hint: NOT_RETRYING,
          final: true,
        };
      return {
        reason: `the broker refused the connection without answering (WebSocket code ${code}): it may need a user name and password.`,
        hint: NOT_RETRYING,
        final: true,
      };
    case WS_CLOSE_POLICY_VIOLATION:
      return {
        reason: `the broker refused the connection without answering (WebSocket code ${code}, policy violation).`,
        hint: NOT_RETRYING,
        final: true,
      };
    case WS_CLOSE_MESSAGE_TOO_BIG:
      return {
        reason: `the broker closed the connection: a message was too big for it (WebSocket code ${code}).`,
        final: false,
      };
    default:
      return undefined;
  }
}
