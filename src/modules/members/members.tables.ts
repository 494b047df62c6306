export type LevelBasis = 'spend' | 'points' | 'topup';
export type Gender = 'male' | 'female' | 'unknown';
export type MemberChannel = 'till' | 'backoffice' | 'self' | 'import';
export type MemberStatus = 'active' | 'erased';
export type ValidityKind = 'permanent' | 'days' | 'month' | 'quarter' | 'year';
export type AnnualFeeMode = 'none' | 'deduct' | 'block';
/** active, lost, frozen and expired cards are the member's current card; replaced and cancelled are history */
export type CardStatus = 'active' | 'lost' | 'frozen' | 'expired' | 'replaced' | 'cancelled';

/** Per-merchant membership programme settings. */
export interface MemberProgramsTable {
  merchant_id: string;
  level_basis: LevelBasis;
  updated_at: string;
}

export interface MemberLevelsTable {
  merchant_id: string;
  id: string;
  code: string;
  name: string;
  /** order of the ladder: higher rank = better level */
  rank: number;
  discount_bp: number;
  points_multiplier_bp: number;
  /** fen for spend/top-up bases, points for the points basis */
  upgrade_threshold: number;
  /** 12-month spend (fen) needed to keep the level; null = never downgraded */
  keep_threshold_fen: number | null;
  created_at: string;
  updated_at: string;
}

export interface CardTypesTable {
  merchant_id: string;
  id: string;
  code: string;
  name: string;
  validity_kind: ValidityKind;
  /** days for the 'days' kind */
  validity_days: number | null;
  card_fee_fen: number;
  opening_fee_fen: number;
  annual_fee_fen: number;
  annual_fee_mode: AnnualFeeMode;
  starting_level_id: string | null;
  status: 'active' | 'archived';
  created_at: string;
  updated_at: string;
}

export interface MembersTable {
  merchant_id: string;
  id: string;
  name: string;
  /** null once erased (PIPL) */
  phone: string | null;
  phone_last4: string | null;
  gender: Gender;
  birthday: string | null;
  /** 'MM-DD' of the birthday, for birthday lists and filters */
  birth_md: string | null;
  id_number: string | null;
  address: string;
  referrer_id: string | null;
  home_store_id: string;
  notes: string;
  channel: MemberChannel;
  level_id: string | null;
  /** a level set by hand is a floor: automatic evaluation never goes below it */
  manual_level_id: string | null;
  lifetime_spend_fen: number;
  lifetime_points: number;
  lifetime_topup_fen: number;
  last_visit_at: string | null;
  /** JSON of custom field values */
  custom_fields: string;
  has_photo: number;
  status: MemberStatus;
  created_at: string;
  updated_at: string;
}

export interface MemberTagsTable {
  merchant_id: string;
  member_id: string;
  tag: string;
}

export interface MemberPhotosTable {
  merchant_id: string;
  member_id: string;
  content_type: string;
  data: Buffer;
  updated_at: string;
}

export interface MemberCardsTable {
  merchant_id: string;
  id: string;
  member_id: string;
  /** unique for ever within the merchant: a replaced number never works again */
  card_no: string;
  card_type_id: string;
  status: CardStatus;
  issued_at: string;
  expires_at: string | null;
  replaced_by_id: string | null;
  status_reason: string;
  created_at: string;
  updated_at: string;
}

export interface MembersTables {
  member_programs: MemberProgramsTable;
  member_levels: MemberLevelsTable;
  card_types: CardTypesTable;
  members: MembersTable;
  member_tags: MemberTagsTable;
  member_photos: MemberPhotosTable;
  member_cards: MemberCardsTable;
}
