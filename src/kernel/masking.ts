/** Personal numbers as staff without `members.view_phone` see them (PIPL): 138****5678. */
export function maskPhone(phone: string | null): string | null {
  return phone && phone.length >= 7 ? `${phone.slice(0, 3)}****${phone.slice(-4)}` : phone;
}

export function maskIdNumber(id: string | null): string | null {
  return id && id.length > 7 ? `${id.slice(0, 3)}${'*'.repeat(id.length - 7)}${id.slice(-4)}` : id;
}
