import { DaemonUnavailable, sendRequest } from './send-request.js';
import { PROTOCOL_VERSION, type DaemonStatus } from '../daemon/protocol.js';

export type Probe =
  | { readonly state: 'alive'; readonly status: DaemonStatus }
  /** Nothing at the path, or a socket nobody listens on (a crashed daemon's leftover). */
  | { readonly state: 'absent' | 'refused' }
  /** Accepts connections but does not answer: hung, or not ours. */
  | { readonly state: 'unresponsive'; readonly reason: string }
  /** Answers, but could not prove it knows the secret of the state file: not the daemon that file names. */
  | { readonly state: 'unproven'; readonly reason: string };

/**
 * Asks whatever listens on the socket for its status; status never makes a
 * daemon exit, whatever our version. With `secret` (from the state file) the
 * answer must prove it comes from that daemon.
 */
export async function probeDaemon(socket: string, timeoutMs: number, toolVersion = '', secret?: string): Promise<Probe> {
  try {
    const response = await sendRequest(socket, { id: `probe-${process.pid}`, v: PROTOCOL_VERSION, toolVersion, method: 'status' }, timeoutMs, secret);
    if (!response.ok) return { state: 'unresponsive', reason: `${response.error.code}: ${response.error.message}` };
    return { state: 'alive', status: response.result as DaemonStatus };
  } catch (err) {
    if (err instanceof DaemonUnavailable) {
      if (err.reason === 'no-socket') return { state: 'absent' };
      if (err.reason === 'refused') return { state: 'refused' };
      if (err.reason === 'unproven') return { state: 'unproven', reason: err.message };
      return { state: 'unresponsive', reason: err.message };
    }
    throw err;
  }
}
