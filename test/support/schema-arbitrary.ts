import fc from 'fast-check';

/**
 * fast-check arbitraries for request bodies, made from the same JSON Schemas the API checks
 * (the subset they use: object, array, string with format, pattern or enum, number, integer,
 * boolean, null, anyOf), and mutations of them: wrong types, unknown keys, huge and odd
 * strings, deep nesting, boundary numbers and dates.
 */

type Schema = {
  type?: string | string[];
  properties?: Record<string, Schema>;
  required?: readonly string[];
  additionalProperties?: boolean | Schema;
  items?: Schema;
  enum?: readonly unknown[];
  const?: unknown;
  anyOf?: Schema[];
  format?: string;
  pattern?: string;
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  multipleOf?: number;
  minItems?: number;
  maxItems?: number;
};

const pad = (value: number) => String(value).padStart(2, '0');
/** Dates a person would enter: from 1990 to the end of 2026, leap days included. */
const plausibleDate = fc
  .date({ min: new Date('1990-01-01T00:00:00Z'), max: new Date('2026-11-30T00:00:00Z'), noInvalidDate: true })
  .map((date) => `${date.getUTCFullYear()}-${pad(date.getUTCMonth() + 1)}-${pad(date.getUTCDate())}`);

/** Strings that trip careless code: control characters, NUL, right-to-left marks, emoji, markup, SQL. */
const oddString = fc.constantFrom(
  '',
  ' ',
  '\u0000',
  'a\u0000b',
  '\u202Eevil',
  '😀'.repeat(50),
  '<script>alert(1)</script>',
  "'; drop table users; --",
  'x'.repeat(100_000),
  '\uD800',
  '\r\n\t',
  'Ąžuolė Žemaitytė',
  '%00',
  '../../etc/passwd',
  '{}',
  '[]',
  'null',
);

/** Numbers at the edges: zero, negatives, fractions below the hundredth, the largest doubles. */
const oddNumber = fc.constantFrom(0, -0, -1, 0.004, 0.005, 1.005, 1.15, 0.1 + 0.2, 999.999, 1000, 1000.01, 2_147_483_647, 2_147_483_648, Number.MAX_SAFE_INTEGER, 1e308, -1e308, 5e-324);

const oddDate = fc.constantFrom('0000-01-01', '1899-12-31', '1900-01-01', '9999-12-31', '2026-02-29', '2028-02-29', '2026-13-01', '2026-04-31', '2026-1-1', '2026-03-12T10:00:00Z', '12/03/2026', '');

/** Something of another JSON type than the schema asks for. */
const anyJson: fc.Arbitrary<unknown> = fc.oneof(
  fc.boolean(),
  fc.integer(),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.string(),
  fc.constant(null),
  fc.array(fc.integer(), { maxLength: 3 }),
  fc.dictionary(fc.string({ maxLength: 5 }), fc.integer(), { maxKeys: 2 }),
);

/** A value nested `depth` levels deep. */
const deeplyNested = fc.integer({ min: 30, max: 3000 }).map((depth) => {
  let value: unknown = 'bottom';
  for (let i = 0; i < depth; i += 1) value = i % 2 ? { d: value } : [value];
  return value;
});

function stringFor(schema: Schema): fc.Arbitrary<string> {
  if (schema.format === 'date') return plausibleDate;
  if (schema.format === 'email') return fc.constantFrom('sam@example.org', 'a.b@supervision.example');
  if (schema.format === 'uri') return fc.constantFrom('https://example.org/talk', 'http://example.org');
  if (schema.pattern?.startsWith('^(practice|supervision')) return fc.constantFrom('practice:1', 'cpd:1', 'feedback:999');
  if (schema.pattern?.startsWith('^[a-z0-9]')) return fc.constantFrom('practitioner', 'foundation', 'emcc-eia');
  if (schema.pattern?.startsWith('^[A-Za-z0-9 ./-]')) return fc.constantFrom('EMCC-4471', 'EIA 12/3');
  const max = Math.min(schema.maxLength ?? 50, 50);
  return fc.string({ minLength: Math.max(1, schema.minLength ?? 0), maxLength: Math.max(1, max) }).filter((text) => !text.includes('\u0000') && text.trim() !== '');
}

