/// <reference lib="webworker" />
/**
 * The MQTT connection lives here, off the main thread: receiving costs ~40 µs a message
 * wherever it runs, so the page only gets one packed batch per frame. The connection itself is
 * an MqttSession; this file only carries its requests and events across the worker boundary.
 */
import { createMqttSession } from './mqtt-session';
import type { WorkerRequest } from './worker-protocol';

declare const self: DedicatedWorkerGlobalScope;

const session = createMqttSession((event, transfer = []) => self.postMessage(event, transfer));

self.onmessage = (event: MessageEvent<WorkerRequest>) => session.handle(event.data);
