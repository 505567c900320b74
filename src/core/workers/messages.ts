import { HuksFailure } from '../../errors/failure.js';

/**
 * What the main thread and a core worker exchange. Work is stateless: everything a task needs
 * travels in the request, and key material comes back in a transferred buffer (no copy stays
 * in the worker).
 */

/** Key generation of one family: the serialized request parameters (already checked). */
export interface GenerateRequest {
  readonly id: number;
  readonly kind: 'generate';
  readonly algorithm: number;
  readonly params: Uint8Array;
}

export type WorkerRequest = GenerateRequest;

export type WorkerReply =
  | { readonly id: number; readonly ok: true; readonly bytes: Uint8Array }
  | { readonly id: number; readonly ok: false; readonly error: TransferredError };

/** An error as it crosses the thread boundary; HuksFailure keeps its internal code. */
export interface TransferredError {
  readonly internal: number | undefined;
  readonly message: string;
}

export function toTransferred(error: unknown): TransferredError {
  if (error instanceof HuksFailure) {
    return { internal: error.internal, message: error.detail ?? '' };
  }
  return { internal: undefined, message: error instanceof Error ? error.message : String(error) };
}

/** The same failure on this side: a HuksFailure with its code, else a plain Error. */
export function fromTransferred(error: TransferredError): Error {
  if (error.internal === undefined) return new Error(error.message);
  return new HuksFailure(error.internal, error.message === '' ? undefined : error.message);
}
