import { Barcode } from './Barcode';
import { QrCode } from './QrCode';

/** A code as a Code128 barcode with its QR code beside it: whichever scanner the till has reads one. */
export function ScanMarks({ value, height, testId }: { value: string; height: number; testId?: string }) {
  return (
    <div style={{ display: 'flex', alignItems: 'center', justifyContent: 'center', gap: 8 }}>
      <Barcode value={value} height={height} />
      <QrCode value={value} size={Math.round(height * 1.75)} testId={testId} />
    </div>
  );
}
