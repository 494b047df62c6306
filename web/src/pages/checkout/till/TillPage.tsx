import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { Alert, App, Button, Card, Col, Divider, Empty, Flex, Input, Result, Row, Segmented, Space, Spin, Switch, Tag, Tooltip, Typography } from 'antd';
import { ClearOutlined, FieldNumberOutlined, GiftOutlined, ImportOutlined, PauseCircleOutlined, PercentageOutlined, PrinterOutlined, RollbackOutlined, SafetyCertificateOutlined, ScanOutlined, ThunderboltOutlined, UserSwitchOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router-dom';
import { keepPreviousData, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, isApiError, type ApiError } from '../../../app/api';
import { useAuth, useMe } from '../../../app/auth';
import { MEMBERS_KEY, type CardBlock, type Member } from '../../../app/members';
import { bpToZhe, fenToYuan, formatFen, yuanToFen } from '../../../app/money';
import { formatNumber } from '../../../app/format';
import { byId, useMemberLevels } from '../../../app/lookups';
import { PageContainer } from '../../../app/components/PageContainer';
import { CardStatusTag } from '../../../app/components/CardStatusTag';
import { ConfirmButton } from '../../../app/components/ConfirmButton';
import { useDebounced } from '../../../app/useDebounced';
import { tryFocus, useFocusById } from '../../../app/focus';
import { useIdempotentSubmit, useSubmissionKey } from '../../../app/useIdempotentSubmit';
import { CartTable, type CartLine } from './CartTable';
import { DiscountModal, type DiscountTarget } from './DiscountModal';
import { SearchModal } from './SearchModal';
import { PaymentPanel, emptyPay, payFocusOrder, resolvePay, type PayState } from './PaymentPanel';
import { SaleReceipt, type PaperWidth } from './Receipt';
import { AuthorizeModal, isAuthorizationError } from './AuthorizeModal';
import { PARKED_KEY, ParkedListModal, ParkModal } from './ParkedModals';
import { UsesModal, UsesSlipModal } from './UsesModal';
import { PointsModal, PointsSlipModal, type PointsLine } from './PointsModal';
import { findScanned } from './productScan';
import { COUPON_CODE, CouponPanel } from './CouponPanel';
import {
  REF_METHODS,
  ROUNDINGS,
  lineIndexOfField,
  paymentIndexOfField,
  type Authorization,
  type Balances,
  type CartInput,
  type ManualChange,
  type MemberWallet,
  type Order,
  type OrderDiscount,
  type ParkedOrder,
  type PayMethod,
  type Product,
  type Quote,
  type Rounding,
} from './checkout';
import './till.css';

const SCAN_ID = 'till-scan';
const MEMBER_ID = 'till-member';
const QUICK_ID = 'till-quick-amount';
const CONFIRM_ID = 'till-confirm';
const NEXT_ID = 'till-next-scan';
const MAX_FEN = 1_000_000_000_000;
const PAPER_KEY = 'till.paperWidth';

function initialPaper(): PaperWidth {
  try {
    return localStorage.getItem(PAPER_KEY) === '58' ? 58 : 80;
  } catch {
    return 80;
  }
}

/** what the till sends to /checkout */
type SaleBody = CartInput & { payments: { method: PayMethod }[]; authorization?: Authorization };

interface PayFailure {
  error: ApiError;
  /** the methods of the payments sent, to place an error about payments.N */
  methods: PayMethod[];
}

interface Done {
  order: Order;
  member: { name: string; cardNo: string | null; levelName: string | null } | null;
  storeName: string;
}

const MEMBER_CODES = new Set(['CARD_LOST', 'CARD_FROZEN', 'CARD_EXPIRED', 'CARD_INACTIVE', 'WALLET_NO_CARD', 'WALLET_ANNUAL_FEE_DUE', 'CHECKOUT_MEMBER_REQUIRED']);

export default function TillPage() {
  const { t } = useTranslation(['checkout.till', 'common']);
  const me = useMe();
  const { can, refresh: refreshMe } = useAuth();
  const qc = useQueryClient();
  const { message, modal } = App.useApp();
  const navigate = useNavigate();
  const storeId = me.currentStoreId;
  const storeName = me.stores.find((s) => s.id === storeId)?.name ?? '';

  // ---- the sale -----------------------------------------------------------------------------------
  const lineKey = useRef(1);
  const [lines, setLines] = useState<CartLine[]>([]);
  const [selectedKey, setSelectedKey] = useState<number | null>(null);
  const [member, setMember] = useState<Member | null>(null);
  const [cardBlock, setCardBlock] = useState<CardBlock | null>(null);
  const [quickMode, setQuickMode] = useState(false);
  const [quickText, setQuickText] = useState('');
  const [orderDiscount, setOrderDiscount] = useState<OrderDiscount | undefined>(undefined);
  const [rounding, setRounding] = useState<Rounding>('none');
  const [couponCodes, setCouponCodes] = useState<string[]>([]);
  const [pay, setPay] = useState<PayState>(emptyPay);

  // ---- entry boxes ----------------------------------------------------------------------------------
  const [scanText, setScanText] = useState('');
  const [scanBusy, setScanBusy] = useState(false);
  const [scanError, setScanError] = useState<string | null>(null);
  const [memberText, setMemberText] = useState('');
  const [memberBusy, setMemberBusy] = useState(false);
  const [memberError, setMemberError] = useState<string | null>(null);
  const [search, setSearch] = useState<{ query: string; items: Product[] } | null>(null);
  const [discount, setDiscount] = useState<{ target: DiscountTarget; lineKey: number | null } | null>(null);
  const confirmOpen = useRef(false);

  // ---- payment ------------------------------------------------------------------------------------
  const { submitting, uncertain, locked, send, discard } = useIdempotentSubmit();
  const [failure, setFailure] = useState<PayFailure | null>(null);
  const [done, setDone] = useState<Done | null>(null);
  const [paper, setPaper] = useState<PaperWidth>(initialPaper);

  // ---- manager authorisation, parked sales, count-card uses ------------------------------------------
  const [authOpen, setAuthOpen] = useState(false);
  const [parkOpen, setParkOpen] = useState(false);
  const [parkedOpen, setParkedOpen] = useState(false);
  const [usesOpen, setUsesOpen] = useState(false);
  const usesKey = useSubmissionKey();
  const [usesSlip, setUsesSlip] = useState<{ order: Order; member: { name: string; cardNo: string | null }; left: Record<string, number> } | null>(null);
  const [pointsOpen, setPointsOpen] = useState(false);
  const pointsKey = useSubmissionKey();
  const [pointsSlip, setPointsSlip] = useState<{ order: Order; member: { name: string; cardNo: string | null } } | null>(null);

  const focusById = useFocusById();
  const focusEntry = useCallback(() => focusById(quickMode ? QUICK_ID : SCAN_ID), [focusById, quickMode]);

  // ---- the server's price --------------------------------------------------------------------------
  const quickFen = useMemo(() => {
    const f = yuanToFen(quickText);
    return f !== null && f > 0 && f <= MAX_FEN ? f : null;
  }, [quickText]);

  const cartBody: CartInput | null = useMemo(() => {
    const base = { memberId: member?.id ?? null, rounding, ...(orderDiscount ? { orderDiscount } : {}), ...(couponCodes.length ? { couponCodes } : {}) };
    if (quickMode) return quickFen !== null ? { ...base, lines: [], quickAmountFen: quickFen } : null;
    if (lines.length === 0) return null;
    return { ...base, lines: lines.map((l) => ({ productId: l.productId, quantity: l.quantity, ...(l.manual ? { manual: l.manual } : {}) })) };
  }, [member, rounding, orderDiscount, couponCodes, quickMode, quickFen, lines]);
  const cartJson = cartBody ? JSON.stringify(cartBody) : null;
  const debouncedJson = useDebounced(cartJson, 180);

  const quote = useQuery({
    queryKey: ['/checkout/quote', debouncedJson, storeId],
    queryFn: ({ signal }) => api.post<Quote>('/checkout/quote', JSON.parse(debouncedJson!), { signal }),
    enabled: !!debouncedJson && !!storeId && !done,
    retry: false,
    staleTime: 0,
    placeholderData: keepPreviousData,
  });
  const q = cartBody && quote.data ? quote.data : null;
  const quoteCurrent = !!q && !quote.isPlaceholderData && !quote.isFetching && !quote.isError && debouncedJson === cartJson;
  const quoteError = cartBody && quote.isError && debouncedJson === cartJson && isApiError(quote.error) ? quote.error : null;

  // the server's lines for exactly these cart lines (a previous answer shows while the new one comes)
  const pricedLines = useMemo(() => {
    if (!q || quickMode || q.lines.length !== lines.length) return null;
    return q.lines.every((p, i) => p.productId === lines[i]?.productId) ? q.lines : null;
  }, [q, quickMode, lines]);

  const wallet = useQuery({
    queryKey: [MEMBERS_KEY, member?.id, 'wallet'],
    queryFn: () => api.get<MemberWallet>(`/members/${member?.id}/wallet`),
    enabled: !!member && can('wallet.view') && !done,
    retry: false,
  });
  const levels = useMemberLevels(!!member);
  const levelName = (q && q.memberId === member?.id ? q.levelName : null) ?? (member?.levelId ? (byId(levels.data).get(member.levelId)?.name ?? null) : null);
  const balances: Balances | null =
    q?.balances && q.memberId === member?.id ? q.balances : wallet.data ? { principalFen: wallet.data.principalFen, bonusFen: wallet.data.bonusFen, points: wallet.data.points } : null;

  const totalFen = quoteCurrent && q ? q.totalFen : null;
  const resolved = resolvePay(pay, totalFen, q?.pointsPerYuan ?? 100, !!member);

  // ---- where the server's refusals show -------------------------------------------------------------
  const lineErrors = useMemo(() => {
    const m = new Map<number, string>();
    for (const e of [quoteError, failure?.error]) {
      const i = e ? lineIndexOfField(e.field) : null;
      if (e && i !== null) m.set(i, e.message);
    }
    return m;
  }, [quoteError, failure]);
  const payErrors: Partial<Record<PayMethod | 'all', string>> = {};
  let memberFailure: string | null = null;
  let generalFailure: string | null = null;
  if (failure) {
    const e = failure.error;
    const pi = paymentIndexOfField(e.field);
    if (pi !== null && failure.methods[pi]) payErrors[failure.methods[pi]] = e.message;
    else if (e.code === 'WALLET_INSUFFICIENT_FUNDS') payErrors.stored_value = e.message;
    else if (e.code === 'CHECKOUT_POINTS_OVER_LIMIT' || e.code === 'WALLET_INSUFFICIENT_POINTS') payErrors.points = e.message;
    else if (e.code === 'CHECKOUT_CASH_SHORT') payErrors.cash = e.message;
    else if (e.field === 'payments') payErrors.all = e.message;
    else if (MEMBER_CODES.has(e.code) || e.field === 'memberId') memberFailure = e.message;
    else if (lineIndexOfField(e.field) === null && !e.field?.startsWith('couponCodes.')) generalFailure = e.message;
  }
  // a refused coupon names its place in couponCodes
  const couponError = (() => {
    for (const e of [quoteError, failure?.error]) {
      const m = e?.field ? /^couponCodes\.(\d+)$/.exec(e.field) : null;
      const code = m ? couponCodes[Number(m[1])] : undefined;
      if (e && code) return { code, message: e.message };
    }
    return null;
  })();
  // anything changed: the last refusal no longer describes the screen
  useEffect(() => {
    setFailure(null);
  }, [cartJson, pay]);

  // ---- checks before paying ---------------------------------------------------------------------------
  const svBalance = balances ? balances.principalFen + balances.bonusFen : 0;
  const cashFen = resolved.fens.cash ?? 0;
  const problem: string | null = (() => {
    if (!storeId) return t('problems.noStore');
    if (!cartBody) return quickMode ? t('problems.quickAmount') : t('problems.empty');
    if (quoteError) return t('problems.quoteFailed');
    if (!quoteCurrent || totalFen === null) return t('problems.quoting');
    if (resolved.invalid) return t('problems.payAmount');
    if (member && (resolved.points ?? 0) > (q?.maxPoints ?? 0)) return t('problems.pointsMax', { max: formatNumber(q?.maxPoints ?? 0) });
    if (member && (resolved.fens.stored_value ?? 0) > svBalance) return t('problems.svShort', { amount: formatFen(svBalance) });
    if (resolved.sum !== totalFen)
      return t('problems.mismatch', { diff: totalFen > resolved.sum ? t('pay.remaining', { amount: formatFen(totalFen - resolved.sum) }) : t('pay.overpaid', { amount: formatFen(resolved.sum - totalFen) }) });
    if (resolved.payments.some((p) => REF_METHODS.includes(p.method) && !p.reference)) return t('problems.reference');
    if (resolved.receivedFen !== null && resolved.receivedFen < cashFen) return t('problems.cashShort');
    if (resolved.payments.length === 0) return t('problems.noPayment');
    return null;
  })();

  // ---- actions ----------------------------------------------------------------------------------------
  const guardLocked = (): boolean => {
    if (!uncertain) return false;
    void message.warning({ content: t('uncertainLocked'), key: 'till-problem' });
    return true;
  };

  const addProduct = (p: Product) => {
    setScanError(null);
    const existing = lines.find((l) => l.productId === p.id);
    if (existing) {
      setLines(lines.map((l) => (l === existing ? { ...l, quantity: Math.min(9999, l.quantity + 1) } : l)));
      setSelectedKey(existing.key);
    } else {
      const key = lineKey.current++;
      setLines([...lines, { key, productId: p.id, name: p.name, code: p.barcode ?? p.code, quantity: 1, pointsPrice: p.pointsPrice ?? null }]);
      setSelectedKey(key);
    }
  };

  const addCoupon = (code: string) => {
    if (guardLocked()) return;
    if (!couponCodes.includes(code)) setCouponCodes([...couponCodes, code]);
    focusEntry();
  };
  const removeCoupon = (code: string) => {
    if (guardLocked()) return;
    setCouponCodes(couponCodes.filter((c) => c !== code));
  };

  const attachMember = (m: Member, block: CardBlock | null) => {
    // a member's coupons are theirs: another member's would be refused
    if (m.id !== member?.id) setCouponCodes([]);
    setMember(m);
    setCardBlock(block);
    setMemberError(null);
    setMemberText('');
    // stored value and points belong to the member they were typed for
    setPay((s) => ({ ...s, amounts: { ...s.amounts, stored_value: '' }, points: '' }));
  };

  const lookupMember = async (code: string) => {
    const text = code.trim();
    if (!text || memberBusy || guardLocked()) return;
    setMemberBusy(true);
    setMemberError(null);
    try {
      const r = await api.get<{ member: Member; cardBlock: CardBlock | null }>('/members/lookup', { code: text });
      attachMember(r.member, r.cardBlock);
      focusEntry();
    } catch (e) {
      setMemberError(isApiError(e) ? e.message : String(e));
      focusById(MEMBER_ID);
    } finally {
      setMemberBusy(false);
    }
  };

  const walkIn = () => {
    setCouponCodes([]);
    setMember(null);
    setCardBlock(null);
    setMemberError(null);
    setPay((s) => ({ ...s, amounts: { ...s.amounts, stored_value: '' }, points: '' }));
  };

  /** Enter in the scan box: the barcode (or code), else a search by name; a member card found instead attaches the member. */
  const scan = async (raw: string) => {
    const code = raw.trim();
    if (!code || scanBusy || guardLocked()) return;
    if (COUPON_CODE.test(code.toUpperCase())) {
      addCoupon(code.toUpperCase());
      setScanText('');
      return;
    }
    setScanBusy(true);
    setScanError(null);
    try {
      const found = await findScanned(code);
      if ('product' in found) {
        addProduct(found.product);
        setScanText('');
        return;
      }
      const items = found.byName.filter((p) => p.kind !== 'timed');
      if (items.length === 1) {
        addProduct(items[0]!);
        setScanText('');
        return;
      }
      if (items.length > 1) {
        setSearch({ query: code, items });
        return;
      }
      if (can('members.view')) {
        try {
          const r = await api.get<{ member: Member; cardBlock: CardBlock | null }>('/members/lookup', { code });
          attachMember(r.member, r.cardBlock);
          setScanText('');
          void message.info({ content: t('scan.memberFound', { name: r.member.name }), key: 'till-scan' });
          return;
        } catch {
          /* not a member either */
        }
      }
      setScanError(t('scan.notFound', { code }));
    } catch (e) {
      setScanError(isApiError(e) ? e.message : String(e));
    } finally {
      setScanBusy(false);
      focusById(SCAN_ID);
    }
  };

  const changeQuantity = (key: number, quantity: number) => {
    setLines((ls) => ls.map((l) => (l.key === key ? { ...l, quantity } : l)));
  };
  const removeLine = (key: number) => {
    if (guardLocked()) return;
    const idx = lines.findIndex((l) => l.key === key);
    const next = lines.filter((l) => l.key !== key);
    setLines(next);
    setSelectedKey(next[Math.min(idx, next.length - 1)]?.key ?? null);
    focusEntry();
  };

  const openLineDiscount = (key: number | null) => {
    if (guardLocked()) return;
    const line = lines.find((l) => l.key === key) ?? lines[lines.length - 1];
    if (!line) {
      void message.info({ content: t('discount.noLine'), key: 'till-problem' });
      return;
    }
    const idx = lines.indexOf(line);
    const priced = pricedLines?.[idx];
    // 改价 starts from the price before any manual change of this line
    const manualStep = priced?.adjustments.filter((a) => a.kind === 'manual').reduce((s, a) => s + a.amountFen, 0) ?? 0;
    const unitBefore = priced ? priced.unitPriceFen - Math.trunc(manualStep / Math.max(1, priced.quantity)) : undefined;
    setSelectedKey(line.key);
    setDiscount({ target: { mode: 'line', name: line.name, unitPriceFen: line.manual ? unitBefore : priced?.unitPriceFen, current: line.manual }, lineKey: line.key });
  };
  const openOrderDiscount = () => {
    if (guardLocked() || !cartBody) return;
    setDiscount({ target: { mode: 'order', current: orderDiscount }, lineKey: null });
  };

  /** Ask the server first: a refused discount stays in the dialog with the server's reason. */
  const applyDiscount = async (change: ManualChange | OrderDiscount | undefined) => {
    if (!discount || !cartBody) return;
    let trial: CartInput;
    if (discount.lineKey === null) {
      const { orderDiscount: _old, ...rest } = cartBody;
      trial = change ? { ...rest, orderDiscount: change as OrderDiscount } : rest;
    } else {
      trial = {
        ...cartBody,
        lines: lines.map((l) => {
          const manual = l.key === discount.lineKey ? (change as ManualChange | undefined) : l.manual;
          return { productId: l.productId, quantity: l.quantity, ...(manual ? { manual } : {}) };
        }),
      };
    }
    await api.post<Quote>('/checkout/quote', trial);
    if (discount.lineKey === null) setOrderDiscount(change as OrderDiscount | undefined);
    else setLines((ls) => ls.map((l) => (l.key === discount.lineKey ? { ...l, manual: change as ManualChange | undefined } : l)));
    setDiscount(null);
    focusEntry();
  };

  const toggleQuick = () => {
    if (guardLocked()) return;
    if (!quickMode && lines.length > 0) {
      void message.warning({ content: t('quick.cartNotEmpty'), key: 'till-problem' });
      return;
    }
    setQuickMode(!quickMode);
    setQuickText('');
    setPay(emptyPay());
    focusById(quickMode ? SCAN_ID : QUICK_ID);
  };

  const resetSale = () => {
    setLines([]);
    setSelectedKey(null);
    setMember(null);
    setCardBlock(null);
    setMemberError(null);
    setMemberText('');
    setQuickText('');
    setOrderDiscount(undefined);
    setRounding('none');
    setCouponCodes([]);
    setPay(emptyPay());
    setScanText('');
    setScanError(null);
    setFailure(null);
    discard();
  };

  const clearSale = () => {
    if (guardLocked()) return;
    if (scanText) {
      setScanText('');
      focusEntry();
      return;
    }
    if (lines.length === 0 && !member && !quickText) {
      focusEntry();
      return;
    }
    confirmOpen.current = true;
    modal.confirm({
      title: t('clear.title'),
      content: t('clear.content'),
      okText: t('clear.ok'),
      okButtonProps: { danger: true, ...{ 'data-testid': 'till-clear-ok' } },
      cancelText: t('common:actions.cancel'),
      onOk: () => {
        resetSale();
        setQuickMode(false);
        focusById(SCAN_ID);
      },
      afterClose: () => {
        confirmOpen.current = false;
        focusEntry();
      },
    });
  };

  const enterFromPay = (id: string) => {
    const order = [...payFocusOrder(!!member), CONFIRM_ID];
    for (let i = order.indexOf(id) + 1; i < order.length; i++) {
      if (tryFocus(order[i]!)) return;
    }
  };

  /**
   * Pay. A discount beyond the cashier's limit first opens the manager's authorisation; that
   * dialog calls back with `auth`, and a refusal of the authorisation is thrown back to it.
   */
  const submit = async (auth?: Authorization) => {
    // a receipt is showing
    if (done) return;
    const sent = await send(
      (): SaleBody | null => {
        if (problem || !cartBody) {
          void message.warning({ content: problem, key: 'till-problem' });
          return null;
        }
        if (q?.needsAuthorization && !auth) {
          setAuthOpen(true);
          return null;
        }
        return { ...cartBody, payments: resolved.payments, ...(auth && q?.needsAuthorization ? { authorization: auth } : {}) };
      },
      (body, key) => {
        setFailure(null);
        // a manager's wrong password answers 401: it must not sign the cashier out
        return api.post<Order>('/checkout', body, { headers: { 'Idempotency-Key': key }, skipAuthRedirect: !!body.authorization });
      },
    );
    if (!sent) return;
    if (sent.ok) {
      const order = sent.answer;
      setAuthOpen(false);
      setDone({
        order,
        member: member ? { name: member.name, cardNo: member.card?.cardNo ?? null, levelName } : null,
        storeName,
      });
      // nothing of this customer's sale survives: F9 again cannot sell twice
      resetSale();
      setQuickMode(false);
      void message.success({ content: t('done', { total: formatFen(order.totalFen) }), key: 'till-done' });
      void qc.invalidateQueries({ queryKey: [MEMBERS_KEY] });
      focusById(NEXT_ID);
      return;
    }
    const { body, error: e } = sent;
    if (body.authorization && isAuthorizationError(e)) {
      // the dialog shows it; the next try (another name or password) is a new submission
      discard();
      throw e;
    }
    if (body.authorization && isApiError(e) && e.status === 401) void refreshMe();
    setAuthOpen(false);
    if (isApiError(e)) {
      setFailure({ error: e, methods: body.payments.map((p) => p.method) });
      if (!sent.unknown) void message.error({ content: e.message, key: 'till-problem' });
    } else void message.error({ content: String(e), key: 'till-problem' });
  };

  // ---- 挂单 / 取单 ----------------------------------------------------------------------------------------
  const openPark = () => {
    if (guardLocked()) return;
    if (!cartBody) {
      void message.info({ content: t('park.empty'), key: 'till-problem' });
      return;
    }
    setParkOpen(true);
  };
  const park = async (label: string) => {
    if (!cartBody) return;
    await api.post<ParkedOrder>(PARKED_KEY, { label, cart: cartBody });
    setParkOpen(false);
    resetSale();
    setQuickMode(false);
    void qc.invalidateQueries({ queryKey: [PARKED_KEY] });
    void message.success({ content: t('park.done'), key: 'till-parked' });
    focusById(SCAN_ID);
  };
  const openParked = () => {
    if (guardLocked()) return;
    setParkedOpen(true);
  };
  /** 取单: the cart comes back as it was parked, and the server prices it again. */
  const resume = async (p: ParkedOrder) => {
    if (lines.length > 0 || quickText.trim()) {
      void message.warning({ content: t('parked.cartNotEmpty'), key: 'till-parked' });
      return;
    }
    const taken = await api.post<ParkedOrder>(`${PARKED_KEY}/${p.id}/resume`, {});
    void qc.invalidateQueries({ queryKey: [PARKED_KEY] });
    const cart = taken.cart;
    const products = await Promise.all(cart.lines.map((l) => api.get<Product>(`/products/${l.productId}`).catch(() => null)));
    let found: Member | null = null;
    if (cart.memberId) found = await api.get<Member>(`/members/${cart.memberId}`).catch(() => null);
    resetSale();
    setLines(
      cart.lines.map((l, i) => {
        const prod = products[i];
        return { key: lineKey.current++, productId: l.productId, name: prod?.name ?? t('parked.unknownProduct'), code: prod ? (prod.barcode ?? prod.code) : '', quantity: l.quantity, pointsPrice: prod?.pointsPrice ?? null, ...(l.manual ? { manual: l.manual } : {}) };
      }),
    );
    setQuickMode(cart.quickAmountFen !== undefined);
    setQuickText(cart.quickAmountFen !== undefined ? fenToYuan(cart.quickAmountFen) : '');
    setOrderDiscount(cart.orderDiscount);
    setRounding(cart.rounding ?? 'none');
    if (found) attachMember(found, null);
    else if (cart.memberId) void message.warning({ content: t('parked.memberMissing'), key: 'till-parked-member' });
    setCouponCodes(cart.couponCodes ?? []);
    setParkedOpen(false);
    void message.success({ content: t('parked.resumed', { label: taken.label || t('parked.noLabel') }), key: 'till-parked' });
    focusById(cart.quickAmountFen !== undefined ? QUICK_ID : SCAN_ID);
  };

  // ---- 计次消费 -------------------------------------------------------------------------------------------
  const usesAvailable = !!member && !!wallet.data && wallet.data.uses.some((u) => u.balance > 0);
  const openUses = () => {
    if (guardLocked()) return;
    if (!usesAvailable) {
      void message.info({ content: member ? t('uses.none') : t('uses.needMember'), key: 'till-problem' });
      return;
    }
    usesKey.forget();
    setUsesOpen(true);
  };
  const consumeUses = async (items: { serviceProductId: string; uses: number }[]) => {
    if (!member || !wallet.data) return;
    const json = JSON.stringify({ memberId: member.id, items });
    // a retry of the same choice keeps its key: the uses are never taken twice
    const order = await api.post<Order>('/checkout/use-uses', JSON.parse(json), { headers: { 'Idempotency-Key': usesKey.keyFor(json) } });
    usesKey.forget();
    const left: Record<string, number> = {};
    for (const u of wallet.data.uses) left[u.itemId] = u.balance - (items.find((i) => i.serviceProductId === u.itemId)?.uses ?? 0);
    setUsesOpen(false);
    setUsesSlip({ order, member: { name: member.name, cardNo: member.card?.cardNo ?? null }, left });
    void message.success({ content: t('uses.done', { docNo: order.docNo }), key: 'till-uses' });
    void qc.invalidateQueries({ queryKey: [MEMBERS_KEY] });
  };

  // ---- 积分购买 -------------------------------------------------------------------------------------------
  const pointsLines: PointsLine[] = lines.filter((l) => typeof l.pointsPrice === 'number' && l.pointsPrice > 0).map((l) => ({ productId: l.productId, name: l.name, pointsPrice: l.pointsPrice!, quantity: l.quantity }));
  const openPoints = () => {
    if (guardLocked()) return;
    if (!member) {
      void message.info({ content: t('uses.needMember'), key: 'till-problem' });
      focusById(MEMBER_ID);
      return;
    }
    pointsKey.forget();
    setPointsOpen(true);
  };
  const buyWithPoints = async (items: { productId: string; quantity: number }[]) => {
    if (!member) return;
    const json = JSON.stringify({ memberId: member.id, lines: items });
    // a retry of the same choice keeps its key: the points are never taken twice
    const order = await api.post<Order>('/checkout/points-sale', JSON.parse(json), { headers: { 'Idempotency-Key': pointsKey.keyFor(json) } });
    pointsKey.forget();
    // what was bought with points leaves the cart
    const bought = new Map(items.map((i) => [i.productId, i.quantity]));
    const next = lines.map((l) => ({ ...l, quantity: l.quantity - (bought.get(l.productId) ?? 0) })).filter((l) => l.quantity > 0);
    if (next.length !== lines.length || next.some((l, i) => l.quantity !== lines[i]!.quantity)) {
      setLines(next);
      if (!next.some((l) => l.key === selectedKey)) setSelectedKey(next[next.length - 1]?.key ?? null);
    }
    setPointsOpen(false);
    setPointsSlip({ order, member: { name: member.name, cardNo: member.card?.cardNo ?? null } });
    void message.success({ content: t('pointsSale.done', { docNo: order.docNo }), key: 'till-points' });
    // the member panel: the wallet and the quote's balances
    void qc.invalidateQueries({ queryKey: [MEMBERS_KEY] });
    void qc.invalidateQueries({ queryKey: ['/checkout/quote'] });
  };

  // ---- 退货: the sales records, their doc-number box ready for the receipt's number -----------------------
  const openReturns = () => {
    if (uncertain) {
      guardLocked();
      return;
    }
    const go = () => void navigate('/checkout/orders?focus=search');
    if (!done && (lines.length > 0 || quickText.trim())) {
      confirmOpen.current = true;
      modal.confirm({
        title: t('returns.leaveTitle'),
        content: t('returns.leaveContent'),
        okText: t('returns.leaveOk'),
        okButtonProps: { ...{ 'data-testid': 'till-returns-ok' } },
        cancelText: t('common:actions.cancel'),
        onOk: go,
        afterClose: () => {
          confirmOpen.current = false;
        },
      });
      return;
    }
    go();
  };

  const nextCustomer = (code?: string) => {
    setDone(null);
    resetSale();
    setQuickMode(false);
    focusById(SCAN_ID);
    if (code?.trim()) void scan(code);
  };

  // ---- hotkeys: F2 member, F3 count card, F4 quick sale, F6 park, F7 resume, F8 discount, F9 pay, F10 points, F12 return, Esc clear --
  const keys = useRef({ submit, clearSale, toggleQuick, openLineDiscount, nextCustomer, openPark, openParked, openUses, openPoints, openReturns, selectedKey, done, modalOpen: false });
  useEffect(() => {
    keys.current = {
      submit,
      clearSale,
      toggleQuick,
      openLineDiscount,
      nextCustomer,
      openPark,
      openParked,
      openUses,
      openPoints,
      openReturns,
      selectedKey,
      done,
      modalOpen: !!discount || !!search || confirmOpen.current || authOpen || parkOpen || parkedOpen || usesOpen || !!usesSlip || pointsOpen || !!pointsSlip,
    };
  });
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const k = keys.current;
      if (!['F2', 'F3', 'F4', 'F6', 'F7', 'F8', 'F9', 'F10', 'F12', 'Escape'].includes(e.key)) return;
      if (k.modalOpen || confirmOpen.current) return;
      if (e.key !== 'Escape') e.preventDefault();
      if (e.repeat) return;
      if (e.key === 'F2') {
        // the till's own member box, not the header's lookup
        e.stopPropagation();
        if (k.done) k.nextCustomer();
        focusById(MEMBER_ID);
      } else if (e.key === 'F12') {
        // a customer back with a receipt: also from the receipt screen
        k.openReturns();
      } else if (k.done) {
        return;
      } else if (e.key === 'F4') k.toggleQuick();
      else if (e.key === 'F8') k.openLineDiscount(k.selectedKey);
      else if (e.key === 'F3') k.openUses();
      else if (e.key === 'F6') k.openPark();
      else if (e.key === 'F7') k.openParked();
      else if (e.key === 'F9') void k.submit();
      else if (e.key === 'F10') k.openPoints();
      // after this event: a dialog opened while the same Escape is still on its way would close at once
      else if (e.key === 'Escape') setTimeout(() => k.clearSale(), 0);
    };
    window.addEventListener('keydown', onKey, true);
    return () => window.removeEventListener('keydown', onKey, true);
  }, [focusById]);

  const changePaper = (w: PaperWidth) => {
    setPaper(w);
    try {
      localStorage.setItem(PAPER_KEY, String(w));
    } catch {
      /* ignore */
    }
  };

  const hotkey = (k: string) => <Tag style={{ marginInlineStart: 6, marginInlineEnd: 0, fontSize: 11, lineHeight: '16px', padding: '0 4px' }}>{k}</Tag>;

  // ---- receipt ------------------------------------------------------------------------------------------
  if (done) {
    return (
      <PageContainer title={t('title')} subTitle={t('subtitle')}>
        <Result className="no-print" status="success" title={t('done', { total: formatFen(done.order.totalFen) })} style={{ padding: '0 0 12px' }} />
        <Flex className="no-print" justify="center" align="center" gap={12} wrap style={{ marginBottom: 16 }}>
          <Typography.Text>{t('receipt.paper')}</Typography.Text>
          <Segmented<PaperWidth>
            value={paper}
            onChange={changePaper}
            options={[
              { value: 58, label: '58 mm' },
              { value: 80, label: '80 mm' },
            ]}
            data-testid="till-paper"
          />
          {(done.order.payments.find((p) => p.method === 'cash')?.changeFen ?? 0) > 0 ? (
            <Typography.Text style={{ fontSize: 18 }}>
              {t('pay.change')}{' '}
              <Typography.Text strong style={{ fontSize: 22, color: '#d4380d' }} data-testid="till-done-change">
                {formatFen(done.order.payments.find((p) => p.method === 'cash')?.changeFen ?? 0)}
              </Typography.Text>
            </Typography.Text>
          ) : null}
        </Flex>
        <SaleReceipt order={done.order} width={paper} storeName={done.storeName} merchantName={me.merchant.name} member={done.member} />
        <Flex className="no-print" justify="center" gap={12} wrap style={{ marginTop: 20 }}>
          <Button icon={<PrinterOutlined />} onClick={() => window.print()} data-testid="till-print">
            {t('print')}
          </Button>
          <Button icon={<RollbackOutlined />} onClick={openReturns} data-testid="till-returns">
            {t('returns.button')}
            {hotkey('F12')}
          </Button>
          <Button type="primary" icon={<UserSwitchOutlined />} onClick={() => nextCustomer()} data-testid="till-next">
            {t('nextCustomer')}
          </Button>
          <Input
            id={NEXT_ID}
            data-testid={NEXT_ID}
            aria-label={t('nextScanPlaceholder')}
            placeholder={t('nextScanPlaceholder')}
            prefix={<ScanOutlined />}
            autoFocus
            autoComplete="off"
            maxLength={64}
            onPressEnter={(e) => {
              e.preventDefault();
              nextCustomer((e.target as HTMLInputElement).value);
            }}
            style={{ width: 300 }}
          />
        </Flex>
      </PageContainer>
    );
  }

  // ---- entry --------------------------------------------------------------------------------------------
  const totalRow = (label: string, fen: number | undefined, testId: string, negative = true) =>
    fen ? (
      <Flex justify="space-between">
        <Typography.Text type="secondary">{label}</Typography.Text>
        <Typography.Text data-testid={testId} style={{ fontVariantNumeric: 'tabular-nums' }}>
          {formatFen(negative ? -fen : fen)}
        </Typography.Text>
      </Flex>
    ) : null;
  const orderDiscountText = orderDiscount
    ? orderDiscount.kind === 'percent'
      ? t('orderDiscount.percent', { zhe: bpToZhe(orderDiscount.rateBp), reason: orderDiscount.reason })
      : t('orderDiscount.amount', { amount: formatFen(orderDiscount.amountFen), reason: orderDiscount.reason })
    : null;

  return (
    <PageContainer
      title={t('title')}
      subTitle={storeName ? t('subtitleStore', { store: storeName }) : t('subtitle')}
      noCard
      extra={
        <>
          <Button icon={<ThunderboltOutlined />} type={quickMode ? 'primary' : 'default'} onClick={toggleQuick} disabled={locked} data-testid="till-quick-toggle">
            {quickMode ? t('quick.leave') : t('quick.enter')}
            {hotkey('F4')}
          </Button>
          <Button icon={<PauseCircleOutlined />} onClick={openPark} disabled={locked || !cartBody} data-testid="till-park">
            {t('park.button')}
            {hotkey('F6')}
          </Button>
          <Button icon={<ImportOutlined />} onClick={openParked} disabled={locked} data-testid="till-parked">
            {t('parked.button')}
            {hotkey('F7')}
          </Button>
          <Button icon={<RollbackOutlined />} onClick={openReturns} disabled={locked} data-testid="till-returns">
            {t('returns.button')}
            {hotkey('F12')}
          </Button>
          <Button icon={<ClearOutlined />} onClick={clearSale} disabled={locked} data-testid="till-clear">
            {t('clear.button')}
            {hotkey('Esc')}
          </Button>
        </>
      }
    >
      {!storeId ? <Alert type="warning" showIcon title={t('noStore')} style={{ marginBottom: 12 }} data-testid="till-no-store" /> : null}
      <Row gutter={[12, 12]}>
        {/* ---- left: scan box and cart ---- */}
        <Col xs={24} lg={14}>
          <Card size="small" styles={{ body: { padding: 12 } }}>
            {quickMode ? (
              <div data-testid="till-quick">
                <Typography.Title level={5} style={{ marginTop: 0 }}>
                  {t('quick.title')}
                </Typography.Title>
                <Typography.Paragraph type="secondary">{t('quick.hint')}</Typography.Paragraph>
                <Input
                  id={QUICK_ID}
                  data-testid={QUICK_ID}
                  aria-label={t('quick.amount')}
                  placeholder={t('quick.amountPlaceholder')}
                  prefix="¥"
                  size="large"
                  inputMode="decimal"
                  autoComplete="off"
                  maxLength={16}
                  disabled={locked}
                  value={quickText}
                  status={quickText.trim() && quickFen === null ? 'error' : undefined}
                  onChange={(e) => setQuickText(e.target.value)}
                  onPressEnter={(e) => {
                    e.preventDefault();
                    if (quickFen !== null) enterFromPay('');
                  }}
                  style={{ fontSize: 24, maxWidth: 320 }}
                />
                {quickText.trim() && quickFen === null ? (
                  <Typography.Text type="danger" style={{ display: 'block' }}>
                    {t('quick.invalid')}
                  </Typography.Text>
                ) : null}
                {quoteError ? <Alert type="error" showIcon title={quoteError.message} style={{ marginTop: 12 }} data-testid="till-quote-error" /> : null}
              </div>
            ) : (
              <>
                <Space.Compact style={{ width: '100%' }}>
                  <Input
                    id={SCAN_ID}
                    data-testid={SCAN_ID}
                    aria-label={t('scan.label')}
                    placeholder={t('scan.placeholder')}
                    prefix={<ScanOutlined />}
                    size="large"
                    autoFocus
                    autoComplete="off"
                    maxLength={100}
                    value={scanText}
                    readOnly={scanBusy}
                    disabled={locked}
                    status={scanError ? 'error' : undefined}
                    onChange={(e) => {
                      setScanText(e.target.value);
                      if (scanError) setScanError(null);
                    }}
                    onPressEnter={(e) => {
                      e.preventDefault();
                      void scan(scanText);
                    }}
                  />
                  <Button size="large" loading={scanBusy} disabled={locked} onClick={() => void scan(scanText)} data-testid="till-scan-add">
                    {t('scan.add')}
                  </Button>
                </Space.Compact>
                {scanError ? (
                  <Typography.Text type="danger" data-testid="till-scan-error" style={{ display: 'block', marginTop: 4 }}>
                    {scanError}
                  </Typography.Text>
                ) : null}
                {quoteError && lineIndexOfField(quoteError.field) === null && !couponError ? (
                  <Alert type="error" showIcon title={quoteError.message} style={{ marginTop: 8 }} data-testid="till-quote-error" />
                ) : null}
                <Spin spinning={!!cartBody && !quoteCurrent && !quoteError} delay={200}>
                  <div style={{ marginTop: 8 }}>
                    <CartTable
                      lines={lines}
                      priced={pricedLines}
                      selectedKey={selectedKey}
                      lineErrors={lineErrors}
                      disabled={locked}
                      onSelect={setSelectedKey}
                      onQuantity={changeQuantity}
                      onRemove={removeLine}
                      onDiscount={openLineDiscount}
                    />
                  </div>
                </Spin>
                <Flex justify="space-between" align="center" wrap gap={8} style={{ marginTop: 8 }}>
                  <Typography.Text type="secondary" data-testid="till-count">
                    {t('cart.count', { lines: lines.length, items: formatNumber(lines.reduce((s, l) => s + l.quantity, 0)) })}
                  </Typography.Text>
                  <Button size="small" icon={<PercentageOutlined />} disabled={locked || lines.length === 0} onClick={() => openLineDiscount(selectedKey)} data-testid="till-line-discount">
                    {t('cart.discountSelected')}
                    {hotkey('F8')}
                  </Button>
                </Flex>
              </>
            )}
          </Card>
        </Col>

        {/* ---- right: member, totals, payment ---- */}
        <Col xs={24} lg={10}>
          <Flex vertical gap={12} className="till-side">
            <Card size="small" styles={{ body: { padding: 12 } }} data-testid="till-member-panel">
              <Flex gap={8} align="center">
                <Input
                  id={MEMBER_ID}
                  data-testid={MEMBER_ID}
                  aria-label={t('member.label')}
                  placeholder={t('member.placeholder')}
                  prefix={<ScanOutlined />}
                  autoComplete="off"
                  maxLength={64}
                  value={memberText}
                  readOnly={memberBusy}
                  disabled={locked}
                  status={memberError ? 'error' : undefined}
                  suffix={hotkey('F2')}
                  onChange={(e) => setMemberText(e.target.value)}
                  onPressEnter={(e) => {
                    e.preventDefault();
                    void lookupMember(memberText);
                  }}
                />
                <Tooltip title={t('member.walkInHint')}>
                  <Flex gap={4} align="center" style={{ flex: 'none' }}>
                    <Switch
                      size="small"
                      checked={!member}
                      disabled={locked}
                      onChange={(on) => {
                        if (on) walkIn();
                        focusById(on ? SCAN_ID : MEMBER_ID);
                      }}
                      data-testid="till-walk-in"
                      aria-label={t('member.walkIn')}
                    />
                    <Typography.Text>{t('member.walkIn')}</Typography.Text>
                  </Flex>
                </Tooltip>
              </Flex>
              {memberError ? (
                <Typography.Text type="danger" style={{ display: 'block', marginTop: 4 }} data-testid="till-member-error">
                  {memberError}
                </Typography.Text>
              ) : null}
              {member ? (
                <div style={{ marginTop: 8 }}>
                  <Flex justify="space-between" align="center" wrap gap={4}>
                    <Space size={6} wrap>
                      <Typography.Text strong style={{ fontSize: 15 }} data-testid="till-member-name">
                        {member.name}
                      </Typography.Text>
                      {levelName ? (
                        <Tag color="gold" data-testid="till-member-level">
                          {levelName}
                        </Tag>
                      ) : null}
                      <Typography.Text type="secondary">{member.phone ?? ''}</Typography.Text>
                    </Space>
                    <Space size={4}>
                      <Typography.Text code>{member.card?.cardNo ?? t('member.noCard')}</Typography.Text>
                      <CardStatusTag status={member.card?.status ?? null} />
                    </Space>
                  </Flex>
                  <Space size={6} wrap style={{ marginTop: 6 }}>
                    {usesAvailable ? (
                      <Button size="small" icon={<FieldNumberOutlined />} disabled={locked} onClick={openUses} data-testid="till-uses">
                        {t('uses.button')}
                        {hotkey('F3')}
                      </Button>
                    ) : null}
                    <Button size="small" icon={<GiftOutlined />} disabled={locked} onClick={openPoints} data-testid="till-points">
                      {t('pointsSale.button')}
                      {hotkey('F10')}
                    </Button>
                  </Space>
                  {cardBlock ? <Alert type="warning" showIcon title={t(`member.blocks.${cardBlock}`)} style={{ marginTop: 6 }} data-testid="till-card-block" /> : null}
                  {memberFailure ? <Alert type="error" showIcon title={memberFailure} style={{ marginTop: 6 }} data-testid="till-member-failure" /> : null}
                  <Row gutter={8} style={{ marginTop: 6 }} data-testid="till-member-balances">
                    <Col span={6}>
                      <div className="till-stat-label">{t('balances.principal')}</div>
                      <Typography.Text strong data-testid="till-balance-principal">
                        {balances ? formatFen(balances.principalFen) : '—'}
                      </Typography.Text>
                    </Col>
                    <Col span={6}>
                      <div className="till-stat-label">{t('balances.bonus')}</div>
                      <Typography.Text strong data-testid="till-balance-bonus">
                        {balances ? formatFen(balances.bonusFen) : '—'}
                      </Typography.Text>
                    </Col>
                    <Col span={6}>
                      <div className="till-stat-label">{t('balances.points')}</div>
                      <Typography.Text strong data-testid="till-balance-points">
                        {balances ? formatNumber(balances.points) : '—'}
                      </Typography.Text>
                    </Col>
                    <Col span={6}>
                      <div className="till-stat-label">{t('balances.uses')}</div>
                      <Tooltip title={wallet.data?.uses.map((u) => `${u.label} × ${u.balance}`).join('、') || undefined}>
                        <Typography.Text strong data-testid="till-balance-uses">
                          {wallet.data ? formatNumber(wallet.data.uses.reduce((s, u) => s + u.balance, 0)) : '—'}
                        </Typography.Text>
                      </Tooltip>
                    </Col>
                  </Row>
                </div>
              ) : (
                <Typography.Text type="secondary" style={{ display: 'block', marginTop: 6 }} data-testid="till-walk-in-note">
                  {t('member.walkInNote')}
                </Typography.Text>
              )}
            </Card>

            <Card size="small" styles={{ body: { padding: 12 } }} data-testid="till-totals">
              <Flex justify="space-between" align="center" gap={8} wrap>
                <Button size="small" onClick={openOrderDiscount} disabled={locked || !cartBody} data-testid="till-order-discount" type={orderDiscount ? 'primary' : 'default'} ghost={!!orderDiscount}>
                  {t('orderDiscount.button')}
                </Button>
                <Space size={4}>
                  <Typography.Text type="secondary">{t('rounding.label')}</Typography.Text>
                  <Segmented<Rounding>
                    size="small"
                    value={rounding}
                    disabled={locked}
                    onChange={(v) => {
                      setRounding(v);
                      focusEntry();
                    }}
                    options={ROUNDINGS.map((r) => ({ value: r, label: t(`rounding.${r}`) }))}
                    data-testid="till-rounding"
                  />
                </Space>
              </Flex>
              {orderDiscountText ? (
                <Typography.Text type="secondary" style={{ display: 'block', fontSize: 12, marginTop: 4 }} data-testid="till-order-discount-text">
                  {orderDiscountText}
                </Typography.Text>
              ) : null}
              <Divider style={{ margin: '8px 0' }} />
              <CouponPanel
                codes={couponCodes}
                applied={q && quoteCurrent ? q.coupons : []}
                options={member && q?.memberId === member.id ? q.couponOptions : []}
                error={couponError}
                disabled={locked || !cartBody}
                onAdd={addCoupon}
                onRemove={removeCoupon}
              />
              <Divider style={{ margin: '8px 0' }} />
              {q ? (
                <Spin spinning={!quoteCurrent && !quoteError} delay={200}>
                  <Flex justify="space-between">
                    <Typography.Text type="secondary">{t('totals.subtotal')}</Typography.Text>
                    <Typography.Text data-testid="till-subtotal">{formatFen(q.subtotalFen)}</Typography.Text>
                  </Flex>
                  {totalRow(t('totals.member'), q.memberDiscountFen, 'till-member-discount')}
                  {totalRow(t('totals.manual'), q.manualDiscountFen, 'till-manual-discount')}
                  {totalRow(t('totals.order'), q.orderDiscountFen, 'till-order-discount-total')}
                  {totalRow(t('totals.coupon'), q.couponDiscountFen, 'till-coupon-total')}
                  {totalRow(t('totals.rounding'), q.roundingFen, 'till-rounding-total')}
                  <Flex justify="space-between" align="baseline">
                    <Typography.Text strong>{t('totals.total')}</Typography.Text>
                    <span className="till-total-big" data-testid="till-total">
                      {formatFen(q.totalFen)}
                    </span>
                  </Flex>
                  {q.needsAuthorization ? (
                    <Alert
                      type="warning"
                      showIcon
                      icon={<SafetyCertificateOutlined />}
                      style={{ margin: '6px 0' }}
                      title={t('auth.needed', { zhe: bpToZhe(q.lowestManualRateBp) })}
                      data-testid="till-needs-auth"
                    />
                  ) : null}
                  {member ? (
                    <Typography.Text type="secondary" style={{ fontSize: 12 }} data-testid="till-points-estimate">
                      {t('totals.pointsEstimate', { points: formatNumber(q.pointsEstimate) })}
                    </Typography.Text>
                  ) : null}
                </Spin>
              ) : (
                <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={quickMode ? t('problems.quickAmount') : t('problems.empty')} style={{ margin: 0 }} />
              )}
            </Card>

            <Card size="small" styles={{ body: { padding: 12 } }} title={t('pay.title')}>
              <PaymentPanel
                state={pay}
                resolved={resolved}
                totalFen={totalFen}
                member={!!member}
                balances={balances}
                maxPoints={q?.maxPoints ?? 0}
                pointsPerYuan={q?.pointsPerYuan ?? 100}
                disabled={locked || !cartBody}
                errors={payErrors}
                onChange={setPay}
                onEnter={enterFromPay}
              />
              {uncertain ? (
                <Alert
                  type="error"
                  showIcon
                  style={{ marginTop: 10 }}
                  title={t('uncertain')}
                  data-testid="till-uncertain"
                  action={
                    <Button
                      size="small"
                      onClick={() => {
                        discard();
                        setFailure(null);
                      }}
                    >
                      {t('discardUncertain')}
                    </Button>
                  }
                />
              ) : generalFailure ? (
                <Alert type="error" showIcon style={{ marginTop: 10 }} title={generalFailure} data-testid="till-failure" />
              ) : null}
            </Card>
            <div className="till-confirm-bar">
              <ConfirmButton id={CONFIRM_ID} loading={submitting} onConfirm={() => void submit()}>
                {uncertain ? t('retry') : q?.needsAuthorization && quoteCurrent ? t('confirmAuth') : t('confirm')}
                {totalFen !== null ? ` ${formatFen(totalFen)}` : ''}
                {hotkey('F9')}
              </ConfirmButton>
              {problem && !uncertain ? (
                <Typography.Text type="warning" style={{ display: 'block', marginTop: 4 }} data-testid="till-problem">
                  {problem}
                </Typography.Text>
              ) : null}
              <Typography.Text type="secondary" style={{ display: 'block', fontSize: 12, marginTop: 2 }}>
                {t('confirmHint')}
              </Typography.Text>
            </div>
          </Flex>
        </Col>
      </Row>

      <DiscountModal
        target={discount?.target ?? null}
        onApply={applyDiscount}
        onClose={() => {
          setDiscount(null);
          focusEntry();
        }}
      />
      <AuthorizeModal
        open={authOpen}
        rateBp={q?.lowestManualRateBp ?? null}
        totalFen={totalFen}
        onSubmit={(auth) => submit(auth)}
        onClose={() => {
          setAuthOpen(false);
          focusById(CONFIRM_ID);
        }}
      />
      <ParkModal
        open={parkOpen}
        summary={t('park.summary', { count: lines.reduce((n, l) => n + l.quantity, 0), total: totalFen !== null ? formatFen(totalFen) : '—' })}
        onPark={park}
        onClose={() => {
          setParkOpen(false);
          focusEntry();
        }}
      />
      <ParkedListModal
        open={parkedOpen}
        onResume={resume}
        onClose={() => {
          setParkedOpen(false);
          focusEntry();
        }}
      />
      {member && wallet.data ? (
        <UsesModal
          open={usesOpen}
          memberName={member.name}
          uses={wallet.data.uses}
          onConfirm={consumeUses}
          onClose={() => {
            setUsesOpen(false);
            focusEntry();
          }}
        />
      ) : null}
      <UsesSlipModal
        slip={usesSlip}
        paper={paper}
        onPaper={changePaper}
        storeName={storeName}
        merchantName={me.merchant.name}
        onClose={() => {
          setUsesSlip(null);
          focusEntry();
        }}
      />
      {member ? (
        <PointsModal
          open={pointsOpen}
          memberName={member.name}
          balance={balances?.points ?? null}
          initial={pointsLines}
          onConfirm={buyWithPoints}
          onClose={() => {
            setPointsOpen(false);
            focusEntry();
          }}
        />
      ) : null}
      <PointsSlipModal
        slip={pointsSlip}
        paper={paper}
        onPaper={changePaper}
        storeName={storeName}
        merchantName={me.merchant.name}
        onClose={() => {
          setPointsSlip(null);
          focusEntry();
        }}
      />
      <SearchModal
        query={search?.query ?? ''}
        items={search?.items ?? null}
        onPick={(p) => {
          setSearch(null);
          addProduct(p);
          setScanText('');
          focusById(SCAN_ID);
        }}
        onClose={() => {
          setSearch(null);
          focusById(SCAN_ID);
        }}
      />
    </PageContainer>
  );
}

