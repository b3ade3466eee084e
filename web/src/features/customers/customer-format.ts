type Address = {
  province: string | null;
  city: string | null;
  district: string | null;
  addressDetail: string | null;
};

/** Province, city, district and street joined the way Chinese addresses are written. */
export function addressOf(customer: Address, detail: string | null = customer.addressDetail): string {
  const parts = [customer.province, customer.city, customer.district].filter(Boolean);
  // A municipality repeats itself as province and city (北京市北京市); show it once.
  const unique = parts.filter((part, index) => parts.indexOf(part) === index);
  return [...unique, detail].filter(Boolean).join('');
}
