import type { JsonSchema } from './types';

/** One input the form shows for a property of a type's `config` or `credentials` schema. */
export interface FieldSpec {
  group: 'config' | 'credentials';
  name: string;
  label: string;
  kind: 'text' | 'secret' | 'number' | 'boolean' | 'list';
  required: boolean;
  hint?: string;
  /** The schema's default (a checkbox starts ticked when it is true). */
  defaultValue?: unknown;
}

/** The inputs a type's JSON Schema asks for: strings, secrets (writeOnly), numbers, booleans, string lists. */
export function fieldsOf(schema: JsonSchema): FieldSpec[] {
  const out: FieldSpec[] = [];
  for (const group of ['config', 'credentials'] as const) {
    const part = schema.properties?.[group];
    for (const [name, p] of Object.entries(part?.properties ?? {})) {
      const t = Array.isArray(p.type) ? p.type.find((x) => x !== 'null') : p.type;
      const kind: FieldSpec['kind'] =
        t === 'boolean'
          ? 'boolean'
          : t === 'integer' || t === 'number'
            ? 'number'
            : t === 'array'
              ? 'list'
              : p.writeOnly
                ? 'secret'
                : 'text';
      out.push({
        group,
        name,
        label: p.title ?? p.description ?? name,
        kind,
        required: (part?.required ?? []).includes(name),
        hint: name,
        defaultValue: p.default,
      });
    }
  }
  return out;
}

/**
 * A refusal's detail in the form's words: the request's field names ("config.startUrl is not a URL") become the labels
 * the form shows ("“Where the crawl starts” is not a URL").
 */
export function inFormWords(detail: string, fields: FieldSpec[]): string {
  return detail.replace(/\b(config|credentials)\.([A-Za-z0-9_]+)/g, (whole, group: string, name: string) => {
    const f = fields.find((x) => x.group === group && x.name === name);
    return f ? `“${f.label}”` : whole;
  });
}

/** The request's `config` and `credentials` from the form's values (empty optional fields left out). */
export function valuesOf(fields: FieldSpec[], values: Record<string, string | boolean>) {
  const config: Record<string, unknown> = {};
  const credentials: Record<string, unknown> = {};
  for (const f of fields) {
    const v = values[`${f.group}.${f.name}`];
    if (v === undefined || v === '') continue;
    const target = f.group === 'config' ? config : credentials;
    if (f.kind === 'number') target[f.name] = Number(v);
    else if (f.kind === 'list')
      target[f.name] = String(v)
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean);
    else target[f.name] = v;
  }
  return { config, credentials };
}
