import type net from 'node:net';

export function listen(server: net.Server, port: number, host: string): Promise<number>;
export function freePort(preferred?: number, host?: string): Promise<number>;
export function canConnect(port: number, host?: string): Promise<boolean>;
export function waitForPort(
  port: number,
  options?: { host?: string; timeoutMs?: number; failed?: () => string | null | undefined },
): Promise<void>;
