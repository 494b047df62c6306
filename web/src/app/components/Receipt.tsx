import type { ReactNode } from 'react';
import './receipt.css';

/** The receipt rolls the tills print on. */
export type PaperWidth = 58 | 80;

/** One line of a receipt: the label on the left, the value on the right. */
export function ReceiptRow({ label, value, testId, strong, indent }: { label: ReactNode; value: ReactNode; testId?: string; strong?: boolean; indent?: boolean }) {
  return (
    <div className={`receipt-row${strong ? ' receipt-strong' : ''}${indent ? ' receipt-indent' : ''}`}>
      <span>{label}</span>
      <span data-testid={testId}>{value}</span>
    </div>
  );
}

/** The paper size while this receipt is on screen: the width chosen, as long as the slip needs. */
export function ReceiptPaper({ width }: { width: PaperWidth }) {
  return <style>{`@media print { @page { size: ${width}mm auto; margin: 2mm; } }`}</style>;
}
