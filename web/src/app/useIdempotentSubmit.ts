import { useRef, useState } from 'react';
import { isApiError } from './api';
import { newIdempotencyKey } from './idempotencyKey';

/** No answer, a server failure or the same request still running: what was sent may have been done. */
export function outcomeUnknown(e: unknown): boolean {
  return isApiError(e) && (e.status === 0 || e.status >= 500 || e.code === 'IDEMPOTENCY_REQUEST_IN_PROGRESS');
}

/** The Idempotency-Key of a request body: the same body sent again keeps its key, any other body gets a new one. */
export function useSubmissionKey() {
  const last = useRef<{ key: string; body: string } | null>(null);
  return {
    keyFor(body: string): string {
      if (!last.current || last.current.body !== body) last.current = { key: newIdempotencyKey(), body };
      return last.current.key;
    },
    /** the last body as it was sent, or null */
    lastBody: (): string | null => last.current?.body ?? null,
    forget() {
      last.current = null;
    },
  };
}

export type SendResult<B, T> = { body: B } & ({ ok: true; answer: T } | { ok: false; error: unknown; unknown: boolean });

/**
 * A confirmation (a sale, a top-up) sent with an Idempotency-Key made once per submission. When a
 * send got no answer the screen is `uncertain`: only that very submission (same key, same body)
 * may be sent again, until the cashier discards it.
 */
export function useIdempotentSubmit() {
  const [submitting, setSubmitting] = useState(false);
  const [uncertain, setUncertain] = useState(false);
  const inFlight = useRef(false);
  const submission = useSubmissionKey();

  /**
   * Sends makeBody()'s body, or while uncertain the one that got no answer (makeBody is not asked).
   * Nothing is sent (null) while a send is on its way (two quick F9s arrive before a re-render) or
   * when makeBody gives null.
   */
  const send = async <B, T>(makeBody: () => B | null, post: (body: B, key: string) => Promise<T>): Promise<SendResult<B, T> | null> => {
    if (inFlight.current) return null;
    let json = uncertain ? submission.lastBody() : null;
    if (json === null) {
      const body = makeBody();
      if (body === null) return null;
      json = JSON.stringify(body);
    }
    const key = submission.keyFor(json);
    const body = JSON.parse(json) as B;
    inFlight.current = true;
    setSubmitting(true);
    try {
      const answer = await post(body, key);
      submission.forget();
      setUncertain(false);
      return { body, ok: true, answer };
    } catch (error) {
      const unknown = outcomeUnknown(error);
      setUncertain(unknown);
      return { body, ok: false, error, unknown };
    } finally {
      inFlight.current = false;
      setSubmitting(false);
    }
  };

  /** The next confirmation is a new submission with a new key. */
  const discard = () => {
    submission.forget();
    setUncertain(false);
  };

  return { submitting, uncertain, locked: uncertain || submitting, send, discard };
}
