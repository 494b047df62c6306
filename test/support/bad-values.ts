/**
 * Values that break an OpenAPI (3.0, as @fastify/swagger emits it) property schema, so a
 * fuzzer can build request bodies that are guaranteed to be invalid.
 */
export interface PropSchema {
  type?: string | string[];
  nullable?: boolean;
  enum?: unknown[];
  anyOf?: PropSchema[];
  oneOf?: PropSchema[];
  minimum?: number;
  maximum?: number;
  maxLength?: number;
  properties?: Record<string, PropSchema>;
  required?: string[];
  items?: PropSchema;
}

type JsonType = 'string' | 'number' | 'integer' | 'boolean' | 'object' | 'array' | 'null';

/** JSON types a schema admits ('integer' also admits 'number' values only when whole). */
export function allowedTypes(schema: PropSchema): Set<JsonType> {
  const out = new Set<JsonType>();
  const alternatives = schema.anyOf ?? schema.oneOf;
  if (alternatives) for (const alt of alternatives) for (const t of allowedTypes(alt)) out.add(t);
  if (schema.type) for (const t of [schema.type].flat()) out.add(t as JsonType);
  if (schema.nullable) out.add('null');
  if (schema.enum) {
    for (const v of schema.enum) out.add(v === null ? 'null' : Array.isArray(v) ? 'array' : (typeof v as JsonType));
  }
  if (out.size === 0) for (const t of ['string', 'number', 'integer', 'boolean', 'object', 'array', 'null'] as const) out.add(t); // unconstrained
  return out;
}

const SAMPLE: Record<Exclude<JsonType, 'integer'>, unknown> = {
  string: 'x',
  number: 12345,
  boolean: true,
  object: {},
  array: [],
  null: null,
};

/** The usual wrong-type substitutes: string→12345, number→"abc", boolean→"yes", array→{}, object→"x". */
export function wrongType(schema: PropSchema): unknown {
  const ok = allowedTypes(schema);
  const numeric = ok.has('number') || ok.has('integer');
  if (ok.has('string') && !numeric) return 12345;
  if (numeric && !ok.has('string')) return 'abc';
  if (ok.has('boolean') && !ok.has('string')) return 'yes';
  if (ok.has('array') && !ok.has('object')) return {};
  if (ok.has('object') && !ok.has('string')) return 'x';
  for (const t of ['boolean', 'object', 'array', 'number', 'string', 'null'] as const) if (!ok.has(t)) return SAMPLE[t];
  return undefined; // accepts anything
}

/** Every value we know breaks this schema: wrong types, and out-of-range values of the right type. */
export function violations(schema: PropSchema): unknown[] {
  const ok = allowedTypes(schema);
  const out: unknown[] = [];
  const wrong = wrongType(schema);
  if (wrong !== undefined) out.push(wrong);
  for (const t of ['string', 'number', 'boolean', 'object', 'array', 'null'] as const) {
    const admitted = ok.has(t) || (t === 'number' && ok.has('integer'));
    if (!admitted) out.push(SAMPLE[t]);
  }
  const onlyNumeric = (ok.has('number') || ok.has('integer')) && !ok.has('string');
  if (onlyNumeric) {
    if (schema.minimum !== undefined && schema.minimum > -1) out.push(-1);
    if (ok.has('integer') && !ok.has('number')) out.push(1.5);
    if (schema.maximum !== undefined && schema.maximum < 1e13) out.push(1e13);
  }
  if (ok.has('string') && !schema.anyOf && schema.maxLength !== undefined && schema.maxLength < 10_001) out.push('x'.repeat(10_001));
  if (schema.enum && schema.enum.every((v) => typeof v === 'string') && !schema.anyOf) out.push('no-such-value');
  return out.filter((v, i, all) => all.findIndex((w) => JSON.stringify(w) === JSON.stringify(v)) === i);
}
