import i18n from './i18n';

const pad = (n: number) => String(n).padStart(2, '0');

/** ISO timestamp → local 'YYYY-MM-DD HH:mm:ss'. */
export function formatDateTime(iso: string | null | undefined): string {
  if (!iso) return '';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`;
}

export function formatNumber(n: number | null | undefined): string {
  if (n === null || n === undefined) return '';
  return new Intl.NumberFormat(i18n.language).format(n);
}

/** An exclusive end (e.g. a coupon's validTo, local midnight after its last day) → that last day, 'YYYY-MM-DD'. */
export function formatLastDay(exclusiveEndIso: string | null | undefined): string {
  if (!exclusiveEndIso) return '';
  const d = new Date(new Date(exclusiveEndIso).getTime() - 1);
  if (Number.isNaN(d.getTime())) return exclusiveEndIso;
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}
