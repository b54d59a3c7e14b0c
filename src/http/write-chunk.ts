import type { Writable } from 'node:stream';

/**
 * Writes a chunk of a streamed answer, waiting for 'drain' when the socket's buffer is full; false
 * if the client left (the caller stops reading the store then).
 */
export async function writeChunk(res: Writable, chunk: string | Buffer): Promise<boolean> {
  if (res.destroyed || res.writableEnded) return false;
  if (res.write(chunk)) return true;
  return new Promise<boolean>((resolve) => {
    const done = (ok: boolean) => {
      res.off('drain', onDrain);
      res.off('close', onClose);
      resolve(ok);
    };
    const onDrain = () => done(true);
    const onClose = () => done(false);
    res.on('drain', onDrain);
    res.on('close', onClose);
  });
}
