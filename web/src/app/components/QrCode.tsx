import { useEffect, useState } from 'react';
import QRCode from 'qrcode';

/**
 * A QR code of `value` as an image, for phones and 2D scanners; a scanner types the value and
 * Enter just as it does for the Code128 barcode beside it.
 */
export function QrCode({ value, size = 64, testId }: { value: string; size?: number; testId?: string }) {
  const [src, setSrc] = useState<string | null>(null);
  useEffect(() => {
    let current = true;
    // drawn at twice the size so it stays sharp in print
    void QRCode.toDataURL(value, { margin: 0, errorCorrectionLevel: 'M', width: size * 2 }).then((url) => current && setSrc(url));
    return () => {
      current = false;
    };
  }, [value, size]);
  return src ? <img src={src} alt={value} width={size} height={size} data-testid={testId} /> : <span style={{ display: 'inline-block', width: size, height: size }} />;
}
