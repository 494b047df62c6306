// The whole database as Kysely sees it: each module owns and declares its own tables.
import type { CatalogTables } from '../modules/catalog/catalog.tables';
import type { CouponsTables } from '../modules/coupons/coupons.tables';
import type { FieldsTables } from '../modules/fields/fields.tables';
import type { GiftsTables } from '../modules/gifts/gifts.tables';
import type { MembersTables } from '../modules/members/members.tables';
import type { MemberImportTables } from '../modules/members/import/import.tables';
import type { MessagesTables } from '../modules/messages/messages.tables';
import type { OrgTables } from '../modules/org/org.tables';
import type { StaffTables } from '../modules/staff/staff.tables';
import type { OrdersTables } from '../modules/orders/orders.tables';
import type { WalletTables } from '../modules/wallet/wallet.tables';
import type { PlatformTables } from '../platform/platform.tables';

export interface Database extends OrgTables, StaffTables, PlatformTables, FieldsTables, MembersTables, MemberImportTables, MessagesTables, WalletTables, CatalogTables, OrdersTables, CouponsTables, GiftsTables {}
