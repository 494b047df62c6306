import { idParams, type App } from '../platform/route-types';
import { accessOf } from '../platform/http';
import {
  annualFeeDto,
  annualFeePayInput,
  cardRefundDto,
  cardRefundInput,
  cardRefundPreview,
  pointsAdjustInput,
  pointsAdjustResult,
  reasonBody,
  statementPage,
  statementQuery,
  topupDto,
  topupInput,
  topupListQuery,
  topupPage,
  topupPreview,
  topupPreviewInput,
  transferDto,
  transferInput,
  transferPreview,
  transferPreviewInput,
  walletDto,
} from '../modules/wallet/wallet.schemas';
import type { MemberWalletFlow } from './member-wallet';
import type { TopupFlow } from './topup';

export function walletFlowRoutes(app: App, topups: TopupFlow, memberWallet: MemberWalletFlow): void {
  const tags = ['wallet'];

  // ---- top-ups ----
  app.post('/api/topups/preview', { config: { permission: 'wallet.topup' }, schema: { tags, summary: 'What a top-up would credit: rule, bonus, points, installments, approval, quotas (writes nothing)', body: topupPreviewInput, response: { 200: topupPreview } } }, async (req) =>
    topups.preview(accessOf(req), req.body),
  );
  app.post('/api/topups', { config: { permission: 'wallet.topup' }, schema: { tags, summary: 'Top up (充值) at the current store; large amounts wait for approval', body: topupInput, response: { 201: topupDto } } }, async (req, reply) =>
    reply.code(201).send(await req.write((w) => topups.create(w, accessOf(req), req.body), { status: 201 })),
  );
  app.get('/api/topups', { config: { permission: 'wallet.view' }, schema: { tags, summary: 'Top-ups in the caller’s stores (newest first unless order=asc)', querystring: topupListQuery, response: { 200: topupPage } } }, async (req) =>
    topups.list(accessOf(req), req.query),
  );
  app.get('/api/topups/:id', { config: { permission: 'wallet.view' }, schema: { tags, summary: 'One top-up, as printed on its receipt', params: idParams, response: { 200: topupDto } } }, async (req) =>
    topups.get(accessOf(req), req.params.id),
  );
  app.post('/api/topups/:id/approve', { config: { permission: 'wallet.approve_large_topup' }, schema: { tags, summary: 'Approve a large top-up (a second staff member); credits it', params: idParams, response: { 200: topupDto } } }, async (req) =>
    req.write((w) => topups.approve(w, accessOf(req), req.params.id)),
  );
  app.post('/api/topups/:id/reject', { config: { permission: 'wallet.approve_large_topup' }, schema: { tags, summary: 'Reject a top-up waiting for approval', params: idParams, body: reasonBody, response: { 200: topupDto } } }, async (req) =>
    req.write((w) => topups.reject(w, accessOf(req), req.params.id, req.body.reason)),
  );
  app.post('/api/topups/:id/restore', { config: { permission: 'wallet.topup.void' }, schema: { tags, summary: 'Restore (恢复) a voided top-up: credited again', params: idParams, body: reasonBody, response: { 200: topupDto } } }, async (req) =>
    req.write((w) => topups.restore(w, accessOf(req), req.params.id, req.body.reason)),
  );
  app.post('/api/topups/:id/void', { config: { permission: 'wallet.topup.void' }, schema: { tags, summary: 'Void (撤销) a top-up while nothing of it is spent', params: idParams, body: reasonBody, response: { 200: topupDto } } }, async (req) =>
    req.write((w) => topups.void(w, accessOf(req), req.params.id, req.body.reason)),
  );

  // ---- a member's wallet ----
  app.get('/api/members/:id/wallet', { config: { permission: 'wallet.view' }, schema: { tags, summary: 'Balances: principal, bonus, points (with expiries), uses, installments, annual fees', params: idParams, response: { 200: walletDto } } }, async (req) =>
    memberWallet.view(accessOf(req), req.params.id),
  );
  app.get('/api/members/:id/ledger', { config: { permission: 'wallet.view' }, schema: { tags, summary: 'Statement: every ledger entry of the member with its document', params: idParams, querystring: statementQuery, response: { 200: statementPage } } }, async (req) => {
    const { page, pageSize, order, ...filter } = req.query;
    return memberWallet.statement(accessOf(req), req.params.id, filter, { page, pageSize, order });
  });
  app.post('/api/members/:id/points/adjust', { config: { permission: 'points.adjust' }, schema: { tags, summary: 'Add or deduct points by hand, with a reason', params: idParams, body: pointsAdjustInput, response: { 200: pointsAdjustResult } } }, async (req) =>
    req.write((w) => memberWallet.adjustPoints(w, accessOf(req), req.params.id, req.body.delta, req.body.reason)),
  );
  app.post('/api/wallet/transfers/preview', { config: { permission: 'wallet.transfer' }, schema: { tags, summary: 'Both members’ balances before and after a transfer (writes nothing)', body: transferPreviewInput, response: { 200: transferPreview } } }, async (req) =>
    memberWallet.transferPreview(accessOf(req), req.body),
  );
  app.post('/api/wallet/transfers', { config: { permission: 'wallet.transfer' }, schema: { tags, summary: 'Transfer stored value (principal and bonus apart) or points to another member (会员卡转账)', body: transferInput, response: { 201: transferDto } } }, async (req, reply) =>
    reply.code(201).send(await req.write((w) => memberWallet.transfer(w, accessOf(req), req.body), { status: 201 })),
  );
  app.get('/api/members/:id/card-refund/preview', { config: { permission: 'wallet.card_refund' }, schema: { tags, summary: 'What cancelling the card would refund and forfeit', params: idParams, response: { 200: cardRefundPreview } } }, async (req) => {
    const { cardId: _cardId, ...preview } = await memberWallet.cardRefundPreview(accessOf(req), req.params.id);
    return preview;
  });
  app.post('/api/members/:id/card-refund', { config: { permission: 'wallet.card_refund' }, schema: { tags, summary: 'Cancel the card (退卡): refund the principal, forfeit the bonus', params: idParams, body: cardRefundInput, response: { 200: cardRefundDto } } }, async (req) =>
    req.write((w) => memberWallet.cardRefund(w, accessOf(req), req.params.id, req.body)),
  );
  app.post('/api/annual-fees/:id/pay', { config: { permission: 'wallet.annual_fee' }, schema: { tags, summary: 'Pay a due annual fee from stored value or by a tender', params: idParams, body: annualFeePayInput, response: { 200: annualFeeDto } } }, async (req) =>
    req.write((w) => memberWallet.payAnnualFee(w, accessOf(req), req.params.id, req.body)),
  );
  app.post('/api/annual-fees/:id/waive', { config: { permission: 'wallet.annual_fee' }, schema: { tags, summary: 'Waive a due annual fee', params: idParams, body: reasonBody, response: { 200: annualFeeDto } } }, async (req) =>
    req.write((w) => memberWallet.waiveAnnualFee(w, accessOf(req), req.params.id, req.body.reason)),
  );
}
