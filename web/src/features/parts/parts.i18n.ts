/** Messages of parts and inventory, merged into the zh-CN and en-US dictionaries (web/src/lib/i18n). */
export const partsZhCN = {
  'parts.nav': '配件库存',
} satisfies Record<string, string>;

export const partsEnUS: Record<keyof typeof partsZhCN, string> = {
  'parts.nav': 'Parts & stock',
};
