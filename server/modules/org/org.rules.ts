/**
 * ORG-2: a department's document code is the upper-case pinyin initials of the first two characters
 * of its name (营销中心 → YX, 行业应用部 → HY). Used as a suggestion; the stored code is editable.
 */
import { pinyin } from 'pinyin-pro';

export function suggestDepartmentCode(name: string): string {
  const chinese = name.replace(/[^\u4e00-\u9fff]/g, '');
  if (chinese.length >= 2) {
    const initials = pinyin(chinese.slice(0, 2), { pattern: 'first', toneType: 'none', type: 'array' });
    return initials
      .join('')
      .toUpperCase()
      .replace(/[^A-Z]/g, '');
  }
  return name
    .replace(/[^A-Za-z]/g, '')
    .slice(0, 2)
    .toUpperCase();
}
