export interface ListeningSocket {
  address: string;
  port: number;
  inode: number;
}

export function listeningSockets(): ListeningSocket[];
export function listeningSocketsOf(pid: number): ListeningSocket[];
export function isLoopback(address: string): boolean;
