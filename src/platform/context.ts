/** Who is acting and where: stamped on every audit row and used to scope every query. */
export interface Actor {
  merchantId: string;
  /** null for the system itself (scheduled jobs, first start) */
  staffId: string | null;
  staffName: string;
  storeId: string | null;
  tillId: string | null;
  ip: string;
}

/** An authenticated staff member's rights, resolved from the session on every request. */
export interface AccessContext extends Actor {
  staffId: string;
  isAdmin: boolean;
  permissions: ReadonlySet<string>;
  /** how the role's store scope is defined (all / regions / stores / own_store) */
  dataScope: 'all' | 'regions' | 'stores' | 'own_store';
  /** stores the role's data scope allows; null means every store of the merchant */
  allowedStoreIds: ReadonlySet<string> | null;
  /** the deepest manual discount the role may give at the till (9000 = down to 9折); null = any */
  maxDiscountBp: number | null;
}

export function systemActor(merchantId: string): Actor {
  return { merchantId, staffId: null, staffName: 'system', storeId: null, tillId: null, ip: '' };
}
