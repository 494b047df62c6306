import type { Writer } from '../platform/write';
import type { AccessContext, Actor } from '../platform/context';
import type { MembersService } from '../modules/members/members.service';
import type { MessagesService } from '../modules/messages/messages.service';
import type { OrgService } from '../modules/org/org.service';
import { AppError } from '../kernel/errors';

export const SELF_REGISTRATION_PURPOSE = 'member_register';

export interface SelfRegistrationInput {
  phone: string;
  code: string;
  name?: string;
  gender?: 'male' | 'female' | 'unknown';
  birthday?: string | null;
}

/**
 * A customer scans the store's QR code, confirms their phone with an SMS code and becomes a
 * member of that store. Spans org (which store), messages (the code) and members (the profile).
 */
export class SelfRegistrationFlow {
  constructor(
    private readonly org: OrgService,
    private readonly messages: MessagesService,
    private readonly members: MembersService,
    private readonly writer: Writer,
  ) {}

  store(merchantCode: string, storeId: string) {
    return this.org.publicStore(merchantCode, storeId);
  }

  private actor(store: { merchantId: string; storeId: string }, ip: string): Actor {
    return { merchantId: store.merchantId, staffId: null, staffName: '自助注册', storeId: store.storeId, tillId: null, ip };
  }

  async requestCode(merchantCode: string, storeId: string, phone: string, ip: string) {
    const store = await this.store(merchantCode, storeId);
    return this.writer.run(this.actor(store, ip), (w) =>
      this.messages.requestCode(w, { phone, purpose: SELF_REGISTRATION_PURPOSE, ip, merchantName: store.merchantName }),
    );
  }

  /** Verifies the code first (its own transaction, so wrong attempts count), then registers. */
  async register(merchantCode: string, storeId: string, input: SelfRegistrationInput, ip: string) {
    const store = await this.store(merchantCode, storeId);
    const actor = this.actor(store, ip);
    await this.messages.verifyCode(actor, { phone: input.phone, purpose: SELF_REGISTRATION_PURPOSE, code: input.code });
    // the customer acts on their own record only, in the store whose QR they scanned
    const ctx: AccessContext = { ...actor, staffId: '', isAdmin: false, permissions: new Set(['members.view_phone']), dataScope: 'stores', allowedStoreIds: new Set([store.storeId]), maxDiscountBp: 10_000 };
    return this.writer.run(actor, async (w) => {
      try {
        const member = await this.members.createMember(w, ctx, {
          name: input.name?.trim() || `会员${input.phone.slice(-4)}`,
          phone: input.phone,
          gender: input.gender ?? 'unknown',
          birthday: input.birthday ?? null,
          idNumber: null,
          address: '',
          tags: [],
          referrerId: null,
          homeStoreId: store.storeId,
          notes: '',
          customFields: {},
          channel: 'self',
        });
        return { memberId: member.id, alreadyMember: false, storeName: store.storeName };
      } catch (err) {
        // a verified phone that is already a member: tell them so instead of failing
        if (err instanceof AppError && err.code === 'MEMBER_PHONE_TAKEN') return { memberId: null, alreadyMember: true, storeName: store.storeName };
        throw err;
      }
    });
  }
}
