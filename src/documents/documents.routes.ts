/** The upload route, as Fastify registers it under the global prefix (its raw body: src/http/body.ts). */
export const DOCUMENT_UPLOAD_ROUTE = '/ambiti/:ambitoId/documents';
