/** Member and card shapes as the API returns them (src/modules/members/members.schemas.ts). */
export type CardStatus = 'active' | 'lost' | 'frozen' | 'expired' | 'replaced' | 'cancelled';

export interface MemberCard {
  id: string;
  memberId: string;
  cardNo: string;
  cardTypeId: string;
  status: CardStatus;
  issuedAt: string;
  expiresAt: string | null;
  replacedById: string | null;
  statusReason: string;
}

export type Gender = 'male' | 'female' | 'unknown';

export interface Member {
  id: string;
  name: string;
  /** masked (138****5678) for viewers without members.view_phone */
  phone: string | null;
  masked: boolean;
  gender: Gender;
  birthday: string | null;
  idNumber: string | null;
  address: string;
  tags: string[];
  referrerId: string | null;
  homeStoreId: string;
  notes: string;
  channel: 'till' | 'backoffice' | 'self' | 'import';
  levelId: string | null;
  manualLevelId: string | null;
  lifetimeSpendFen: number;
  lifetimePoints: number;
  lifetimeTopupFen: number;
  lastVisitAt: string | null;
  customFields: Record<string, unknown>;
  hasPhoto: boolean;
  status: 'active' | 'erased';
  createdAt: string;
  updatedAt: string;
  card: MemberCard | null;
}

export type CardBlock = 'CARD_LOST' | 'CARD_FROZEN' | 'CARD_EXPIRED' | 'CARD_INACTIVE';

/** Query key prefix of everything about members (list, detail, cards). */
export const MEMBERS_KEY = '/members';
