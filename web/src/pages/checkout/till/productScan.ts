import { api, isApiError, type Paged } from '../../../app/api';
import type { Product } from './checkout';

/** What the till's scan boxes read a code as: the product with this barcode (or code), else the active products by name. */
export async function findScanned(code: string): Promise<{ product: Product } | { byName: Product[] }> {
  if (code.length <= 64) {
    try {
      return { product: await api.get<Product>(`/products/barcode/${encodeURIComponent(code)}`) };
    } catch (e) {
      if (!(isApiError(e) && e.status === 404)) throw e;
    }
  }
  const list = await api.get<Paged<Product>>('/products', { q: code.slice(0, 64), status: 'active', pageSize: 30 });
  return { byName: list.items };
}
