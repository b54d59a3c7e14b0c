import type { WriteResult } from '../write-side/command-pipeline.js';

/** The Fastify reply of a write (`@Res({ passthrough: true })`). */
export interface LocationResponse {
  header(name: string, value: string): unknown;
}

/** Every write answers 201 with a Location pointing at the resource's GET path of API.md. */
export function created(res: LocationResponse, location: string, result: WriteResult): WriteResult {
  res.header('Location', location);
  return result;
}

export const API_PREFIX = '/api/v1';
