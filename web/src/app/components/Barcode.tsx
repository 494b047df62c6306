import { useEffect, useRef } from 'react';
import JsBarcode from 'jsbarcode';

/** A Code128 barcode of `value` as SVG, for printed coupons and slips a till's scanner reads back. */
export function Barcode({ value, height = 40, testId }: { value: string; height?: number; testId?: string }) {
  const ref = useRef<SVGSVGElement>(null);
  useEffect(() => {
    if (ref.current) JsBarcode(ref.current, value, { format: 'CODE128', height, width: 1.6, margin: 0, displayValue: false });
  }, [value, height]);
  return <svg ref={ref} role="img" aria-label={value} data-testid={testId} />;
}
