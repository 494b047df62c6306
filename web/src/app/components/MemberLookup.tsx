import { useRef, useState, type ReactNode, type Ref } from 'react';
import { Alert, App, Button, Card, Input, Space } from 'antd';
import type { InputProps, InputRef } from 'antd';
import { ScanOutlined } from '@ant-design/icons';
import { api } from '../api';
import { useApiError } from '../errors';
import type { CardBlock, Member } from '../members';

/**
 * A counter page's member lookup (a scanned card, or a typed card number or phone): the text typed,
 * the request in flight, and the member found with why their card may be refused.
 * `unsettled` is the warning shown instead of looking up while the page's last submission has no answer:
 * until it is resent or discarded the page must stay on that member.
 */
export function useMemberLookup({ unsettled, onFound }: { unsettled: { content: string; key: string } | null; onFound: () => void }) {
  const { message } = App.useApp();
  const showError = useApiError();
  const inputRef = useRef<InputRef>(null);
  const [text, setText] = useState('');
  const [busy, setBusy] = useState(false);
  const [member, setMember] = useState<Member | null>(null);
  const [cardBlock, setCardBlock] = useState<CardBlock | null>(null);

  const find = async () => {
    const code = text.trim();
    if (!code || busy) return;
    if (unsettled) {
      void message.warning(unsettled);
      return;
    }
    setBusy(true);
    try {
      const r = await api.get<{ member: Member; cardBlock: CardBlock | null }>('/members/lookup', { code });
      setMember(r.member);
      setCardBlock(r.cardBlock);
      setText('');
      onFound();
    } catch (e) {
      showError(e);
      inputRef.current?.focus({ cursor: 'all' });
    } finally {
      setBusy(false);
    }
  };

  const clear = () => {
    setMember(null);
    setCardBlock(null);
  };

  return { text, setText, busy, find, inputRef, member, cardBlock, clear };
}

export type MemberLookup = ReturnType<typeof useMemberLookup>;

/** The page's own wording: each counter words the card problems for what it does (top up, redeem). */
interface MemberLookupTexts {
  label: string;
  placeholder: string;
  button: string;
  noCard: string;
  cardBlock: (block: CardBlock) => string;
}

/** The scan box: Enter looks the member up, and does nothing else (a scanner ends every code with Enter). */
export function MemberLookupInput({
  lookup,
  id,
  label,
  ...props
}: {
  lookup: MemberLookup;
  /** the box's id and test id */
  id: string;
  label: string;
  ref?: Ref<InputRef>;
} & Pick<InputProps, 'placeholder' | 'size' | 'style'>) {
  return (
    <Input
      {...props}
      id={id}
      data-testid={id}
      aria-label={label}
      prefix={<ScanOutlined />}
      autoFocus
      autoComplete="off"
      maxLength={64}
      value={lookup.text}
      readOnly={lookup.busy}
      onChange={(e) => lookup.setText(e.target.value)}
      onPressEnter={(e) => {
        e.preventDefault();
        void lookup.find();
      }}
    />
  );
}

/**
 * The card to find a member in: the scan box (Enter or the button looks up), then the card's problems
 * above what the page shows of the member found. Until then it shows `idle`.
 */
export function MemberLookupCard({
  lookup,
  inputId,
  memberTestId,
  texts,
  idle = null,
  children,
}: {
  lookup: MemberLookup;
  inputId: string;
  memberTestId: string;
  texts: MemberLookupTexts;
  idle?: ReactNode;
  children: (member: Member) => ReactNode;
}) {
  const { member, cardBlock } = lookup;
  return (
    <Card size="small" title={texts.label}>
      <Space.Compact style={{ width: '100%' }}>
        <MemberLookupInput ref={lookup.inputRef} lookup={lookup} id={inputId} label={texts.label} placeholder={texts.placeholder} size="large" />
        <Button size="large" loading={lookup.busy} onClick={() => void lookup.find()}>
          {texts.button}
        </Button>
      </Space.Compact>
      {member ? (
        <div style={{ marginTop: 16 }} data-testid={memberTestId}>
          {!member.card ? <Alert type="error" showIcon title={texts.noCard} style={{ marginBottom: 12 }} /> : null}
          {cardBlock ? <Alert type="warning" showIcon title={texts.cardBlock(cardBlock)} style={{ marginBottom: 12 }} /> : null}
          {children(member)}
        </div>
      ) : (
        idle
      )}
    </Card>
  );
}
