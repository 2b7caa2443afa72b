// Input problems gathered field by field, and the unique-violation test behind SKU conflicts.
import { conflict, unprocessable } from '../../../lib/errors';

export type Problem = { field: string; code: string; message: string };

/** Collects every problem of an input, then throws one 422 naming the first and listing all. */
export class Problems {
  readonly list: Problem[] = [];
  add(field: string, code: string, message: string) {
    this.list.push({ field, code, message });
  }
  get empty() {
    return this.list.length === 0;
  }
  throwIfAny() {
    if (this.list.length === 0) return;
    const [first] = this.list;
    throw unprocessable(first.code, first.message, { field: first.field, errors: this.list });
  }
}

/** True for a unique-constraint violation, whichever driver (pg, PGlite) and wrapper (Drizzle) raised it. */
export function isUniqueViolation(error: unknown, constraint?: string): boolean {
  for (
    let e = error as { code?: unknown; constraint?: unknown; cause?: unknown; message?: unknown } | undefined,
      depth = 0;
    e && depth < 5;
    e = e.cause as typeof e, depth++
  ) {
    if (e.code === '23505')
      return !constraint || e.constraint === constraint || String(e.message ?? '').includes(constraint);
  }
  return false;
}

export const skuTaken = (sku: string) =>
  conflict('sku_taken', `The SKU "${sku}" is already used by another variant of this brand`, { field: 'sku', sku });
