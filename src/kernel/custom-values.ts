import { isIsoDate } from './clock';

export type FieldType = 'text' | 'number' | 'date' | 'single' | 'multi';

export interface FieldDefinition {
  key: string;
  label: string;
  type: FieldType;
  options: string[];
  required: boolean;
}

export type CustomValues = Record<string, string | number | string[]>;

export interface FieldProblem {
  key: string;
  rule: 'required' | 'type' | 'option' | 'unknown' | 'length';
}


/**
 * Checks custom field values against their definitions (pure). Empty values are dropped;
 * keys without an active definition are refused, so typos never pile up as data.
 */
export function checkCustomValues(defs: readonly FieldDefinition[], input: Record<string, unknown>): { values: CustomValues; problem: FieldProblem | null } {
  const values: CustomValues = {};
  const byKey = new Map(defs.map((d) => [d.key, d]));
  const unknown = Object.keys(input).find((k) => !byKey.has(k));
  if (unknown) return { values, problem: { key: unknown, rule: 'unknown' } };
  for (const def of defs) {
    const raw = input[def.key];
    const empty = raw === undefined || raw === null || raw === '' || (Array.isArray(raw) && raw.length === 0);
    if (empty) {
      if (def.required) return { values, problem: { key: def.key, rule: 'required' } };
      continue;
    }
    switch (def.type) {
      case 'text':
        if (typeof raw !== 'string') return { values, problem: { key: def.key, rule: 'type' } };
        if (raw.length > 500) return { values, problem: { key: def.key, rule: 'length' } };
        values[def.key] = raw.trim();
        break;
      case 'number':
        if (typeof raw !== 'number' || !Number.isFinite(raw) || Math.abs(raw) > 1e12) return { values, problem: { key: def.key, rule: 'type' } };
        values[def.key] = raw;
        break;
      case 'date':
        if (typeof raw !== 'string' || !isIsoDate(raw)) return { values, problem: { key: def.key, rule: 'type' } };
        values[def.key] = raw as string;
        break;
      case 'single':
        if (typeof raw !== 'string') return { values, problem: { key: def.key, rule: 'type' } };
        if (!def.options.includes(raw)) return { values, problem: { key: def.key, rule: 'option' } };
        values[def.key] = raw;
        break;
      case 'multi':
        if (!Array.isArray(raw) || raw.some((v) => typeof v !== 'string')) return { values, problem: { key: def.key, rule: 'type' } };
        if (raw.some((v) => !def.options.includes(v as string))) return { values, problem: { key: def.key, rule: 'option' } };
        values[def.key] = [...new Set(raw as string[])];
        break;
    }
  }
  return { values, problem: null };
}