/** A value the schema accepts (most of the time: patterns are only approximated). */
export function valid(schema: Schema): fc.Arbitrary<unknown> {
  if (schema.const !== undefined) return fc.constant(schema.const);
  if (schema.enum) return fc.constantFrom(...schema.enum);
  // An object's anyOf only names which properties it needs (submission: level or previousId).
  if (schema.anyOf && schema.type !== 'object') return fc.oneof(...schema.anyOf.map(valid));
  const type = Array.isArray(schema.type) ? schema.type[0] : schema.type;
  switch (type) {
    case 'string':
      return stringFor(schema);
    case 'boolean':
      return fc.boolean();
    case 'null':
      return fc.constant(null);
    case 'integer':
      return fc.integer({ min: schema.minimum ?? 1, max: Math.min(schema.maximum ?? 500, 500) });
    case 'number': {
      const min = Math.max(schema.minimum ?? 0, schema.exclusiveMinimum !== undefined ? schema.exclusiveMinimum + 0.01 : 0);
      const hundredths = fc.integer({ min: Math.ceil(min * 100), max: Math.floor(Math.min(schema.maximum ?? 1000, 1000) * 100) });
      return hundredths.map((value) => value / 100);
    }
    case 'array':
      return fc.uniqueArray(valid(schema.items ?? {}), { minLength: schema.minItems ?? 0, maxLength: Math.min(schema.maxItems ?? 3, 3), selector: (item) => JSON.stringify(item) });
    case 'object': {
      const properties = schema.properties ?? {};
      const required = new Set(schema.required ?? []);
      const entries = Object.entries(properties).filter(([, property]) => !(property as { readOnly?: boolean }).readOnly);
      return fc.record(Object.fromEntries(entries.map(([name, property]) => [name, valid(property)])), { requiredKeys: entries.map(([name]) => name).filter((name) => required.has(name)) });
    }
    default:
      return anyJson;
  }
}

/** One field of a valid body changed, a key added or removed, or the whole body replaced by something odd. */
export function mutated(schema: Schema): fc.Arbitrary<unknown> {
  const names = Object.keys(schema.properties ?? {});
  const field = names.length ? fc.constantFrom(...names) : fc.constant('x');
  const body = valid(schema).map((value) => (value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : {}));
  return fc.oneof(
    { weight: 3, arbitrary: body },
    { weight: 2, arbitrary: fc.tuple(body, field, anyJson).map(([value, name, other]) => ({ ...value, [name]: other })) },
    { weight: 2, arbitrary: fc.tuple(body, field, oddString).map(([value, name, text]) => ({ ...value, [name]: text })) },
    { weight: 2, arbitrary: fc.tuple(body, field, oddNumber).map(([value, name, number]) => ({ ...value, [name]: number })) },
    { weight: 2, arbitrary: fc.tuple(body, field, oddDate).map(([value, name, date]) => ({ ...value, [name]: date })) },
    { weight: 1, arbitrary: fc.tuple(body, fc.string({ minLength: 1, maxLength: 20 }), anyJson).map(([value, name, other]) => ({ ...value, [name]: other })) },
    { weight: 1, arbitrary: fc.tuple(body, field).map(([value, name]) => Object.fromEntries(Object.entries(value).filter(([key]) => key !== name))) },
    { weight: 1, arbitrary: fc.tuple(body, field, deeplyNested).map(([value, name, nested]) => ({ ...value, [name]: nested })) },
    { weight: 1, arbitrary: fc.oneof(anyJson, deeplyNested) },
  );
}

/** How many bodies per endpoint: FUZZ_RUNS, else 200 (the floor CI runs). */
export const FUZZ_RUNS = Number(process.env.FUZZ_RUNS) > 0 ? Number(process.env.FUZZ_RUNS) : 200;
