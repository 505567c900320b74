/**
 * Entry point of a core worker thread (worker-pool.ts): it runs the slow, stateless part of
 * core requests, one at a time, and posts each result back with its id.
 */
import { parentPort } from 'node:worker_threads';

import { ParamSet } from '../../params/param-set.js';
import { familyOf } from '../crypto/registry.js';
import { toTransferred, type WorkerReply, type WorkerRequest } from './messages.js';

const port = parentPort;
if (port === null) throw new Error('core-worker.js runs only as a worker thread');

port.on('message', (request: WorkerRequest) => {
  let reply: WorkerReply;
  let transfer: ArrayBuffer[] = [];
  try {
    const material = familyOf(request.algorithm).generate(ParamSet.deserialize(request.params));
    // A fresh buffer of its own, transferred: the worker keeps no copy of the key.
    const own = Uint8Array.from(material);
    material.fill(0);
    reply = { id: request.id, ok: true, bytes: own };
    transfer = [own.buffer];
  } catch (error) {
    reply = { id: request.id, ok: false, error: toTransferred(error) };
  }
  port.postMessage(reply, transfer);
});
