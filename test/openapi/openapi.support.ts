/**
 * Checks answers against the OpenAPI document strictly: every field the schema names must be
 * there (its `required`), and no field it does not name may be (`additionalProperties: false` on
 * every object schema that lists properties), so a schema and the read that answers it cannot drift.
 */
import Ajv, { type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';

type Json = Record<string, unknown>;
export type OpenApiDocument = Json & {
  paths: Record<string, Record<string, Json>>;
  components: { schemas: Record<string, Json> };
};

/** OpenAPI 3.0 `nullable` as JSON Schema; object schemas closed to undocumented fields. */
function strict(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(strict);
  if (node === null || typeof node !== 'object') return node;
  const o: Json = {};
  for (const [k, v] of Object.entries(node as Json)) {
    // `example`s are data, not schemas.
    o[k] = k === 'example' ? v : strict(v);
  }
  if (o.properties && o.additionalProperties === undefined) o.additionalProperties = false;
  if (o.nullable === true) {
    delete o.nullable;
    if (o.allOf || o.$ref) {
      const { description, ...rest } = o;
      void description;
      return { anyOf: [rest, { type: 'null' }] };
    }
    if (typeof o.type === 'string') o.type = [o.type, 'null'];
    if (Array.isArray(o.enum)) o.enum = [...(o.enum as unknown[]), null];
  }
  return o;
}

export class AnswerChecker {
  private readonly ajv: Ajv;
  private readonly cache = new Map<string, ValidateFunction>();

  constructor(private readonly doc: OpenApiDocument) {
    this.ajv = new Ajv({ strict: false, allErrors: true });
    addFormats(this.ajv);
    for (const f of ['int32', 'int64', 'double', 'float']) this.ajv.addFormat(f, true);
    this.ajv.addSchema({ $id: 'doc', components: strict(doc.components) }, 'doc');
  }

  /** The documented schema of `method path` answering `status` as `mediaType`. */
  schemaOf(path: string, method: string, status: string, mediaType = 'application/json'): Json {
    const operation = this.doc.paths[path]?.[method];
    if (!operation) throw new Error(`${method.toUpperCase()} ${path} is not in the document`);
    const responses = operation.responses as Record<string, Json>;
    const content = responses[status]?.content as Record<string, Json> | undefined;
    const schema = content?.[mediaType]?.schema as Json | undefined;
    if (!schema) throw new Error(`${method} ${path} ${status} ${mediaType}: no schema`);
    return schema;
  }

  /** The problems of `body` against that schema (empty when it conforms). */
  check(
    body: unknown,
    path: string,
    method = 'get',
    status = '200',
    mediaType = 'application/json',
  ): string[] {
    const key = `${method} ${path} ${status} ${mediaType}`;
    let validate = this.cache.get(key);
    if (!validate) {
      const schema = JSON.parse(
        JSON.stringify(strict(this.schemaOf(path, method, status, mediaType))).replace(
          /"#\/components\//g,
          '"doc#/components/',
        ),
      ) as Json;
      validate = this.ajv.compile(schema);
      this.cache.set(key, validate);
    }
    if (validate(body)) return [];
    return (validate.errors ?? []).map(
      (e) => `${e.instancePath || '/'} ${e.message ?? ''} ${JSON.stringify(e.params)}`,
    );
  }
}

export const HTTP_METHODS = ['get', 'put', 'post', 'delete', 'patch'] as const;

/** Every operation of the document with its path and method. */
export function operationsOf(
  doc: OpenApiDocument,
): Array<{ path: string; method: string; op: Json }> {
  const list: Array<{ path: string; method: string; op: Json }> = [];
  for (const [path, item] of Object.entries(doc.paths))
    for (const method of HTTP_METHODS)
      if (item[method]) list.push({ path, method, op: item[method]! });
  return list;
}
