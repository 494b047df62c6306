import { useEffect } from 'react';

/**
 * print(): window.print() with `bodyClass` on <body> while the print dialog is open, so that the page's
 * print CSS applies to this print only. The class goes again after printing or when the page goes.
 */
export function usePrint(bodyClass: string): () => void {
  useEffect(() => {
    const done = () => document.body.classList.remove(bodyClass);
    window.addEventListener('afterprint', done);
    return () => {
      window.removeEventListener('afterprint', done);
      done();
    };
  }, [bodyClass]);
  return () => {
    document.body.classList.add(bodyClass);
    window.print();
  };
}
