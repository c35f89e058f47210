/**
 * Raw MQTT links for Node tests: the scenarios' raw clients over the `ws` package's WebSocket,
 * as the page's raw clients use the browser's.
 */
import { WebSocket } from 'ws';
import {
  webSocketLinks,
  type OpenRawLink,
  type WebSocketLike,
} from '../services/scenarios/raw-client';

export const nodeRawLinks: OpenRawLink = webSocketLinks(
  (url) => new WebSocket(url, 'mqtt') as unknown as WebSocketLike,
);
