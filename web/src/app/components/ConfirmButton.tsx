import { useEffect, useRef, type ReactNode } from 'react';
import { Button } from 'antd';
import { CheckCircleOutlined } from '@ant-design/icons';

/**
 * A till screen's big confirm button. A scanner's Enter must never confirm: only F9, a mouse click
 * or Space do, so a keyboard "click" right after an Enter anywhere is taken for the scanner's.
 */
export function ConfirmButton({ id, loading, onConfirm, children }: { id: string; loading: boolean; onConfirm: () => void; children: ReactNode }) {
  const lastEnterAt = useRef(0);
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Enter') lastEnterAt.current = Date.now();
    };
    window.addEventListener('keydown', onKey, true);
    return () => window.removeEventListener('keydown', onKey, true);
  }, []);
  return (
    <Button
      id={id}
      data-testid={id}
      type="primary"
      size="large"
      block
      icon={<CheckCircleOutlined />}
      loading={loading}
      onClick={(e) => {
        if (e.detail === 0 && Date.now() - lastEnterAt.current < 500) return;
        onConfirm();
      }}
      onKeyDown={(e) => {
        if (e.key === 'Enter') e.preventDefault();
      }}
    >
      {children}
    </Button>
  );
}
