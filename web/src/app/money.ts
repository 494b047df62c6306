/**
 * Money and rate helpers. The API speaks integer fen and integer basis points;
 * nothing here uses float arithmetic on amounts: strings are parsed digit by digit.
 */

const DECIMAL_RE = /^(-)?(\d*)(?:\.(\d*))?$/;

/**
 * Parse a decimal string into an integer scaled by 10^decimals, e.g.
 * parseScaledDecimal('12.34', 2) === 1234. Returns null when the text is not a
 * plain decimal number, has more fraction digits than allowed, or is not a safe integer.
 */
export function parseScaledDecimal(input: string, decimals: number): number | null {
  const text = input.trim().replace(/[,\s，]/g, '');
  if (text === '' || text === '-' || text === '.') return null;
  const m = DECIMAL_RE.exec(text);
  if (!m) return null;
  const [, sign, intPartRaw = '', fracRaw = ''] = m;
  if (intPartRaw === '' && fracRaw === '') return null;
  if (fracRaw.length > decimals) {
    // allow trailing zeros beyond the scale ("12.340")
    if (/[^0]/.test(fracRaw.slice(decimals))) return null;
  }
  const frac = fracRaw.slice(0, decimals).padEnd(decimals, '0');
  const digits = (intPartRaw.replace(/^0+(?=\d)/, '') || '0') + frac;
  const value = Number(digits);
  if (!Number.isSafeInteger(value)) return null;
  return sign && value !== 0 ? -value : value;
}

/** Format an integer scaled by 10^decimals as a decimal string, trimming nothing. */
export function formatScaled(value: number, decimals: number, trimZeros = false): string {
  if (!Number.isInteger(value)) throw new TypeError(`not an integer: ${value}`);
  const neg = value < 0;
  const abs = String(Math.abs(value)).padStart(decimals + 1, '0');
  const intPart = abs.slice(0, abs.length - decimals);
  let frac = decimals > 0 ? abs.slice(abs.length - decimals) : '';
  if (trimZeros) frac = frac.replace(/0+$/, '');
  return (neg ? '-' : '') + intPart + (frac ? `.${frac}` : '');
}

/** '12.34' → 1234; '12' → 1200; '0.5' → 50; invalid or > 2 decimals → null. */
export function yuanToFen(yuan: string): number | null {
  return parseScaledDecimal(yuan, 2);
}

/** 1234 → '12.34' (for form inputs). */
export function fenToYuan(fen: number): string {
  return formatScaled(fen, 2);
}

function groupThousands(intPart: string): string {
  return intPart.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

/** 123456 → '¥1,234.56'; -5 → '-¥0.05'. */
export function formatFen(fen: number | null | undefined): string {
  if (fen === null || fen === undefined) return '';
  const s = formatScaled(fen, 2);
  const neg = s.startsWith('-');
  const [i = '0', f = '00'] = (neg ? s.slice(1) : s).split('.');
  return `${neg ? '-' : ''}¥${groupThousands(i)}.${f}`;
}

/** Discount basis points → 折 number text: 9500 → '9.5', 8850 → '8.85', 10000 → '10'. */
export function bpToZhe(bp: number): string {
  return formatScaled(bp, 3, true);
}

/** '9.5' (折) → 9500; accepts up to 2 decimals of 折 (0.01折 = 10 bp). */
export function zheToBp(zhe: string): number | null {
  const v = parseScaledDecimal(zhe, 2);
  return v === null ? null : v * 10;
}

/** Discount basis points → percent off text: 9500 → '5', 8850 → '11.5'. */
export function bpToPercentOff(bp: number): string {
  return formatScaled(10000 - bp, 2, true);
}

/** Ratio basis points → multiplier text: 10000 → '1', 15000 → '1.5'. */
export function bpToMultiplier(bp: number): string {
  return formatScaled(bp, 4, true);
}

/** '1.5' → 15000. */
export function multiplierToBp(text: string): number | null {
  return parseScaledDecimal(text, 4);
}
